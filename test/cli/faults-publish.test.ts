import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProcessAlive } from '../../runtime/io/staging.ts';
import { fixturePlugin } from '../runtime/plugins/support/fixtures.ts';
import { twoDatasets } from '../support/fixtures.ts';
import { otherFileSystem, type OtherFileSystem } from '../support/other-file-system.ts';
import { writeUpdFile } from '../support/upd-file.ts';
import { runBin } from './support/run-bin.ts';
import { spawnBin } from './support/spawn-bin.ts';

// The temp folder (TMPDIR) on another file system than --out: publishing copies, and a kill
// in the middle of that copy must leave nothing under the final name.

let root: string;
let upd: string;
let other: OtherFileSystem | undefined;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'idah-cli-publish-'));
  upd = await writeUpdFile(root, 'data.upd', twoDatasets(6, 2));
  other = otherFileSystem(1024);
});
afterAll(async () => {
  other?.remove();
  await rm(root, { recursive: true, force: true });
});

const ours = async (folder: string) => (await readdir(folder).catch(() => [] as string[])).filter((name) => !name.startsWith('tsx-'));

async function freshTemp(name: string): Promise<string> {
  const folder = join(other!.path, name);
  await mkdir(folder);
  return folder;
}

/** Waits for the hidden partial of a publish in `out` and returns the pid that writes it. */
function partialWriter(out: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      let names: string[] = [];
      try {
        names = readdirSync(out);
      } catch {
        // not made yet
      }
      const partial = names.find((name) => name.startsWith('.idah-partial-'));
      if (partial) {
        clearInterval(timer);
        resolve(Number(partial.split('-')[2]));
      } else if (Date.now() - started > 120_000) {
        clearInterval(timer);
        reject(new Error(`no partial file appeared in ${out}`));
      }
    }, 2);
  });
}

describe('publishing across file systems', () => {
  it('demo with TMPDIR on another file system publishes (no EXDEV)', async ({ skip }) => {
    if (!other) return skip('no second file system can be made here');
    const temp = await freshTemp('demo');
    const cwd = await mkdtemp(join(root, 'demo-'));
    const run = await runBin(['demo', '--out', 'out'], { cwd, env: { TMPDIR: temp } });
    expect(run.stderr).not.toMatch(/EXDEV/);
    expect(run.exitCode).toBe(0);
    expect(await readdir(join(cwd, 'out'))).toHaveLength(1);
    expect(await ours(temp)).toEqual([]);
  }, 120_000);

  it('SIGKILL to every process during the copy leaves nothing under the final name; the next run sweeps the partial', async ({ skip }) => {
    if (!other) return skip('no second file system can be made here');
    const temp = await freshTemp('kill-all');
    const out = join(root, 'out-kill-all');
    const cli = spawnBin(['export', 'fault-big-output', '--source', upd, '--plugins', fixturePlugin('fault-big-output'), '--option', 'size_mb=400', '--out', out], {
      cwd: root,
      env: { TMPDIR: temp },
    });
    const writer = await partialWriter(out);
    process.kill(writer, 'SIGKILL');
    cli.process.kill('SIGKILL');
    await cli.exited;
    const left = await readdir(out);
    expect(left.filter((name) => !name.startsWith('.'))).toEqual([]);
    const next = await runBin(['export', 'json', '--source', upd, '--out', out], { cwd: root, env: { TMPDIR: temp } });
    expect(next.exitCode).toBe(0);
    const after = await readdir(out);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatch(/^json-.*\.json$/);
  }, 180_000);

  it('SIGKILL to the export process alone during the copy: exit 1, and the CLI removes the partial', async ({ skip }) => {
    if (!other) return skip('no second file system can be made here');
    const temp = await freshTemp('kill-child');
    const out = join(root, 'out-kill-child');
    const cli = spawnBin(['export', 'fault-big-output', '--source', upd, '--plugins', fixturePlugin('fault-big-output'), '--option', 'size_mb=400', '--out', out], {
      cwd: root,
      env: { TMPDIR: temp },
    });
    const writer = await partialWriter(out);
    process.kill(writer, 'SIGKILL');
    const { code } = await cli.exited;
    expect(code).toBe(1);
    expect(cli.stderr()).toMatch(/killed by SIGKILL while exporting/);
    expect(await readdir(out)).toEqual([]);
    expect(await ours(temp)).toEqual([]);
    expect(isProcessAlive(writer)).toBe(false);
  }, 180_000);
});
