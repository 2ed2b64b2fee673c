// The UPD writer's floor: DuckDB itself copying the same rows into the same schema with
// `INSERT ... SELECT` (constraints checked, indexes built, checkpointed), nothing crossing into JS.
// Usage: measure-upd-insert.ts <source.upd> <target.upd>. Prints one JSON line.
import { DuckDBInstance } from '@duckdb/node-api';
import { createUpdIndexes, createUpdTables } from '../runtime/upd/create-schema.ts';

const [source, target] = process.argv.slice(2);
if (!source || !target) throw new Error('usage: measure-upd-insert.ts <source.upd> <target.upd>');
const cpuBefore = process.cpuUsage();
const started = performance.now();
const instance = await DuckDBInstance.create(target);
const connection = await instance.connect();
await createUpdTables(connection, { builtBy: 'idah-plugin bench' });
await connection.run(`ATTACH '${source.replaceAll("'", "''")}' AS source (READ_ONLY)`);
for (const table of ['datasets', 'medias', 'entries', 'annotations']) await connection.run(`INSERT INTO ${table} SELECT * FROM source.${table}`);
await connection.run('DETACH source');
await createUpdIndexes(connection);
await connection.run('CHECKPOINT');
connection.closeSync();
instance.closeSync();
const wallMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
process.stdout.write(`${JSON.stringify({ wall_ms: wallMs, cpu_ms: (cpu.user + cpu.system) / 1000, rss_peak: process.resourceUsage().maxRSS * 1024 })}\n`);
