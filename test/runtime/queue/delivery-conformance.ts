import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isIdahPluginError } from '../../../runtime/errors.ts';
import type { EnqueueExportInput, JobStore, JobStoreOptions } from '../../../runtime/queue/job-store.ts';
import type { StoreHarness } from './conformance.ts';

const OPTIONS: JobStoreOptions = { retry: { baseMs: 40, capMs: 1000 }, deliveryRetry: { baseMs: 60, capMs: 200 } };

const input = (destination?: unknown): EnqueueExportInput => ({
  arguments: {
    exporter: 'Upd::Export',
    dataset_ids: ['ds-1'],
    options: {},
    source: { kind: 'upd', path: '/data/demo.upd' },
    ...(destination !== undefined && destination !== null ? { destination: destination as never } : {}),
  },
});

const FOLDER = { type: 'local', path: '/srv/exports', max_attempts: 2 } as const;
const FILE = { key: 'exports/1/a1-out.json', filename: 'out.json', mime_type: 'application/json', size: 12, etag: 'e1' };

/** The delivery half of the job store, the same on every driver: a small queue on the export row. */
export function deliveryConformance(name: string, harness: StoreHarness): void {
  describe(`JobStore deliveries: ${name}`, () => {
    let db: Awaited<ReturnType<StoreHarness['fresh']>>;
    let store: JobStore;
    beforeEach(async () => {
      db = await harness.fresh();
      store = await db.open(OPTIONS);
    });
    afterEach(async () => {
      await store.close();
      await db.dispose();
    });

    /** Enqueues with `destination`, runs the job to completion with `file`; the export's id. */
    const published = async (destination: unknown = FOLDER, file: typeof FILE | null = FILE) => {
      const created = await store.enqueueExport(input(destination));
      const [claimed] = await store.claim({ workerId: 'w', limit: 1, leaseMs: 30_000 });
      expect(await store.complete(claimed!.lease, { file })).toBe(true);
      return created;
    };
    const claimDelivery = async (leaseMs = 30_000, workerId = 'd1') => store.claimDeliveries({ workerId, limit: 5, leaseMs });

    it('records the destination on the export and in the job arguments; delivery waits for the published file', async () => {
      const created = await store.enqueueExport(input(FOLDER));
      expect(created.export.destination).toEqual(FOLDER);
      expect(created.export.destination_status).toBe('pending');
      expect(created.export.destination_max_attempts).toBe(2);
      expect(created.job.arguments.destination).toEqual(FOLDER);
      expect(await claimDelivery()).toEqual([]);
      const none = await store.enqueueExport(input(null));
      expect(none.export.destination_status).toBe('none');
    });

    it('refuses a bad destination before anything is written, naming the field', async () => {
      const error = await store.enqueueExport(input({ type: 'local', path: 'relative/dir', colour: 'red' })).catch((thrown: unknown) => thrown);
      expect(isIdahPluginError(error, 'DESTINATION_INVALID')).toBe(true);
      expect((error as Error).message).toContain('arguments.destination.path: expected an absolute folder path, got string "relative/dir"');
      expect((error as Error).message).toContain('arguments.destination.colour: unknown field for type "local"');
      expect((await store.listExports()).total).toBe(0);
    });

    it('claims a published file once, and delivers it', async () => {
      const created = await published();
      const [claim, ...more] = await claimDelivery();
      expect(more).toEqual([]);
      expect(claim!.export.id).toBe(created.export.id);
      expect(claim!.export.destination_status).toBe('delivering');
      expect(claim!.attempt).toBe(1);
      expect(await claimDelivery(30_000, 'd2')).toEqual([]);
      expect(await store.renewDelivery(claim!, 30_000)).toBe(true);
      const done = await store.finishDelivery(claim!, { delivered: true, location: '/srv/exports/out.json' });
      expect(done).toMatchObject({ destination_status: 'delivered', delivered_to: '/srv/exports/out.json', destination_error: null });
      expect(done!.delivered_at).not.toBeNull();
      expect(await claimDelivery()).toEqual([]);
      // The file and the job are untouched by the delivery.
      const row = await store.getExport(created.export.id);
      expect(row).toMatchObject({ file_id: FILE.key, status: 'active' });
      expect((await store.getJob(created.job.id))!.status).toBe('completed');
    });

    it('retries a retryable failure after a pause, then fails when out of attempts; the job stays completed', async () => {
      const created = await published();
      const [first] = await claimDelivery();
      const retried = await store.finishDelivery(first!, { delivered: false, error: 'HTTP 503', retryable: true });
      expect(retried).toMatchObject({ destination_status: 'pending', destination_error: 'HTTP 503', destination_attempts: 1 });
      expect(Date.parse(retried!.destination_next_at!)).toBeGreaterThan(Date.now());
      expect(await claimDelivery()).toEqual([]);
      await sleep(250);
      const [second] = await claimDelivery();
      expect(second!.attempt).toBe(2);
      const failed = await store.finishDelivery(second!, { delivered: false, error: 'HTTP 503 again', retryable: true });
      expect(failed).toMatchObject({ destination_status: 'failed', destination_error: 'HTTP 503 again', destination_attempts: 2 });
      expect((await store.getJob(created.job.id))!.status).toBe('completed');
      expect((await store.getExport(created.export.id))!.file_id).toBe(FILE.key);
    });

    it('fails at once when a retry cannot help, and honours a longer Retry-After', async () => {
      await published({ ...FOLDER, max_attempts: 5 });
      const [claim] = await claimDelivery();
      const later = await store.finishDelivery(claim!, { delivered: false, error: 'HTTP 429', retryable: true, retryAfterMs: 60_000 });
      expect(Date.parse(later!.destination_next_at!) - Date.now()).toBeGreaterThan(50_000);
      await published();
      const [other] = await claimDelivery();
      const failed = await store.finishDelivery(other!, { delivered: false, error: 'HTTP 404', retryable: false });
      expect(failed).toMatchObject({ destination_status: 'failed', destination_attempts: 1 });
    });

    it('an export whose job wrote no file has nothing to deliver', async () => {
      const created = await published(FOLDER, null);
      expect((await store.getExport(created.export.id))!.destination_status).toBe('none');
      expect(await claimDelivery()).toEqual([]);
    });

    it('a silent deliverer loses the delivery to another; its late result is dropped; out of attempts it ends failed', async () => {
      const created = await published();
      const [lost] = await claimDelivery(50, 'd1');
      await sleep(120);
      const [taken] = await claimDelivery(50, 'd2');
      expect(taken!.attempt).toBe(2);
      expect(await store.finishDelivery(lost!, { delivered: true, location: 'x' })).toBeNull();
      expect(await store.renewDelivery(lost!, 1000)).toBe(false);
      await sleep(120);
      expect(await claimDelivery()).toEqual([]);
      const row = await store.getExport(created.export.id);
      expect(row!.destination_status).toBe('failed');
      expect(row!.destination_error).toMatch(/the worker d2 stopped while delivering/);
    });

    it('a stopping worker hands a delivery back without using the attempt', async () => {
      await published();
      const [claim] = await claimDelivery();
      expect(await store.releaseDelivery(claim!)).toBe(true);
      const [again] = await claimDelivery();
      expect(again!.attempt).toBe(1);
    });

    it('delivers again on request only when failed or delivered', async () => {
      const created = await published();
      const refused = await store.redeliver(created.export.id).catch((thrown: unknown) => thrown);
      expect(isIdahPluginError(refused, 'JOB_STATE_CONFLICT')).toBe(true);
      expect((refused as Error).message).toMatch(/already pending/);
      const [claim] = await claimDelivery();
      await store.finishDelivery(claim!, { delivered: false, error: 'no', retryable: false });
      const again = await store.redeliver(created.export.id);
      expect(again).toMatchObject({ destination_status: 'pending', destination_attempts: 0, destination_error: null });
      expect(await claimDelivery()).toHaveLength(1);
      const plain = await published(null);
      expect(((await store.redeliver(plain.export.id).catch((thrown: unknown) => thrown)) as Error).message).toMatch(/has no destination/);
      expect(await store.redeliver('999999')).toBeNull();
    });

    it('lists exports by destination_status', async () => {
      await published();
      await published(null);
      const pending = await store.listExports({ filter: { destination_status: 'pending' } });
      expect(pending.items.map((row) => row.destination_status)).toEqual(['pending']);
    });
  });
}
