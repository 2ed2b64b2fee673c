import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobStore } from '../../../runtime/queue/job-store.ts';
import { type JobStoreLocation, openJobStore } from '../../../runtime/queue/open-job-store.ts';
import { twoDatasets } from '../../support/fixtures.ts';
import { createTestSchema } from '../../support/postgres-schema.ts';
import { writeUpdFile } from '../../support/upd-file.ts';
import { waitUntil } from '../../support/wait-until.ts';
import { killAll, startWorkerProcess, type WorkerProcess } from '../../support/worker-processes.ts';

const FIXTURE_PLUGIN = join(import.meta.dirname, '..', '..', 'fixtures', 'plugins', 'queue-test');
const LONG = 240_000;

async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1)).sort();
}

interface Setup {
  location: JobStoreLocation;
  dispose(): Promise<void>;
}

const backends: Array<[string, () => Promise<Setup>, number]> = [
  [
    'postgres',
    async () => {
      const { url, schema, drop } = await createTestSchema('idah_mp');
      return { location: { url, schema }, dispose: drop };
    },
    30,
  ],
  [
    'sqlite',
    async () => {
      const folder = await mkdtemp(join(tmpdir(), 'idah-mp-db-'));
      return { location: { sqlite: join(folder, 'idah.db') }, dispose: () => rm(folder, { recursive: true, force: true }) };
    },
    12,
  ],
];

