import type { Readable } from 'node:stream';
import { IdahPluginError } from '../errors.ts';
import type { SecretResolver } from './secrets.ts';

/** The stored file a delivery sends: what it is, and a way to read it from the start (again on each attempt). */
export interface DeliveryFile {
  exportId: string;
  filename: string;
  mimeType: string;
  size: number;
  /** The storage's strong validator (the SHA-256 in a local folder, S3's ETag in a bucket). */
  etag: string | null;
  open(signal?: AbortSignal): Promise<Readable>;
  /** Where a client can fetch it (for notifications), when the service knows one. */
  downloadUrl: string | null;
}

export interface DeliveryContext {
  secrets: SecretResolver;
  signal?: AbortSignal;
  /** Folders a `local` destination must be inside (a service sets them); any folder when absent. */
  localRoots?: readonly string[];
}

/** What a successful delivery reports: where the file went. */
export interface DeliveryReceipt {
  location: string;
}

/**
 * A delivery attempt that failed: `retryable` says whether another attempt may succeed (a
 * network error, 408, 429, 5xx) or not (a 4xx, a missing secret, a name taken);
 * `retryAfterMs` is the receiver's own `Retry-After`.
 */
export function deliveryFailure(message: string, options: { retryable: boolean; retryAfterMs?: number; cause?: unknown }): IdahPluginError {
  return new IdahPluginError('DESTINATION_FAILED', message, {
    cause: options.cause,
    details: { retryable: options.retryable, ...(options.retryAfterMs !== undefined ? { retry_after_ms: options.retryAfterMs } : {}) },
  });
}

export function isRetryableDeliveryError(error: unknown): boolean {
  const details = (error as { code?: string; details?: { retryable?: unknown } } | null)?.details;
  const code = (error as { code?: string } | null)?.code;
  if (code === 'SECRET_NOT_FOUND' || code === 'DESTINATION_INVALID') return false;
  return details?.retryable !== false;
}

export function retryAfterOf(error: unknown): number | undefined {
  const value = (error as { details?: { retry_after_ms?: unknown } } | null)?.details?.retry_after_ms;
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
