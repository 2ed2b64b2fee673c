import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isIdahPluginError } from '../../../runtime/errors.ts';
import type {
  EnqueueExportInput,
  JobStore,
  JobStoreEvent,
  JobStoreOptions,
  Lease,
} from '../../../runtime/queue/job-store.ts';
import { SCHEMA_VERSION } from '../../../runtime/queue/sql/schema.ts';

/** How a driver's test file gives the suite fresh stores on one fresh database. */
export interface StoreHarness {
  /** A new, empty database for one test; `open` connects to it (call it several times for several connections). */
  fresh(): Promise<{ open(options?: JobStoreOptions): Promise<JobStore>; dispose(): Promise<void> }>;
}

const FAST_RETRY: JobStoreOptions = { retry: { baseMs: 40, capMs: 1000 } };

const exportInput = (overrides: Partial<EnqueueExportInput> = {}): EnqueueExportInput => ({
  arguments: {
    exporter: 'Upd::Export',
    dataset_ids: ['ds-1'],
    options: { include_medias: 'none' },
    source: { kind: 'upd', path: '/data/demo.upd' },
  },
  project_id: 'p-1',
  created_by_id: '7',
  ...overrides,
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** One body of tests for every JobStore driver: the semantics the worker and the HTTP layer rely on. */
export function jobStoreConformance(name: string, harness: StoreHarness): void {
  describe(`JobStore conformance: ${name}`, () => {
    let db: Awaited<ReturnType<StoreHarness['fresh']>>;
    let store: JobStore;
    const opened: JobStore[] = [];
    const open = async (options: JobStoreOptions = FAST_RETRY) => {
      const next = await db.open(options);
      opened.push(next);
      return next;
    };
    const claimOne = async (target: JobStore = store, leaseMs = 30_000, workerId = 'w1') => {
      const [claimed] = await target.claim({ workerId, limit: 1, leaseMs });
      if (!claimed) throw new Error('nothing to claim');
      return claimed;
    };

    beforeEach(async () => {
      db = await harness.fresh();
      store = await open();
    });
    afterEach(async () => {
      for (const each of opened.splice(0)) await each.close();
      await db.dispose();
    });

    it('migrates idempotently and reports its health', async () => {
      await store.migrate();
      await store.migrate();
      const health = await store.check();
      expect(health.ok).toBe(true);
      expect(health.detail).toMatch(new RegExp(`schema version ${SCHEMA_VERSION}`));
      expect(store.driver).toBe(name);
    });

    it('enqueues an export and its pending job in one step', async () => {
      const { job, export: row } = await store.enqueueExport(exportInput({ priority: 2, max_attempts: 4 }));
      expect(job).toMatchObject({
        job_class: 'export',
        status: 'pending',
        priority: 2,
        max_attempts: 4,
        attempt: 0,
        progress: 0,
        retry_count: 0,
        exporter: 'Upd::Export',
        lease_token: null,
        details: {},
      });
      expect(job.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(job.arguments).toEqual({ ...exportInput().arguments, export_id: row.id });
      expect(row).toMatchObject({ job_id: job.id, project_id: 'p-1', created_by_id: '7', status: 'active', size: 0, file_id: null });
      expect(await store.getJob(job.id)).toEqual(job);
      expect(await store.getExport(row.id)).toEqual(row);
      expect(await store.exportsOfJobs([job.id])).toEqual([row]);
      expect(await store.getJob('no-such-job')).toBeNull();
      const bad = await rejection(store.enqueueExport(exportInput({ priority: 1.5, max_attempts: 0, scheduled_at: 'soon' })));
      expect(isIdahPluginError(bad, 'USAGE')).toBe(true);
      expect((bad as Error).message).toMatch(/priority: expected an integer, got 1.5; max_attempts: .*got 0; scheduled_at: expected an ISO 8601 time, got "soon"/);
      expect(await store.getExport('not-a-number')).toBeNull();
    });

    it('refuses a second in-flight job with the same unicity, and allows it once the first is finished', async () => {
      const first = await store.enqueueExport(exportInput({ unicity: 'same' }));
      const error = await rejection(store.enqueueExport(exportInput({ unicity: 'same' })));
      expect(isIdahPluginError(error, 'JOB_DUPLICATE')).toBe(true);
      expect((error as { details: unknown }).details).toEqual({ job_id: first.job.id, export_id: first.export.id });
      expect((await store.listExports()).total).toBe(1);
      await store.cancel(first.job.id);
      const second = await store.enqueueExport(exportInput({ unicity: 'same' }));
      expect(second.job.id).not.toBe(first.job.id);
    });

    it('claims by priority, then scheduled time, never a job not yet due, at most `limit`', async () => {
      const low = await store.enqueueExport(exportInput({ priority: 0 }));
      const high = await store.enqueueExport(exportInput({ priority: 5 }));
      const later = await store.enqueueExport(exportInput({ priority: 9, scheduled_at: new Date(Date.now() + 60_000).toISOString() }));
      const claimed = await store.claim({ workerId: 'w1', limit: 5, leaseMs: 30_000 });
      expect(claimed.map((each) => each.job.id)).toEqual([high.job.id, low.job.id]);
      const first = claimed[0];
      expect(first?.export?.id).toBe(high.export.id);
      expect(first?.lease).toMatchObject({ job_id: high.job.id, worker_id: 'w1', attempt: 1 });
      expect(first?.job).toMatchObject({ status: 'running', attempt: 1, locked_by: 'w1' });
      expect(first?.job.lease_token).toBe(first?.lease.token);
      expect(claimed[0]?.lease.token).not.toBe(claimed[1]?.lease.token);
      expect(await store.claim({ workerId: 'w1', limit: 5, leaseMs: 30_000 })).toEqual([]);
      expect((await store.getJob(later.job.id))?.status).toBe('pending');
      expect(await store.claim({ workerId: 'w1', limit: 0, leaseMs: 30_000 })).toEqual([]);
    });

    it('never gives one job to two of several connections claiming at once', async () => {
      const connections = [store, await open(), await open(), await open()];
      const total = 40;
      for (let index = 0; index < total; index += 1) await store.enqueueExport(exportInput());
      const claims = new Map<string, number>();
      await Promise.all(
        connections.map(async (connection, index) => {
          for (;;) {
            const claimed = await connection.claim({ workerId: `w${index}`, limit: 1 + (index % 3), leaseMs: 30_000 });
            if (claimed.length === 0) return;
            for (const each of claimed) claims.set(each.job.id, (claims.get(each.job.id) ?? 0) + 1);
          }
        }),
      );
      expect(claims.size).toBe(total);
      expect([...claims.values()].every((count) => count === 1)).toBe(true);
      expect((await store.listJobs({ filter: { status: 'running' } })).total).toBe(total);
    });

    it('heartbeats renew the lease and record progress, fenced by the token', async () => {
      await store.enqueueExport(exportInput());
      const { lease } = await claimOne();
      const before = lease.until;
      await sleep(5);
      const beat = await store.heartbeat(lease, 60_000, { progress: 0.25, details: { entries_read: 5, entries_total: 20 } });
      expect(beat).toMatchObject({ lost: false, cancelRequested: false });
      expect(lease.until > before).toBe(true);
      const job = await store.getJob(lease.job_id);
      expect(job).toMatchObject({ progress: 0.25, details: { entries_read: 5, entries_total: 20 } });
      expect(job?.lease_until).toBe(lease.until);
      await store.heartbeat(lease, 60_000, { details: { entries_read: 6 } });
      expect((await store.getJob(lease.job_id))?.details).toEqual({ entries_read: 6, entries_total: 20 });
      const stale: Lease = { ...lease, token: 'not-the-token' };
      expect(await store.heartbeat(stale, 60_000, { progress: 0.9 })).toEqual({ lost: true, cancelRequested: false });
      expect((await store.getJob(lease.job_id))?.progress).toBe(0.25);
    });

    it('completes and records the file in one fenced step, once; a stale lease publishes nothing', async () => {
      const { export: row } = await store.enqueueExport(exportInput());
      const { lease } = await claimOne();
      const file = { key: `exports/${row.id}/a1`, filename: 'out.zip', mime_type: 'application/zip', size: 5 * 2 ** 30, etag: '"abc"' };
      expect(await store.complete({ ...lease, token: 'stale' }, { file })).toBe(false);
      expect((await store.getExport(row.id))?.file_id).toBeNull();
      expect(await store.complete(lease, { file, details: { skipped_total: 2, skipped: [{ dataset_id: 'ds-1', reason: 'x' }] } })).toBe(true);
      const job = await store.getJob(lease.job_id);
      expect(job).toMatchObject({ status: 'completed', progress: 1, lease_token: null, lease_until: null, error: null });
      expect(job?.details).toMatchObject({ skipped_total: 2 });
      expect(job?.finished_at).not.toBeNull();
      expect(await store.getExport(row.id)).toMatchObject({ file_id: file.key, filename: 'out.zip', mime_type: 'application/zip', size: 5 * 2 ** 30, etag: '"abc"' });
      expect(await store.complete(lease, { file: { ...file, key: 'other' } })).toBe(false);
      expect((await store.getExport(row.id))?.file_id).toBe(file.key);
    });

    it('requeues an expired lease from any connection; the old holder can no longer write', async () => {
      const other = await open();
      await store.enqueueExport(exportInput({ max_attempts: 2 }));
      const first = await claimOne(store, 30);
      await sleep(80);
      const requeued = await other.requeueExpired();
      expect(requeued).toEqual([
        expect.objectContaining({ job_id: first.job.id, token: first.lease.token, worker_id: 'w1', attempt: 1, status: 'pending' }),
      ]);
      expect(requeued[0]?.export_id).toBe(first.export?.id);
      const pending = await store.getJob(first.job.id);
      expect(pending).toMatchObject({ status: 'pending', error_code: 'LEASE_EXPIRED', lease_token: null });
      expect(pending?.error).toMatch(/lease of worker w1 expired/);
      expect(await store.heartbeat(first.lease, 30_000)).toMatchObject({ lost: true });
      expect(await store.complete(first.lease, { file: null })).toBe(false);
      expect(await store.fail(first.lease, { error: 'x', error_code: 'EXPORT_THREW' })).toBeNull();
      await sleep(60);
      const second = await claimOne(other, 30, 'w2');
      expect(second.lease.attempt).toBe(2);
      await sleep(80);
      expect((await store.requeueExpired())[0]).toMatchObject({ status: 'errored', attempt: 2 });
      expect(await store.getJob(first.job.id)).toMatchObject({ status: 'errored', error_code: 'LEASE_EXPIRED' });
      expect(await store.requeueExpired()).toEqual([]);
    });

    it('retries a failure with exponential backoff and jitter until max_attempts', async () => {
      const slow = await open({ retry: { baseMs: 10_000, capMs: 60_000 } });
      const { job } = await slow.enqueueExport(exportInput());
      const first = await claimOne(slow);
      const before = Date.now();
      const outcome = await slow.fail(first.lease, { error: 'boom', error_code: 'EXPORT_THREW' });
      if (outcome?.status !== 'pending') throw new Error(`expected pending, got ${JSON.stringify(outcome)}`);
      const delay = Date.parse(outcome.scheduled_at) - before;
      // Equal jitter: between half and all of the base delay.
      expect(delay).toBeGreaterThanOrEqual(5_000);
      expect(delay).toBeLessThanOrEqual(10_000 + 2_000);
      expect(await slow.getJob(job.id)).toMatchObject({ status: 'pending', error: 'boom', error_code: 'EXPORT_THREW', attempt: 1, lease_token: null });
      expect(await slow.claim({ workerId: 'w', limit: 1, leaseMs: 30_000 })).toEqual([]);

      const fast = await open({ retry: { baseMs: 40, capMs: 10_000 } });
      await fast.enqueueExport(exportInput({ max_attempts: 3 }));
      const delays: number[] = [];
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        let claimed = await fast.claim({ workerId: 'w', limit: 1, leaseMs: 30_000 });
        for (let waited = 0; claimed.length === 0 && waited < 5_000; waited += 10) {
          await sleep(10);
          claimed = await fast.claim({ workerId: 'w', limit: 1, leaseMs: 30_000 });
        }
        const lease = claimed[0]?.lease as Lease;
        expect(lease.attempt).toBe(attempt);
        const started = Date.now();
        const result = await fast.fail(lease, { error: `boom ${attempt}`, error_code: 'EXPORT_THREW' });
        if (attempt < 3) {
          if (result?.status !== 'pending') throw new Error(`expected pending, got ${JSON.stringify(result)}`);
          delays.push(Date.parse(result.scheduled_at) - started);
        } else {
          expect(result).toEqual({ status: 'errored' });
          expect(await fast.getJob(lease.job_id)).toMatchObject({ status: 'errored', error: 'boom 3', attempt: 3 });
          expect((await fast.getJob(lease.job_id))?.finished_at).not.toBeNull();
        }
      }
      expect(delays[0]).toBeGreaterThanOrEqual(20);
      expect(delays[1]).toBeGreaterThanOrEqual(40);
      expect(delays[1]).toBeLessThanOrEqual(80 + 2_000);
    });

    it('does not retry what a retry cannot fix', async () => {
      for (const code of ['EXPORT_FAILED', 'OPTIONS_INVALID', 'MODALITY_MISMATCH', 'EXPORTER_NOT_FOUND', 'FILTER_INVALID', 'DATASET_NOT_FOUND']) {
        await store.enqueueExport(exportInput());
        const { lease } = await claimOne();
        expect(await store.fail(lease, { error: `failed: ${code}`, error_code: code })).toEqual({ status: 'errored' });
        expect(await store.getJob(lease.job_id)).toMatchObject({ status: 'errored', error_code: code, attempt: 1 });
      }
      await store.enqueueExport(exportInput());
      const { lease } = await claimOne();
      expect(await store.fail(lease, { error: 'no', error_code: 'EXPORT_THREW', retryable: false })).toEqual({ status: 'errored' });
    });

    it('reschedules without using an attempt, bounded', async () => {
      const bounded = await open({ ...FAST_RETRY, maxReschedules: 2 });
      await bounded.enqueueExport(exportInput());
      for (let round = 1; round <= 2; round += 1) {
        const { lease } = await claimOne(bounded);
        expect(lease.attempt).toBe(1);
        const at = new Date(Date.now() - 1).toISOString();
        expect(await bounded.reschedule(lease, { scheduled_at: at })).toEqual({ status: 'pending', scheduled_at: at });
        expect(await bounded.getJob(lease.job_id)).toMatchObject({ status: 'pending', retry_count: round, attempt: 0, scheduled_at: at });
      }
      const { lease } = await claimOne(bounded);
      expect(await bounded.reschedule(lease, { scheduled_at: new Date().toISOString() })).toEqual({ status: 'errored' });
      expect(await bounded.getJob(lease.job_id)).toMatchObject({ status: 'errored', error_code: 'RESCHEDULE_LIMIT' });
      expect(await bounded.reschedule({ ...lease, token: 'stale' }, { scheduled_at: new Date().toISOString() })).toBeNull();
    });

    it('cancels a pending job at once and asks a running one to stop', async () => {
      const pending = await store.enqueueExport(exportInput());
      const cancelled = await store.cancel(pending.job.id);
      expect(cancelled).toMatchObject({ status: 'cancelled', error_code: 'EXPORT_CANCELLED' });
      expect(await store.claim({ workerId: 'w', limit: 1, leaseMs: 30_000 })).toEqual([]);

      const running = await store.enqueueExport(exportInput());
      const { lease } = await claimOne();
      const requested = await store.cancel(running.job.id);
      expect(requested?.status).toBe('running');
      expect(requested?.cancel_requested_at).not.toBeNull();
      expect(await store.heartbeat(lease, 30_000)).toMatchObject({ lost: false, cancelRequested: true });
      expect(await store.finishCancelled(lease)).toBe(true);
      expect(await store.getJob(running.job.id)).toMatchObject({ status: 'cancelled', lease_token: null });
      expect(await store.finishCancelled(lease)).toBe(false);
      expect((await store.cancel(running.job.id))?.status).toBe('cancelled');
      expect(await store.cancel('missing')).toBeNull();
    });

    it('retries a finished job on request, and refuses jobs that are not errored or cancelled', async () => {
      await store.enqueueExport(exportInput({ max_attempts: 1 }));
      const { lease } = await claimOne();
      await store.fail(lease, { error: 'boom', error_code: 'EXPORT_THREW' });
      const retried = await store.retry(lease.job_id);
      expect(retried).toMatchObject({ status: 'pending', attempt: 0, error: null, error_code: null, progress: 0 });
      const again = await claimOne();
      expect(again.job.id).toBe(lease.job_id);
      const error = await rejection(store.retry(lease.job_id));
      expect(isIdahPluginError(error, 'JOB_STATE_CONFLICT')).toBe(true);
      await store.complete(again.lease, { file: null });
      expect(isIdahPluginError(await rejection(store.retry(lease.job_id)), 'JOB_STATE_CONFLICT')).toBe(true);
      expect(await store.retry('missing')).toBeNull();
    });

    it('releases a job back to pending without using an attempt (a draining worker)', async () => {
      await store.enqueueExport(exportInput());
      const { lease } = await claimOne();
      expect(await store.release(lease)).toBe(true);
      expect(await store.getJob(lease.job_id)).toMatchObject({ status: 'pending', attempt: 0, lease_token: null });
      expect(await store.release(lease)).toBe(false);
      expect((await claimOne()).lease.attempt).toBe(1);
    });

    it('deletes finished jobs with their logs and marks their exports deleted', async () => {
      const { export: row } = await store.enqueueExport(exportInput());
      const { lease } = await claimOne();
      expect(isIdahPluginError(await rejection(store.deleteJob(lease.job_id)), 'JOB_STATE_CONFLICT')).toBe(true);
      await store.appendLogs(lease.job_id, [{ level: 'info', message: 'hello' }]);
      await store.complete(lease, { file: { key: 'k1', filename: 'a.zip', mime_type: 'application/zip', size: 3, etag: '"e"' } });
      expect(await store.deleteJob(lease.job_id)).toEqual({ deleted: true, storageKeys: ['k1'] });
      expect(await store.getJob(lease.job_id)).toBeNull();
      expect((await store.readLogs(lease.job_id)).lines).toEqual([]);
      expect(await store.getExport(row.id)).toMatchObject({ status: 'deleted' });
      expect(await store.deleteJob(lease.job_id)).toEqual({ deleted: false, storageKeys: [] });
    });

    it('deletes an export: its key to remove, its in-flight job cancelled; a late completion publishes nothing', async () => {
      const done = await store.enqueueExport(exportInput());
      const first = await claimOne();
      await store.complete(first.lease, { file: { key: 'k-done', filename: 'a.zip', mime_type: 'application/zip', size: 3, etag: '"e"' } });
      const deleted = await store.deleteExport(done.export.id);
      expect(deleted?.storageKey).toBe('k-done');
      expect(deleted?.export).toMatchObject({ status: 'deleted' });
      expect(deleted?.export.deleted_at).not.toBeNull();
      expect((await store.deleteExport(done.export.id))?.storageKey).toBeNull();

      const running = await store.enqueueExport(exportInput());
      const second = await claimOne();
      await store.deleteExport(running.export.id);
      expect((await store.getJob(running.job.id))?.cancel_requested_at).not.toBeNull();
      expect(await store.complete(second.lease, { file: { key: 'k-late', filename: 'b.zip', mime_type: 'application/zip', size: 1, etag: '"f"' } })).toBe(false);
      expect(await store.getJob(running.job.id)).toMatchObject({ status: 'cancelled' });
      expect((await store.getExport(running.export.id))?.file_id).toBeNull();

      const queued = await store.enqueueExport(exportInput());
      await store.deleteExport(queued.export.id);
      expect((await store.getJob(queued.job.id))?.status).toBe('cancelled');
      expect(await store.deleteExport('999999')).toBeNull();
    });

    it('expires finished exports older than the cut-off and returns their keys, never those of jobs in flight', async () => {
      const old = await store.enqueueExport(exportInput());
      const { lease } = await claimOne();
      await store.complete(lease, { file: { key: 'old-key', filename: 'a.zip', mime_type: 'application/zip', size: 3, etag: '"e"' } });
      const inFlight = await store.enqueueExport(exportInput());
      expect((await claimOne()).job.id).toBe(inFlight.job.id);
      const dated = await store.enqueueExport(exportInput({ expires_at: new Date(Date.now() - 1000).toISOString() }));
      await store.cancel(dated.job.id);
      await sleep(5);
      const young = await store.enqueueExport(exportInput());
      await store.cancel(young.job.id);
      // The cut in the store's own clock: the young export is not older than it, the others are.
      const cut = young.export.created_at;
      const expired = await store.expireExports(cut);
      expect(expired).toEqual([{ export_id: old.export.id, storageKey: 'old-key' }]);
      expect((await store.getExport(old.export.id))?.status).toBe('expired');
      expect((await store.getExport(dated.export.id))?.status).toBe('expired');
      expect((await store.getExport(inFlight.export.id))?.status).toBe('active');
      expect((await store.getExport(young.export.id))?.status).toBe('active');
      expect(await store.expireExports(cut)).toEqual([]);
    });

    it('keeps logs in order with per-job sequence numbers, bounded, read after a sequence', async () => {
      const bounded = await open({ ...FAST_RETRY, maxLogsPerJob: 5 });
      const a = await bounded.enqueueExport(exportInput());
      const b = await bounded.enqueueExport(exportInput());
      await bounded.appendLogs(a.job.id, [
        { level: 'info', message: 'one' },
        { level: 'warn', message: 'two', file: { path: 'images/x.png', size: 3 } },
      ]);
      await bounded.appendLogs(b.job.id, [{ level: 'error', message: 'b-one' }]);
      await Promise.all([
        bounded.appendLogs(a.job.id, [{ level: 'debug', message: 'three' }, { level: 'info', message: 'four' }]),
        bounded.appendLogs(a.job.id, [{ level: 'info', message: 'five' }, { level: 'info', message: 'six' }]),
      ]);
      const all = await bounded.readLogs(a.job.id);
      expect(all.lines.map((line) => line.seq)).toEqual([1, 2, 3, 4, 5]);
      expect(all.truncated).toBe(1);
      expect(all.next_after).toBe(5);
      expect(all.lines[1]).toMatchObject({ job_id: a.job.id, level: 'warn', message: 'two', file: { path: 'images/x.png', size: 3 } });
      expect(all.lines[0]?.file).toBeNull();
      expect((await bounded.getJob(a.job.id))?.logs_truncated).toBe(1);
      const after = await bounded.readLogs(a.job.id, { after: 2, limit: 2 });
      expect(after.lines.map((line) => line.seq)).toEqual([3, 4]);
      expect(after.next_after).toBe(4);
      expect((await bounded.readLogs(a.job.id, { after: 5 })).lines).toEqual([]);
      expect((await bounded.readLogs(b.job.id)).lines).toMatchObject([{ seq: 1, message: 'b-one', level: 'error' }]);
    });

    it('lists jobs and exports with filters, sorts, pages and a total; unknown keys are errors naming them', async () => {
      const made = [];
      for (let index = 0; index < 5; index += 1) {
        const exporter = index % 2 === 0 ? 'Upd::Export' : 'Coco::Export';
        made.push(await store.enqueueExport(exportInput({ arguments: { ...exportInput().arguments, exporter }, priority: index })));
        await sleep(3);
      }
      const ids = made.map((each) => each.job.id);
      await store.cancel(ids[1] as string);
      const byStatus = await store.listJobs({ filter: { status: 'cancelled' } });
      expect(byStatus.items.map((job) => job.id)).toEqual([ids[1]]);
      expect(byStatus.total).toBe(1);
      expect((await store.listJobs({ filter: { status__in: 'pending,cancelled' } })).total).toBe(5);
      expect((await store.listJobs({ filter: { status__in: ['running'] } })).total).toBe(0);
      expect((await store.listJobs({ filter: { exporter: 'Coco::Export' } })).items.map((job) => job.id)).toEqual([ids[1], ids[3]]);
      const from = made[2]?.job.created_at as string;
      const to = made[3]?.job.created_at as string;
      const range = await store.listJobs({ filter: { created_at__gte: from, created_at__lte: to } });
      expect(range.items.map((job) => job.id)).toEqual([ids[2], ids[3]]);
      expect((await store.listJobs({ filter: { priority__gt: 2 } })).total).toBe(2);
      const desc = await store.listJobs({ sort: '-created_at' });
      expect(desc.items.map((job) => job.id)).toEqual([...ids].reverse());
      const byStatusThenTime = await store.listJobs({ sort: 'status,-created_at' });
      expect(byStatusThenTime.items.map((job) => job.id)).toEqual([ids[1], ids[4], ids[3], ids[2], ids[0]]);
      const page2 = await store.listJobs({ page: { number: 2, size: 2 } });
      expect(page2).toMatchObject({ total: 5, page: { number: 2, size: 2 } });
      expect(page2.items.map((job) => job.id)).toEqual([ids[2], ids[3]]);
      expect((await store.listJobs({ page: { number: 4, size: 2 } })).items).toEqual([]);

      const exportsPage = await store.listExports({ filter: { exporter: 'Upd::Export' }, sort: '-id', page: { size: 2 } });
      expect(exportsPage.total).toBe(3);
      expect(exportsPage.items.map((row) => row.job_id)).toEqual([ids[4], ids[2]]);
      expect((await store.listExports({ filter: { id__in: [made[0]?.export.id, made[1]?.export.id] } })).total).toBe(2);
      expect((await store.listExports({ filter: { status: 'active', created_at__gte: from } })).total).toBe(3);

      const unknown = await rejection(store.listJobs({ filter: { colour: 'red', status__like: 'x', status: 'pending' } }));
      expect(isIdahPluginError(unknown, 'QUERY_INVALID')).toBe(true);
      expect((unknown as Error).message).toMatch(/`colour`, `status__like`/);
      expect((unknown as { details: unknown }).details).toEqual({ unknown_filters: ['colour', 'status__like'] });
      expect(isIdahPluginError(await rejection(store.listExports({ filter: { arguments: '{}' } })), 'QUERY_INVALID')).toBe(true);
      const badSort = await rejection(store.listJobs({ sort: '-colour' }));
      expect((badSort as Error).message).toMatch(/`-colour`/);
      expect(isIdahPluginError(await rejection(store.listJobs({ page: { size: 1001 } })), 'QUERY_INVALID')).toBe(true);
      expect(isIdahPluginError(await rejection(store.listJobs({ page: { number: 0 } })), 'QUERY_INVALID')).toBe(true);
      const badTime = await rejection(store.listJobs({ filter: { created_at__gte: 'yesterday' } }));
      expect((badTime as Error).message).toMatch(/created_at__gte.*expected a date/);
    });

    it('feeds changes made here at once and changes made by another connection by polling', async () => {
      const events: JobStoreEvent[] = [];
      const unsubscribe = store.subscribe((event) => events.push(event), { pollMs: 30 });
      const { job } = await store.enqueueExport(exportInput());
      expect(events.some((event) => event.kind === 'job' && event.job.id === job.id && event.job.status === 'pending')).toBe(true);
      expect(events.some((event) => event.kind === 'export' && event.export.job_id === job.id)).toBe(true);
      await store.appendLogs(job.id, [{ level: 'info', message: 'logged' }]);
      expect(events.some((event) => event.kind === 'log' && event.lines[0]?.message === 'logged')).toBe(true);
      const countFor = (status: string) =>
        events.filter((event) => event.kind === 'job' && event.job.id === job.id && event.job.status === status).length;
      expect(countFor('pending')).toBe(1);

      const other = await open();
      await other.cancel(job.id);
      for (let waited = 0; countFor('cancelled') === 0 && waited < 10_000; waited += 30) await sleep(30);
      expect(countFor('cancelled')).toBe(1);
      await sleep(120);
      expect(countFor('cancelled')).toBe(1);
      expect(countFor('pending')).toBe(1);
      unsubscribe();
      const seen = events.length;
      await other.enqueueExport(exportInput());
      await sleep(120);
      expect(events.length).toBe(seen);
    });
  });
}

