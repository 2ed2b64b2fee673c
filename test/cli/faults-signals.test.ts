import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isProcessAlive } from '../../runtime/io/staging.ts';
import { fixturePlugin } from '../runtime/plugins/support/fixtures.ts';
import { twoDatasets } from '../support/fixtures.ts';
import { writeUpdFile } from '../support/upd-file.ts';
import { spawnBin } from './support/spawn-bin.ts';

// Real processes and real signals: the CLI (and the launcher in front of it, as npx would be)
// runs an exporter that never returns, and each signal must end it promptly, cleanly and honestly.

let root: string;
let upd: string;
let temp: string;
let out: string;
let caseNumber = 0;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'idah-cli-faults-'));
  upd = await writeUpdFile(root, 'data.upd', twoDatasets(6, 2));
});
afterAll(() => rm(root, { recursive: true, force: true }));
beforeEach(async () => {
  caseNumber += 1;
  temp = join(root, `tmp-${caseNumber}`);
  out = join(root, `out-${caseNumber}`);
  await mkdir(temp);
});

const ours = async (folder: string) => (await readdir(folder).catch(() => [] as string[])).filter((name) => !name.startsWith('tsx-'));

function startExport(plugin: string, viaLauncher = false) {
  return spawnBin(['export', plugin, '--source', upd, '--plugins', fixturePlugin(plugin), '--out', out], {
    cwd: root,
    env: { TMPDIR: temp },
    viaLauncher,
  });
}

/** The pid of the export's child process, read from the staging folder it names itself by. */
async function exportChildPid(): Promise<number> {
  let pid = 0;
  await expect
    .poll(async () => {
      const staging = (await ours(temp)).find((name) => name.startsWith('idah-export-'));
      pid = Number(staging?.split('-')[2] ?? 0);
      return pid;
    }, { timeout: 120_000, interval: 50 })
    .toBeGreaterThan(0);
  return pid;
}

async function expectNothingLeft(childPid: number): Promise<void> {
  await expect.poll(() => isProcessAlive(childPid), { timeout: 5000, interval: 50 }).toBe(false);
  await expect.poll(() => ours(temp), { timeout: 5000, interval: 50 }).toEqual([]);
  expect(await ours(out)).toEqual([]);
}

describe('signals to the CLI cancel an export that busy-loops', { timeout: 180_000 }, () => {
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    it(`${signal}: exit ${code} within 5 s, the child gone, nothing left on disk`, async () => {
      const cli = startExport('fault-export-busy-loop');
      const childPid = await exportChildPid();
      const sent = Date.now();
      cli.process.kill(signal);
      const { code: exitCode } = await cli.exited;
      expect(Date.now() - sent).toBeLessThan(5000);
      expect(exitCode).toBe(code);
      expect(cli.stderr()).toMatch(new RegExp(`cancelling on ${signal}`));
      expect(cli.stderr()).toMatch(/cancelled after/);
      await expectNothingLeft(childPid);
    });
  }

  it('SIGINT with timers and an async loop left running after cancel: exit 130, nothing left', async () => {
    const cli = startExport('fault-timers-after-cancel');
    const childPid = await exportChildPid();
    cli.process.kill('SIGINT');
    expect((await cli.exited).code).toBe(130);
    await expectNothingLeft(childPid);
  });

  it('SIGKILL to the CLI: the orphaned child cleans up after itself and ends', async () => {
    const cli = startExport('fault-export-busy-loop');
    const childPid = await exportChildPid();
    cli.process.kill('SIGKILL');
    expect((await cli.exited).signal).toBe('SIGKILL');
    await expectNothingLeft(childPid);
  });

  it('the next run sweeps what a SIGKILL of every process left', async () => {
    const cli = startExport('fault-export-busy-loop');
    const childPid = await exportChildPid();
    process.kill(childPid, 'SIGKILL');
    cli.process.kill('SIGKILL');
    await cli.exited;
    await expect.poll(() => isProcessAlive(childPid)).toBe(false);
    expect((await ours(temp)).filter((name) => name.startsWith('idah-export-'))).toHaveLength(1);
    const next = spawnBin(['formats'], { cwd: root, env: { TMPDIR: temp } });
    expect((await next.exited).code).toBe(0);
    expect(await ours(temp)).toEqual([]);
  });
});

describe('signals to the launcher (npx) reach the real CLI', { timeout: 180_000 }, () => {
  for (const signal of ['SIGTERM', 'SIGHUP', 'SIGKILL'] as const) {
    it(`${signal} to the launcher: the orphaned CLI cancels within 5 s and leaves nothing`, async () => {
      const launcher = startExport('fault-export-busy-loop', true);
      await expect.poll(() => /cli-pid (\d+)/.test(launcher.stdout()), { timeout: 120_000 }).toBe(true);
      const cliPid = Number(/cli-pid (\d+)/.exec(launcher.stdout())?.[1]);
      const childPid = await exportChildPid();
      launcher.process.kill(signal);
      await launcher.exited;
      await expect.poll(() => isProcessAlive(cliPid), { timeout: 5000, interval: 50 }).toBe(false);
      await expectNothingLeft(childPid);
    });
  }
});

describe('the exit code is never 0 unless the job completed', { timeout: 180_000 }, () => {
  it('process.exit(3) in export() is exit 1 naming the plugin', async () => {
    const cli = startExport('fault-export-exit');
    expect((await cli.exited).code).toBe(1);
    expect(cli.stderr()).toMatch(/plugin "fault-export-exit" called process\.exit\(3\)/);
    expect(await ours(out)).toEqual([]);
    expect(await ours(temp)).toEqual([]);
  });
});
