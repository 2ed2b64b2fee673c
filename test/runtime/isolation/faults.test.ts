import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JobRecord } from '../../../runtime/jobs/job-record.ts';
import { createIsolatedRunner, runExportIsolated } from '../../../runtime/isolation/run-export-isolated.ts';
import { fixturePlugin } from '../plugins/support/fixtures.ts';
import { faultRequest, isolatedTempRoot, listing } from './support.ts';

const paths = isolatedTempRoot();
const run = (plugin: string, changes: Parameters<typeof faultRequest>[2] = {}, runner = runExportIsolated) =>
  runner(faultRequest(plugin, { upd: paths.upd(), out: paths.out() }, changes));

/** Nothing of ours in the temp folder (tsx keeps its compile cache there) and nothing in --out. */
async function expectNothingLeft(): Promise<void> {
  const temp = (await listing(join(paths.root(), 'tmp'))).filter((name) => !name.startsWith('tsx-'));
  expect(temp).toEqual([]);
  expect(await listing(paths.out())).toEqual([]);
}

function expectFailure(job: JobRecord, code: string, text: RegExp): void {
  expect({ status: job.status, code: job.error_code }).toEqual({ status: 'errored', code });
  expect(job.error).toMatch(text);
  expect(job.finished_at).not.toBeNull();
}

// Short enough for a test, long enough for a plugin's import on a busy machine.
const quickLoad = createIsolatedRunner({ initTimeoutMs: 3000 });

// Real child processes on a shared machine: generous timeouts, no assertion on speed but the 5 s of cancellation.
describe('runExportIsolated: the host survives whatever the plugin does', { timeout: 180_000 }, () => {
  it('a Sync.init that never settles fails on the init timeout, naming the plugin', async () => {
    const job = await run('fault-init-never-settles', {}, quickLoad);
    expectFailure(job, 'PLUGIN_INIT_FAILED', /fault-init-never-settles.*did not finish within 3000 ms/);
    await expectNothingLeft();
  });

  it('a Sync.init that busy-loops is killed on the load timeout, naming the plugin', async () => {
    const job = await run('fault-init-busy-loop', {}, quickLoad);
    expectFailure(job, 'PLUGIN_INIT_FAILED', /plugin "fault-init-busy-loop" did not finish loading within 8000 ms/);
    await expectNothingLeft();
  });

  it('process.exit(3) in Sync.init is a failure naming the plugin', async () => {
    const job = await run('fault-init-exit');
    expectFailure(job, 'PLUGIN_EXITED', /fault-init-exit.*process\.exit\(3\)/);
    await expectNothingLeft();
  });

  it('a top-level await that never settles fails on the load timeout', async () => {
    const job = await run('fault-top-level-await', {}, quickLoad);
    expectFailure(job, 'PLUGIN_LOAD_FAILED', /fault-top-level-await.*did not finish within 3000 ms/);
    await expectNothingLeft();
  });

  it('an exporter constructor that loops (registration builds one) is killed on the load timeout, naming the plugin', async () => {
    const job = await run('fault-constructor-loop', { timeoutMs: 1500 }, quickLoad);
    expectFailure(job, 'PLUGIN_INIT_FAILED', /plugin "fault-constructor-loop" did not finish loading within 8000 ms/);
    await expectNothingLeft();
  });

  it('a throw from a timer is a crash of the plugin, not of the host', async () => {
    const job = await run('fault-timer-throws');
    expectFailure(job, 'PLUGIN_CRASHED', /plugin "fault-timer-throws" crashed the export: uncaught exception: boom from a timer/);
    await expectNothingLeft();
  });

  it('an unhandled rejection after init is a crash of the plugin, not of the host', async () => {
    const job = await run('fault-unhandled-rejection');
    expectFailure(job, 'PLUGIN_CRASHED', /unhandled rejection: late rejection after init/);
    await expectNothingLeft();
  });

  it('global pollution stays in the plugin\'s process: the host and the next export are untouched', async () => {
    // It replaced JSON.parse, which its own export needs: only its own run suffers.
    const polluted = await run('fault-global-pollution');
    expect(polluted.status).toBe('errored');
    expect(JSON.parse('{"a":1}')).toEqual({ a: 1 });
    expect(Object.hasOwn(Object.prototype, 'polluted')).toBe(false);
    // The polluter is on the plugin path of the next export, but only the exporter's own plugin runs there.
    const next = await runExportIsolated({
      ...faultRequest('json', { upd: paths.upd(), out: paths.out() }),
      plugins: { paths: [fixturePlugin('fault-global-pollution')], cwd: paths.root() },
    });
    expect(next.status).toBe('completed');
    expect(JSON.parse(await import('node:fs/promises').then((fs) => fs.readFile(next.output!.path, 'utf8'))).datasets).toHaveLength(2);
  });

  it('process.exit(3) in export() is a failure naming the plugin, with nothing published', async () => {
    const job = await run('fault-export-exit');
    expectFailure(job, 'PLUGIN_EXITED', /plugin "fault-export-exit" called process\.exit\(3\)/);
    await expectNothingLeft();
  });

  it('a busy loop in export() ends on the export timeout, with the partial output removed', async () => {
    const job = await run('fault-export-busy-loop', { timeoutMs: 1500 });
    expectFailure(job, 'EXPORT_TIMEOUT', /longer than 1500 ms/);
    await expectNothingLeft();
  });

  it('a memory blow-up ends EXPORT_OUT_OF_MEMORY naming the limit', async () => {
    const job = await run('fault-memory-blowup', {}, createIsolatedRunner({ memoryLimitMb: 96 }));
    expectFailure(job, 'EXPORT_OUT_OF_MEMORY', /exceeded its memory limit of 96 MB/);
    await expectNothingLeft();
  });

  it('an output swapped for a symlink is not published', async () => {
    const job = await run('fault-symlink-output');
    expectFailure(job, 'OUTPUT_NOT_REGULAR', /regular file, found a symbolic link/);
    await expectNothingLeft();
  });
});

