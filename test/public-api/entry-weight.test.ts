// Loading an entry point loads no heavy library: DuckDB, the zip writer, the SQL drivers, the S3
// SDK, the HTTP server and vitest load where they are used, so a plugin (and `formats`, which
// loads every plugin) does not pay for them.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const recorder = fileURLToPath(new URL('../cli/support/record-imports.mjs', import.meta.url));
const HEAVY = /\/node_modules\/(@duckdb|archiver|pg|better-sqlite3|@aws-sdk|hono|@hono|vitest|jose|pngjs|jpeg-js|handlebars)\//;

const scratch = await mkdtemp(join(tmpdir(), 'idah-entry-weight-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));

/** Every module URL a fresh Node (with tsx, as a checkout runs) resolves to load `entry`. */
async function modulesLoadedBy(entry: string): Promise<string[]> {
  const out = join(scratch, `${entry.replaceAll('/', '_')}.txt`);
  const url = pathToFileURL(join(root, entry)).href;
  await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx/esm', '--import', recorder, '--input-type=module', '-e', `await import(${JSON.stringify(url)});`],
    { cwd: root, env: { ...process.env, IDAH_RECORD_IMPORTS: out } },
  );
  return [...new Set((await readFile(out, 'utf8')).split('\n').filter(Boolean))].sort();
}

describe('what an entry point loads', { timeout: 120_000 }, () => {
  it.each(['runtime/index.ts', 'runtime/host.ts'])('%s loads no heavy library', async (entry) => {
    const loaded = await modulesLoadedBy(entry);
    // The recorder saw the entry's own imports (zod is one), so an empty list would mean it saw nothing.
    expect(loaded.some((url) => url.includes('/node_modules/zod/'))).toBe(true);
    expect(loaded.filter((url) => HEAVY.test(url))).toEqual([]);
  });
});
