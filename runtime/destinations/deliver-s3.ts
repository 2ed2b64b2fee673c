import type { S3Client } from '@aws-sdk/client-s3';
import { describeThrown, IdahPluginError } from '../errors.ts';
import { contentDisposition } from '../storage/content-disposition.ts';
import type { S3Destination } from './destination-schema.ts';
import { type DeliveryContext, type DeliveryFile, deliveryFailure, type DeliveryReceipt } from './delivery.ts';
import { sha256OfFile } from './file-sha256.ts';
import type { SecretResolver } from './secrets.ts';

const MIN_PART_SIZE = 5 * 1024 * 1024;
const MAX_PARTS = 10_000;

interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * `env:PREFIX` -> `PREFIX_ACCESS_KEY_ID`, `PREFIX_SECRET_ACCESS_KEY`, `PREFIX_SESSION_TOKEN`;
 * `secret:NAME` / `file:/path` -> JSON `{access_key_id, secret_access_key, session_token?}`.
 */
export async function resolveS3Credentials(reference: string, secrets: SecretResolver): Promise<S3Credentials> {
  if (reference.startsWith('env:')) {
    const prefix = reference.slice(4);
    const accessKeyId = await secrets.resolve(`env:${prefix}_ACCESS_KEY_ID`);
    const secretAccessKey = await secrets.resolve(`env:${prefix}_SECRET_ACCESS_KEY`);
    const sessionToken = secrets.optionalEnv(`${prefix}_SESSION_TOKEN`);
    return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
  }
  const text = await secrets.resolve(reference);
  let parsed: Record<string, unknown> | undefined;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    parsed = undefined;
  }
  const accessKeyId = parsed?.access_key_id;
  const secretAccessKey = parsed?.secret_access_key;
  if (typeof accessKeyId !== 'string' || !accessKeyId || typeof secretAccessKey !== 'string' || !secretAccessKey) {
    throw new IdahPluginError('SECRET_NOT_FOUND', `${reference}: expected JSON {"access_key_id", "secret_access_key", "session_token"?} for S3`);
  }
  const sessionToken = typeof parsed?.session_token === 'string' ? parsed.session_token : undefined;
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}

export const s3KeyOf = (destination: S3Destination, filename: string) => {
  const prefix = (destination.prefix ?? '').replace(/^\/+|\/+$/g, '');
  return prefix ? `${prefix}/${filename}` : filename;
};

const statusOf = (error: unknown) => (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
const isRetryableStatus = (status: number | undefined) => status === undefined || status === 408 || status === 429 || status >= 500;

/** The user metadata every upload carries: the bytes' SHA-256, what a later delivery to that key compares. */
const SHA256_METADATA = 'sha256';

/** The SHA-256 an object at the key was uploaded with (`null` when it has none), or `undefined` when there is no object. */
async function takenBy(client: S3Client, bucket: string, key: string, location: string, signal?: AbortSignal): Promise<string | null | undefined> {
  const { HeadObjectCommand } = await import('@aws-sdk/client-s3');
  try {
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), signal ? { abortSignal: signal } : {});
    return head.Metadata?.[SHA256_METADATA] ?? null;
  } catch (error) {
    const status = statusOf(error);
    if (status === 404) return undefined;
    // Without s3:ListBucket, S3 answers a missing key with 403 too: the key cannot be checked.
    const hint = status === 403 ? ' (the credentials need s3:GetObject and s3:ListBucket to check it, or set "overwrite": true)' : '';
    throw deliveryFailure(`${location}: checking whether the key is taken failed${status ? ` (HTTP ${status})` : ''}${hint}: ${describeThrown(error)}`, { retryable: isRetryableStatus(status), cause: error });
  }
}

/**
 * Into a bucket, streamed multipart from storage (5 MiB parts, more when the file would need
 * over 10,000), the key `<prefix>/<filename>`, with the bytes' SHA-256 in its metadata. As in a
 * folder, an object already at the key with the same SHA-256 counts as delivered (nothing is
 * uploaded) and any other object there is a failure unless `overwrite`. The SDK loads only when
 * an S3 destination is used.
 */
export async function deliverToS3(destination: S3Destination, file: DeliveryFile, context: DeliveryContext): Promise<DeliveryReceipt> {
  const { S3Client } = await import('@aws-sdk/client-s3');
  const { Upload } = await import('@aws-sdk/lib-storage');
  const credentials = destination.credentials ? await resolveS3Credentials(destination.credentials, context.secrets) : undefined;
  const key = s3KeyOf(destination, destination.filename ?? file.filename);
  const location = `s3://${destination.bucket}/${key}`;
  const client = new S3Client({
    region: destination.region ?? context.secrets.env.AWS_REGION ?? 'us-east-1',
    ...(destination.endpoint ? { endpoint: destination.endpoint } : {}),
    forcePathStyle: destination.force_path_style ?? destination.endpoint !== undefined,
    // Since 3.729 the SDK adds CRC32 checksums that several S3-compatible servers refuse.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(credentials ? { credentials } : {}),
  });
  const abort = new AbortController();
  const onAbort = () => abort.abort();
  context.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const sha256 = await sha256OfFile(file, context.signal);
    if (!destination.overwrite) {
      const existing = await takenBy(client, destination.bucket, key, location, context.signal);
      if (existing === sha256) return { location };
      if (existing !== undefined) {
        const what = existing === null ? 'an object with no sha256 of its bytes to compare' : 'an object with other content';
        throw deliveryFailure(`${location}: the key already holds ${what}; set "overwrite": true to replace it`, { retryable: false });
      }
    }
    const upload = new Upload({
      client,
      params: {
        Bucket: destination.bucket,
        Key: key,
        Body: await file.open(context.signal),
        ContentType: file.mimeType,
        ContentLength: file.size,
        ContentDisposition: contentDisposition(file.filename),
        Metadata: { [SHA256_METADATA]: sha256 },
      },
      partSize: Math.max(MIN_PART_SIZE, Math.ceil(file.size / MAX_PARTS)),
      queueSize: 4,
      leavePartsOnError: false,
      abortController: abort,
    });
    await upload.done();
    return { location };
  } catch (error) {
    if ((error as { code?: string }).code === 'DESTINATION_FAILED') throw error;
    const status = statusOf(error);
    throw deliveryFailure(`${location}${destination.endpoint ? ` at ${destination.endpoint}` : ''}: upload failed${status ? ` (HTTP ${status})` : ''}: ${describeThrown(error)}`, { retryable: isRetryableStatus(status), cause: error });
  } finally {
    context.signal?.removeEventListener('abort', onAbort);
    client.destroy();
  }
}
