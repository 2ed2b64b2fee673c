import { describeThrown } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { DeliveryClaim, ExportRow, JobStore } from '../queue/job-store.ts';
import { waitForWakeOrPoll } from '../queue/wait-for-wake-or-poll.ts';
import type { OutputStorage } from '../storage/output-storage.ts';
import { deliver } from './deliver.ts';
import { describeDestination } from './destination-schema.ts';
import { type DeliveryFile, isRetryableDeliveryError, retryAfterOf } from './delivery.ts';
import { SecretResolver } from './secrets.ts';

export interface DeliveryWorkerOptions {
  store: JobStore;
  storage: OutputStorage;
  workerId: string;
  secrets?: SecretResolver;
  /** Deliveries at once (default 2), apart from the worker's job slots. */
  concurrency?: number;
  /** A deliverer silent this long loses the delivery to another worker (default 2 minutes). */
  leaseMs?: number;
  /** How often to look for due deliveries (default 1 s); this process's changes wake it at once. */
  pollMs?: number;
  /**
   * The service's own address (`https://sync.example.com`), so notifications can name the
   * download route when the storage has no presigned URL to give.
   */
  publicUrl?: string;
  /** Folders `local` destinations must be inside; any folder when absent. */
  localRoots?: readonly string[];
  logger: Logger;
}

export interface DeliveryWorker {
  /** Stops claiming; deliveries under way are stopped and handed back. */
  stop(): Promise<void>;
}

/** Presigned links live at most a week (S3's SigV4 bound). */
const PRESIGNED_SECONDS = 7 * 24 * 3600;

/**
 * Delivers published files to their destinations, one attempt per claim, beside the worker's
 * export jobs: a delivery failure never touches the job, and the stored file stays where it is.
 */
export function startDeliveryWorker(options: DeliveryWorkerOptions): DeliveryWorker {
  const concurrency = Math.max(1, options.concurrency ?? 2);
  const leaseMs = options.leaseMs ?? 120_000;
  const pollMs = options.pollMs ?? 1_000;
  const secrets = options.secrets ?? new SecretResolver();
  const running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  let stopping = false;
  const idle = waitForWakeOrPoll(pollMs);
  const poke = idle.poke;
  const unsubscribe = options.store.subscribe(
    (event) => {
      if (event.kind === 'export' && event.export.destination_status === 'pending' && event.export.file_id) poke();
    },
    { pollMs: 0 },
  );

  async function fileOf(row: ExportRow): Promise<DeliveryFile> {
    const key = row.file_id as string;
    const filename = row.filename ?? key.split('/').pop() ?? 'export';
    let downloadUrl: string | null = null;
    try {
      downloadUrl = (await options.storage.downloadUrl?.(key, { filename, expiresInSeconds: PRESIGNED_SECONDS })) ?? null;
    } catch (error) {
      options.logger.warn(`export ${row.id}: no presigned link (${describeThrown(error)})`);
    }
    if (!downloadUrl && options.publicUrl) downloadUrl = `${options.publicUrl.replace(/\/+$/, '')}/api/v1/sync/exports/${row.id}/download`;
    return {
      exportId: row.id,
      filename,
      mimeType: row.mime_type ?? 'application/octet-stream',
      size: row.size,
      etag: row.etag,
      open: () => options.storage.get(key),
      downloadUrl,
    };
  }

  async function deliverOne(claim: DeliveryClaim, controller: AbortController): Promise<void> {
    const row = claim.export;
    const destination = row.destination;
    if (!destination) return;
    const where = describeDestination(destination);
    const renew = setInterval(() => {
      void options.store.renewDelivery(claim, leaseMs).then(
        (held) => {
          if (!held) controller.abort(new Error('the delivery lease was lost'));
        },
        (error: unknown) => options.logger.warn(`renewing the delivery of export ${row.id} failed: ${describeThrown(error)}`),
      );
    }, Math.max(50, Math.floor(leaseMs / 3)));
    try {
      const receipt = await deliver(destination, await fileOf(row), { secrets, signal: controller.signal, ...(options.localRoots ? { localRoots: options.localRoots } : {}) });
      await options.store.finishDelivery(claim, { delivered: true, location: receipt.location });
      await log(row, 'info', `delivered ${row.filename} to ${receipt.location} (attempt ${claim.attempt} of ${row.destination_max_attempts})`);
    } catch (error) {
      if (controller.signal.aborted) {
        if (stopping) await options.store.releaseDelivery(claim).catch(() => {});
        return;
      }
      const message = describeThrown(error);
      const retryable = isRetryableDeliveryError(error);
      const after = retryAfterOf(error);
      const updated = await options.store.finishDelivery(claim, {
        delivered: false,
        error: message,
        retryable,
        ...(after !== undefined ? { retryAfterMs: after } : {}),
      });
      const next = updated?.destination_status === 'pending' ? `; next attempt at ${updated.destination_next_at}` : '; delivery failed, the file stays downloadable';
      await log(row, updated?.destination_status === 'pending' ? 'warn' : 'error', `delivery to ${where}, attempt ${claim.attempt} of ${row.destination_max_attempts}: ${message}${next}`);
    } finally {
      clearInterval(renew);
    }
  }

  const log = (row: ExportRow, level: 'info' | 'warn' | 'error', message: string) =>
    options.store.appendLogs(row.job_id, [{ level, message }]).catch(() => {});

  const loop = (async () => {
    while (!stopping) {
      const free = concurrency - running.size;
      let claimedAny = false;
      if (free > 0) {
        try {
          for (const claim of await options.store.claimDeliveries({ workerId: options.workerId, limit: free, leaseMs })) {
            claimedAny = true;
            const controller = new AbortController();
            const done = deliverOne(claim, controller)
              .catch((error: unknown) => options.logger.error(`delivery of export ${claim.export.id}: ${describeThrown(error)}`))
              .finally(() => {
                running.delete(claim.export.id);
                poke();
              });
            running.set(claim.export.id, { controller, done });
          }
        } catch (error) {
          options.logger.warn(`claiming deliveries failed: ${describeThrown(error)}`);
        }
      }
      if (claimedAny && running.size < concurrency) continue;
      await idle.wait();
    }
  })();

  let stopped: Promise<void> | undefined;
  return {
    stop: () =>
      (stopped ??= (async () => {
        stopping = true;
        poke();
        await loop;
        for (const { controller } of running.values()) controller.abort(new Error('the worker is stopping'));
        await Promise.all([...running.values()].map((run) => run.done));
        unsubscribe();
      })()),
  };
}