describe('runExportIsolated: cancellation always wins', { timeout: 180_000 }, () => {
  for (const plugin of ['fault-export-busy-loop', 'fault-timers-after-cancel']) {
    it(`${plugin}: cancelled, the child gone and nothing left within 5 s`, async () => {
      const controller = new AbortController();
      let childStarted = false;
      const running = run(plugin, {
        signal: controller.signal,
        onEvent: (event) => {
          if (event.event === 'status' && event.job.status === 'running') childStarted = true;
        },
      });
      await expect.poll(() => childStarted, { timeout: 120_000 }).toBe(true);
      // The partial output is on disk in the child's staging folder.
      await expect.poll(async () => (await listing(join(paths.root(), 'tmp'))).some((name) => name.startsWith('idah-export-')), { timeout: 60_000 }).toBe(true);
      const started = Date.now();
      controller.abort();
      const job = await running;
      expect(Date.now() - started).toBeLessThan(5000);
      expect(job).toMatchObject({ status: 'cancelled', error_code: 'EXPORT_CANCELLED' });
      await expectNothingLeft();
    });
  }

  it('an abort before the child is ready still ends cancelled, with no child left', async () => {
    const controller = new AbortController();
    controller.abort();
    const job = await run('fault-export-busy-loop', { signal: controller.signal });
    expect(job.status).toBe('cancelled');
    await expectNothingLeft();
  });
});

describe('runExportIsolated: the normal path', { timeout: 180_000 }, () => {
  it('runs a bundled exporter and publishes exactly one file, with events and logs from the child', async () => {
    const statuses: string[] = [];
    const job = await runExportIsolated({
      ...faultRequest('json', { upd: paths.upd(), out: paths.out() }),
      plugins: { paths: [], cwd: paths.root() },
      jobId: 'job-isolated-1',
      onEvent: (event) => {
        if (event.event === 'status') statuses.push(event.job.status);
      },
    });
    expect(job).toMatchObject({ id: 'job-isolated-1', status: 'completed', exporter: 'Json::JsonExport' });
    expect(statuses).toEqual(['pending', 'running', 'completed']);
    expect(await readdir(paths.out())).toEqual([job.output!.filename]);
    const temp = (await listing(join(paths.root(), 'tmp'))).filter((name) => !name.startsWith('tsx-'));
    expect(temp).toEqual([]);
  });
});
