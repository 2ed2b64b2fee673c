// One UPD write in its own process: `entries` x `annotations` synthetic records through UpdWriter.
// Usage: measure-upd-writer.ts <target.upd> <entries> <annotations-per-entry>. Prints one JSON line.
import { syntheticUpd } from './synthetic-upd.ts';

const [target, entries, perEntry] = process.argv.slice(2);
if (!target || !entries || !perEntry) throw new Error('usage: measure-upd-writer.ts <target.upd> <entries> <annotations-per-entry>');
const cpuBefore = process.cpuUsage();
const started = performance.now();
await syntheticUpd(target, { entries: Number(entries), annotationsPerEntry: Number(perEntry) });
const wallMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
process.stdout.write(`${JSON.stringify({ wall_ms: wallMs, cpu_ms: (cpu.user + cpu.system) / 1000, rss_peak: process.resourceUsage().maxRSS * 1024 })}\n`);