for (const [name, setup, jobCount] of backends) {
  describe(`worker processes on ${name}`, () => {
    let dir: string;
    let upd: string;
    let backend: Setup;
    let store: JobStore;
    let workers: WorkerProcess[] = [];
    const config = (workerId: string, extra: Record<string, unknown> = {}) => ({
      store: backend.location,
      outputs: join(dir, 'outputs'),
      stateDir: join(dir, 'state'),
      plugins: [FIXTURE_PLUGIN],
      cwd: dir,
      workerId,
      leaseMs: 2_000,
      heartbeatMs: 300,
      pollMs: 100,
      sweepMs: 400,
      ...extra,
    });
    const enqueue = (exporter: string, options: Record<string, unknown>) =>
      store.enqueueExport({ arguments: { exporter, dataset_ids: 'all', options: options as never, source: { kind: 'upd', path: upd } } });

    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), `idah-mp-${name}-`));
      upd = await writeUpdFile(dir, 'data.upd', twoDatasets(6, 2));
      backend = await setup();
      store = await openJobStore(backend.location);
    });
    afterEach(async () => {
      await killAll(workers);
      workers = [];
      await store.close();
      await backend.dispose();
      await rm(dir, { recursive: true, force: true });
    });

    it(`runs ${jobCount} jobs on three workers, one killed mid-job: each completes once, one file each, no orphans`, async () => {
      workers = await Promise.all(['w0', 'w1', 'w2'].map((id) => startWorkerProcess(config(id))));
      // One job is slow enough that its worker is surely still inside it when the kill lands; a quick
      // one caught "running" could finish between the look and the kill, and then nothing is retried.
      const slowIndex = 3;
      let slowJobId = '';
      for (let index = 0; index < jobCount; index += 1) {
        const { job } = await enqueue('QueueTest::SlowFile', { pause_ms: index === slowIndex ? 2_500 : 150 });
        if (index === slowIndex) slowJobId = job.id;
      }
      // Mid-run: a few jobs done, and the victim is holding the slow one.
      const caught = await waitUntil(
        'the slow job to be running after the first completions',
        async () => {
          if ((await store.listJobs({ filter: { status: 'completed' } })).total < 3) return undefined;
          const slow = await store.getJob(slowJobId);
          return slow?.status === 'running' && slow.locked_by !== null ? slow : undefined;
        },
        LONG / 2,
        10,
      );
      const victim = workers.find((worker) => worker.workerId === caught.locked_by) as WorkerProcess;
      victim.child.kill('SIGKILL');
      expect(await victim.exited).toBe('SIGKILL');

      await waitUntil(
        `all ${jobCount} jobs to complete`,
        async () => (await store.listJobs({ filter: { status: 'completed' } })).total === jobCount,
        LONG / 2,
        100,
      ).catch(async (error: Error) => {
        const states = (await store.listJobs()).items.map((job) => `${job.id} ${job.status} ${job.attempt} ${job.locked_by} ${job.error ?? ''}`);
        throw new Error(`${error.message}\n${states.join('\n')}\n${workers.map((worker) => `--- ${worker.workerId}\n${worker.output()}`).join('\n')}`);
      });
      const jobs = (await store.listJobs()).items;
      expect(jobs.every((job) => job.status === 'completed' && job.lease_token === null)).toBe(true);
      expect(jobs.find((job) => job.id === caught.id)?.attempt).toBeGreaterThanOrEqual(2);
      expect(jobs.find((job) => job.id === caught.id)?.locked_by).not.toBe(victim.workerId);

      const exports = (await store.listExports()).items;
      const published = exports.map((row) => row.file_id).sort();
      expect(new Set(published).size).toBe(jobCount);
      // The sweepers of the two living workers remove what the killed attempt left: staging and any stored object.
      await waitUntil('orphans to be swept', async () => (await files(join(dir, 'state', 'work'))).length === 0, LONG, 100);
      const stored = (await files(join(dir, 'outputs'))).filter((file) => !file.endsWith('.idah-meta.json'));
      expect(stored).toEqual(published);
      for (const row of exports) {
        const text = await readFile(join(dir, 'outputs', row.file_id as string));
        expect(text.length).toBe(row.size);
      }
      expect((await files(join(dir, 'outputs'))).some((file) => file.includes('idah-tmp'))).toBe(false);
    }, LONG);

    it('drains on SIGTERM: a job that finishes in time completes, one that does not goes back to pending', async () => {
      const quick = await enqueue('QueueTest::SlowFile', { pause_ms: 300 });
      const endless = await enqueue('QueueTest::WaitForCancel', {});
      const [worker] = (workers = [await startWorkerProcess(config('drainer', { concurrency: 2, drainTimeoutMs: 4_000 }))]);
      // Both runs under way in the worker (a claim still in flight when SIGTERM lands is handed back unrun).
      await waitUntil(
        'both jobs to run',
        async () => (await store.getJob(endless.job.id))?.progress === 0.5 && (await store.readLogs(quick.job.id)).lines.length > 0,
        LONG,
      );
      worker?.child.kill('SIGTERM');
      expect(await worker?.exited).toBe(0);
      expect(await store.getJob(quick.job.id)).toMatchObject({ status: 'completed' });
      expect(await store.getJob(endless.job.id)).toMatchObject({ status: 'pending', attempt: 0, lease_token: null });
      expect((await store.listJobs({ filter: { status: 'running' } })).total).toBe(0);
      expect(await files(join(dir, 'state', 'work'))).toEqual([]);
    }, LONG);

    it('cancels a job running in another process: its AbortSignal fires within 2 s', async () => {
      const marker = join(dir, 'aborted-at.txt');
      const { job } = await enqueue('QueueTest::WaitForCancel', { abort_marker: marker });
      workers = [await startWorkerProcess(config('canceller', { heartbeatMs: 1_000, leaseMs: 30_000 }))];
      await waitUntil('the export to wait on its signal', async () => (await store.getJob(job.id))?.progress === 0.5, LONG);
      const requested = await store.cancel(job.id);
      const cancelledAt = Date.parse(requested?.cancel_requested_at as string);
      await waitUntil('the job to end cancelled', async () => (await store.getJob(job.id))?.status === 'cancelled', LONG);
      const abortedAt = Date.parse(await readFile(marker, 'utf8'));
      expect(abortedAt - cancelledAt).toBeGreaterThanOrEqual(0);
      expect(abortedAt - cancelledAt).toBeLessThan(2_000);
    }, LONG);
  });
}
