import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoDatasets } from '../support/fixtures.ts';
import { writeUpdFile } from '../support/upd-file.ts';
import { BIN, runBin } from './support/run-bin.ts';

const NOBODY = 65534;
let work: string;
let upd: string;
/** The temp folder the CLI runs with: whatever a run leaves there is found. */
let cliTemp: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'idah-out-checks-'));
  await chmod(work, 0o755);
  upd = await writeUpdFile(work, 'data.upd', twoDatasets(6, 2));
  await chmod(upd, 0o644);
  cliTemp = join(work, 'cli-temp');
  await mkdir(cliTemp, { mode: 0o777 });
  await chmod(cliTemp, 0o777);
});

afterAll(() => rm(work, { recursive: true, force: true }));

/** `export json --out <out>` as a separate process; `asNobody` runs it as an unprivileged user when this is root. */
async function exportTo(out: string, command = 'export', asNobody = false) {
  const args = command === 'export' ? ['export', 'json', '--source', upd, '--out', out] : ['demo', '--source', join(work, 'demo.upd'), '--out', out];
  const env = { TMPDIR: cliTemp, HOME: work };
  if (!asNobody || process.getuid?.() !== 0) return runBin(args, { cwd: work, env });
  return new Promise<{ exitCode: number; stdout: string; stderr: string }>((resolve) => {
    try {
      const stdout = execFileSync('setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, BIN, ...args], {
        cwd: work,
        env: { ...process.env, ...env, NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      resolve({ exitCode: 0, stdout: String(stdout), stderr: '' });
    } catch (error) {
      const failed = error as { status: number; stdout: Buffer; stderr: Buffer };
      resolve({ exitCode: failed.status, stdout: String(failed.stdout), stderr: String(failed.stderr) });
    }
  });
}

/** What a run left in its temp folder, but tsx's compile cache (tsx-<uid>), which is meant to stay. */
const leftInTemp = async () => (await readdir(cliTemp)).filter((name) => !/^tsx-\d+$/.test(name));

/** A refused --out: exit 2 at once, a message naming the flag, no data read (no progress bar), nothing left in temp. */
async function expectRefused(run: { exitCode: number; stderr: string }, message: RegExp) {
  expect(run.stderr).toMatch(message);
  expect(run.stderr).toMatch(/^error: --out: expected a folder/m);
  expect(run.stderr).not.toMatch(/JSON:|COCO:|E[A-Z]+: /);
  expect(run.exitCode).toBe(2);
  expect(await leftInTemp()).toEqual([]);
}

describe('export --out is checked before any data is read', () => {
  it('a file is refused', async () => {
    const file = join(work, 'taken.json');
    await writeFile(file, '{}');
    await expectRefused(await exportTo(file), /which is a file/);
    await expectRefused(await exportTo(join(file, 'inside')), /is a file, so no folder can be made there/);
  }, 60_000);

  it('paths under /proc and /sys are refused, without a loop', async () => {
    await expectRefused(await exportTo('/proc/idah-nothing'), /under \/proc/);
    await expectRefused(await exportTo('/proc/self'), /under \/proc/);
    await expectRefused(await exportTo('/sys/idah-nothing'), /under \/sys/);
  }, 90_000);

  it('a read-only file system is refused', async () => {
    const mountPoint = join(work, 'read-only');
    await mkdir(mountPoint);
    // Needs root (this suite's CI runs as root): a test that cannot mount fails, it does not skip.
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', mountPoint]);
    try {
      await expectRefused(await exportTo(join(mountPoint, 'exports')), /read-only file system/);
      await expectRefused(await exportTo(mountPoint), /read-only file system/);
    } finally {
      execFileSync('umount', ['-l', mountPoint]);
    }
  }, 60_000);

  it('a folder the user cannot write is refused (checked as an unprivileged user: root writes anywhere)', async () => {
    const locked = join(work, 'locked');
    await mkdir(locked, { mode: 0o555 });
    await chmod(locked, 0o555);
    const run = await exportTo(join(locked, 'exports'), 'export', true);
    await expectRefused(run, /not writable by this user/);
  }, 60_000);

  it('demo --out gets the same check, before the demo file is made', async () => {
    await expectRefused(await exportTo('/proc/idah-nothing', 'demo'), /under \/proc/);
    expect(await readdir(work)).not.toContain('demo.upd');
  }, 60_000);

  it('a folder that does not exist yet is fine: it is made when the output is published', async () => {
    const run = await exportTo(join(work, 'new', 'exports'));
    expect(run.exitCode).toBe(0);
    expect(await readdir(join(work, 'new', 'exports'))).toHaveLength(1);
    expect(await leftInTemp()).toEqual([]);
  }, 60_000);
});
