import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runExportInProcess } from '../../../runtime/jobs/run-export-in-process.ts';
import type { JobStore } from '../../../runtime/queue/job-store.ts';
import { openJobStore, sqlitePathIn } from '../../../runtime/queue/open-job-store.ts';
import { startWorker, type Worker, type WorkerOptions } from '../../../runtime/queue/worker.ts';
import { jobResource } from '../../../runtime/service/http/json-api.ts';
import { LocalOutputStorage } from '../../../runtime/storage/local-output-storage.ts';
import { createLogger } from '../../../runtime/logger.ts';
import { twoDatasets } from '../../support/fixtures.ts';
import { writeUpdFile } from '../../support/upd-file.ts';
import { waitUntil } from '../../support/wait-until.ts';

const FIXTURE_PLUGIN = join(import.meta.dirname, '..', '..', 'fixtures', 'plugins', 'queue-test');

let dataDir: string;
let upd: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'idah-worker-data-'));
  upd = await writeUpdFile(dataDir, 'data.upd', twoDatasets(12, 3));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1)).sort();
}

describe('startWorker', () => {
  let stateDir: string;
  let store: JobStore;
  let storage: LocalOutputStorage;
  let worker: Worker | undefined;
  const logLines: string[] = [];

  const start = (options: Partial<WorkerOptions> = {}) => {
    worker = startWorker({
      store,
      storage,
      runner: runExportInProcess,
      plugins: { paths: [FIXTURE_PLUGIN], cwd: dataDir },
      stateDir,
      workerId: 'test-worker',
      heartbeatMs: 100,
      pollMs: 50,
      sweepMs: 200,
      logger: createLogger('worker', (entry) => logLines.push(entry.message)),
      ...options,
    });
    return worker;
  };
  const enqueue = (exporter: string, options: Record<string, unknown> = {}, extra: { max_attempts?: number } = {}) =>
    store.enqueueExport({
      arguments: { exporter, dataset_ids: 'all', options: options as never, source: { kind: 'upd', path: upd } },
      ...extra,
    });
  const finished = (jobId: string) =>
    waitUntil(`job ${jobId} to finish`, async () => {
      const job = await store.getJob(jobId);
      return job && ['completed', 'errored', 'cancelled'].includes(job.status) ? job : null;
    });

  beforeEach(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'idah-worker-state-'));
    store = await openJobStore({ stateDir }, { retry: { baseMs: 20, capMs: 100 } });
    storage = new LocalOutputStorage(join(stateDir, 'outputs'));
  });
  afterEach(async () => {
    await worker?.stop(false);
    worker = undefined;
    await store.close();
    await rm(stateDir, { recursive: true, force: true });
  });

  it('runs queued exports to completion: one stored file each, the record in details, the logs kept, no staging left', async () => {
    const queued = [await enqueue('json'), await enqueue('json', { pretty: true }), await enqueue('QueueTest::SlowFile')];
    start({ concurrency: 2 });
    for (const { job } of queued) expect((await finished(job.id)).status).toBe('completed');
    const stored = await files(join(stateDir, 'outputs'));
    expect(stored.filter((name) => !name.endsWith('.idah-meta.json'))).toHaveLength(3);
    for (const { job, export: row } of queued) {
      const record = await store.getExport(row.id);
      expect(record?.file_id).toMatch(new RegExp(`^exports/${row.id}/a1-[0-9a-f]+$`));
      const bytes = await readFile(join(stateDir, 'outputs', record?.file_id as string));
      expect(record?.size).toBe(bytes.length);
      expect(record?.etag).toBe(createHash('sha256').update(bytes).digest('hex'));
      const done = await store.getJob(job.id);
      expect(done).toMatchObject({ progress: 1, attempt: 1, lease_token: null, details: { skipped_total: 0, entries_total: 15 } });
      expect(done?.details.entries_read).toBe(15);
      const logs = await store.readLogs(job.id);
      expect(logs.lines[0]?.message).toBe('attempt 1 of 3 on worker test-worker');
    }
    const json = JSON.parse(await readFile(join(stateDir, 'outputs', (await store.getExport(queued[0]!.export.id))!.file_id!), 'utf8'));
    expect(json.datasets).toHaveLength(2);
    expect((await store.getExport(queued[2]!.export.id))?.filename).toMatch(/\.zip$/);
    expect((await store.readLogs(queued[2]!.job.id)).lines.map((line) => line.message)).toContain('[queue-test] wrote 15 entries');
    expect(await files(join(stateDir, 'work'))).toEqual([]);
  });

  it('ends an export that refuses (context.error) errored at once, and retries one that throws', async () => {
    const refused = await enqueue('QueueTest::Refuses');
    const flaky = await enqueue('QueueTest::FlakyOnce', { marker: join(stateDir, 'flaky.marker') });
    const missing = await enqueue('No::Such');
    start();
    const refusedJob = await finished(refused.job.id);
    expect(refusedJob).toMatchObject({ status: 'errored', error: 'refused on purpose', error_code: 'EXPORT_FAILED', attempt: 1 });
    // The service's job resource shows the code and the plugin the error names beside the message.
    expect(jobResource(refusedJob!).attributes).toMatchObject({ error: 'refused on purpose', error_code: 'EXPORT_FAILED', error_plugin: 'queue-test' });
    const missingJob = await finished(missing.job.id);
    expect(missingJob).toMatchObject({ status: 'errored', error_code: 'EXPORTER_NOT_FOUND', attempt: 1 });
    expect(jobResource(missingJob!).attributes).toMatchObject({ error_code: 'EXPORTER_NOT_FOUND', error_plugin: null });
    expect(await finished(flaky.job.id)).toMatchObject({ status: 'completed', attempt: 2 });
    expect((await store.getExport(flaky.export.id))?.file_id).toMatch(/\/a2-/);
  });

  it('hands a reschedule back to the queue and runs the job again later', async () => {
    const { job, export: row } = await enqueue('QueueTest::RescheduleOnce', { marker: join(stateDir, 'reschedule.marker') });
    start();
    expect(await finished(job.id)).toMatchObject({ status: 'completed', retry_count: 1, attempt: 1 });
    expect((await store.getExport(row.id))?.file_id).not.toBeNull();
  });

  it('aborts a running export when its cancellation is requested', async () => {
    const { job } = await enqueue('QueueTest::WaitForCancel');
    start();
    await waitUntil('the export to be running', async () => (await store.getJob(job.id))?.status === 'running');
    await waitUntil('the export to wait', async () => (await store.readLogs(job.id)).lines.some((line) => line.message.includes('waiting')));
    await store.cancel(job.id);
    expect(await finished(job.id)).toMatchObject({ status: 'cancelled', error_code: 'EXPORT_CANCELLED' });
    const messages = (await store.readLogs(job.id)).lines.map((line) => line.message);
    expect(messages.some((message) => message.includes('aborted by signal'))).toBe(true);
    expect(await files(join(stateDir, 'work'))).toEqual([]);
    expect(await files(join(stateDir, 'outputs'))).toEqual([]);
  });

  it('sends metrics and the file log with the heartbeat while the export runs, and each logged file as a log line', async () => {
    const { job } = await enqueue('QueueTest::ReportsThenWaits');
    start();
    const live = await waitUntil('metrics in the running job', async () => {
      const current = await store.getJob(job.id);
      return current?.status === 'running' && current.details.metrics && current.details.file_log ? current : null;
    });
    expect(live.details.metrics).toEqual({ data_file: { stand_by: 1, success: 1, failed: 0 } });
    expect(live.details.file_log).toMatchObject({ total: 1, failed: 0, entries: [{ id: 'e1', file: 'entries/e1.json', status: 'success' }] });
    const fileLines = await waitUntil('the file log line', async () => (await store.readLogs(job.id)).lines.filter((line) => line.file !== null));
    expect(fileLines).toHaveLength(1);
    expect(fileLines[0]).toMatchObject({ level: 'info', message: 'data_file entries/e1.json: success', file: { category: 'data_file', id: 'e1', status: 'success' } });
    await store.cancel(job.id);
    expect(await finished(job.id)).toMatchObject({ status: 'cancelled' });
    expect((await store.getJob(job.id))?.details.metrics).toEqual({ data_file: { stand_by: 1, success: 1, failed: 0 } });
  });

  it('stops a run whose lease another worker took, and publishes nothing', async () => {
    const { job, export: row } = await enqueue('QueueTest::WaitForCancel');
    start();
    await waitUntil('the export to be running', async () => (await store.getJob(job.id))?.status === 'running');
    const raw = new Database(sqlitePathIn(stateDir));
    raw.prepare("UPDATE jobs SET lease_token = 'taken-by-another', locked_by = 'other' WHERE id = ?").run(job.id);
    raw.close();
    await waitUntil('the run to stop', async () => (await store.readLogs(job.id)).lines.some((line) => line.message.includes('lost the lease')));
    await waitUntil('the worker to be idle', () => worker?.running === 0);
    expect(await store.getJob(job.id)).toMatchObject({ status: 'running', lease_token: 'taken-by-another' });
    expect((await store.getExport(row.id))?.file_id).toBeNull();
    expect(await files(join(stateDir, 'outputs'))).toEqual([]);
  });

  it('drains on stop: a job still running is handed back pending, its attempt not counted', async () => {
    const { job } = await enqueue('QueueTest::WaitForCancel');
    const running = start({ drainTimeoutMs: 100 });
    await waitUntil('the export to be running', async () => (await store.getJob(job.id))?.status === 'running');
    await running.stop(true);
    expect(running.running).toBe(0);
    expect(await store.getJob(job.id)).toMatchObject({ status: 'pending', attempt: 0, lease_token: null });
    expect(await files(join(stateDir, 'work'))).toEqual([]);
  });

  it('sweeps: requeues an expired lease, removes what the lost attempt left, and expires old exports', async () => {
    const lost = await enqueue('json');
    const [claimed] = await store.claim({ workerId: 'dead-worker', limit: 1, leaseMs: 1 });
    const { attemptStagingDir, attemptStorageKey } = await import('../../../runtime/queue/attempt-paths.ts');
    const { mkdir, writeFile } = await import('node:fs/promises');
    const staging = attemptStagingDir(stateDir, lost.job.id, claimed!.lease);
    await mkdir(staging, { recursive: true });
    await writeFile(join(staging, 'partial.json'), '{');
    await writeFile(join(dataDir, 'left.bin'), 'left behind');
    await storage.put(attemptStorageKey(lost.export.id, claimed!.lease), join(dataDir, 'left.bin'), { mimeType: 'application/json', filename: 'x.json' });
    const orphan = join(stateDir, 'work', 'no-such-job', 'a1-abc');
    await mkdir(orphan, { recursive: true });

    start({ keepMs: 60 * 60_000 });
    const done = await finished(lost.job.id);
    expect(done).toMatchObject({ status: 'completed', attempt: 2 });
    const stored = (await files(join(stateDir, 'outputs'))).filter((name) => !name.endsWith('.idah-meta.json'));
    expect(stored).toEqual([(await store.getExport(lost.export.id))?.file_id]);
    await waitUntil('the orphan staging folder to go', async () => (await files(join(stateDir, 'work'))).length === 0 && (await readdir(join(stateDir, 'work'))).length === 0);
    expect(logLines.some((line) => line.includes('expired (attempt 1)'))).toBe(true);
  });
});
