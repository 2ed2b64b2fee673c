import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoDatasets } from '../support/fixtures.ts';
import { writeUpdFile } from '../support/upd-file.ts';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const recorder = fileURLToPath(new URL('./support/record-imports.mjs', import.meta.url));

let workDir: string;
beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'idah-startup-imports-'));
});
afterAll(() => rm(workDir, { recursive: true, force: true }));

/**
 * Runs the real `bin/idah-plugin.js` and returns every module URL the process resolved; with
 * `children`, the recorder goes in NODE_OPTIONS, so the processes it starts are recorded too.
 */
async function modulesLoadedBy(args: string[], { children = false } = {}): Promise<string[]> {
  const file = join(workDir, `${args.join('_').replace(/[^a-z0-9_-]/gi, '')}${children ? '-children' : ''}.txt`);
  const recording = children ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${recorder}`.trim() } : {};
  await run(process.execPath, [...(children ? [] : ['--import', recorder]), join(repoRoot, 'bin/idah-plugin.js'), ...args], {
    cwd: workDir,
    env: { ...process.env, ...recording, IDAH_RECORD_IMPORTS: file, NO_COLOR: '1' },
    timeout: 120_000,
  });
  return (await readFile(file, 'utf8')).split('\n').filter(Boolean);
}

const heavy = [/@duckdb\//, /\/vitest\//, /\/runtime\/index\.(ts|js)$/, /\/@aws-sdk\//];
const heavyIn = (urls: string[]) => urls.filter((url) => heavy.some((pattern) => pattern.test(url)));

describe('start-up loads only what the command needs', () => {
  it('records what a command loads (the recorder sees the command modules)', async () => {
    const urls = await modulesLoadedBy(['create', '--help']);
    expect(urls.some((url) => url.includes('/cli/commands/create.'))).toBe(true);
  }, 120_000);

  it.each([['--version'], ['--help'], ['help']])('`%s` loads no command module and nothing heavy', async (flag) => {
    const urls = await modulesLoadedBy([flag]);
    expect(urls.some((url) => url.includes('/cli/main.'))).toBe(true);
    expect(heavyIn(urls)).toEqual([]);
    expect(urls.filter((url) => /\/cli\/commands\/(?!index\.)/.test(url))).toEqual([]);
  }, 120_000);

  it('`create --help` loads neither DuckDB nor vitest nor the export runtime', async () => {
    expect(heavyIn(await modulesLoadedBy(['create', '--help']))).toEqual([]);
  }, 120_000);

  it('`formats` loads neither DuckDB nor the zip writer, in the CLI or in the process that loads the plugins', async () => {
    const urls = await modulesLoadedBy(['formats', '--json'], { children: true });
    // The plugins' own modules are in the list: the recorder followed the listing process too.
    expect(urls.some((url) => /\/plugins\/coco\/backends\/sync\/coco\//.test(url))).toBe(true);
    expect(urls.filter((url) => /\/node_modules\/(@duckdb|archiver)\//.test(url))).toEqual([]);
  }, 120_000);

  it('`export` starts its export process without loading the sources, the plugin loader or zod itself', async () => {
    const upd = await writeUpdFile(workDir, 'data.upd', twoDatasets());
    const urls = await modulesLoadedBy(['export', 'Json::JsonExport', '--source', upd, '--out', join(workDir, 'export-out'), '--json']);
    // The export ran (its process loaded all that): this is the CLI's own list.
    expect(urls.some((url) => url.includes('/runtime/isolation/run-export-isolated.'))).toBe(true);
    const early = [...heavy, /\/node_modules\/zod\//, /\/runtime\/host\.(ts|js)$/, /\/runtime\/sources\/upd\//, /\/runtime\/plugins\/load-plugins\./];
    expect(urls.filter((url) => early.some((pattern) => pattern.test(url)))).toEqual([]);
  }, 120_000);

  it('`formats` does not load vitest', async () => {
    const urls = await modulesLoadedBy(['formats', '--json']);
    expect(urls.filter((url) => /\/vitest\//.test(url))).toEqual([]);
  }, 120_000);
});
