import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeThrown } from '../errors.ts';
import { retryDelayMs } from '../queue/backoff.ts';
import type { RetryPolicy } from '../queue/job-store.ts';
import { deliver } from './deliver.ts';
import { attemptsOf, type Destination } from './destination-schema.ts';
import { isRetryableDeliveryError, retryAfterOf } from './delivery.ts';
import type { SecretResolver } from './secrets.ts';

export interface LocalFileDelivery {
  status: 'delivered' | 'failed';
  attempts: number;
  location: string | null;
  error: string | null;
}

/**
 * Delivers a file on this machine (the CLI's published output) with the same attempts and
 * backoff the service uses, in this process; the file itself is left where it is.
 */
export async function deliverLocalFile(
  destination: Destination,
  file: { path: string; filename: string; mimeType: string; size: number },
  options: { secrets: SecretResolver; signal?: AbortSignal; retry?: RetryPolicy; onRetry?: (message: string) => void },
): Promise<LocalFileDelivery> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file.path), hash);
  const delivery = {
    exportId: 'local',
    filename: file.filename,
    mimeType: file.mimeType,
    size: file.size,
    etag: hash.digest('hex'),
    open: async () => createReadStream(file.path),
    downloadUrl: null,
  };
  const allowed = attemptsOf(destination);
  const retry = options.retry ?? { baseMs: 2_000, capMs: 60_000 };
  for (let attempt = 1; ; attempt += 1) {
    try {
      const receipt = await deliver(destination, delivery, { secrets: options.secrets, ...(options.signal ? { signal: options.signal } : {}) });
      return { status: 'delivered', attempts: attempt, location: receipt.location, error: null };
    } catch (error) {
      const message = describeThrown(error);
      if (options.signal?.aborted || !isRetryableDeliveryError(error) || attempt >= allowed) {
        return { status: 'failed', attempts: attempt, location: null, error: message };
      }
      const waitMs = Math.max(retryDelayMs(attempt, retry), retryAfterOf(error) ?? 0);
      options.onRetry?.(`delivery attempt ${attempt} of ${allowed} failed: ${message}; again in ${Math.round(waitMs / 100) / 10} s`);
      await sleep(waitMs, undefined, options.signal ? { signal: options.signal } : {}).catch(() => {});
    }
  }
}
