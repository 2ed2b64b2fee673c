import { describeThrown, IdahPluginError } from '../errors.ts';
import { contentDisposition } from '../storage/content-disposition.ts';
import type { S3Destination } from './destination-schema.ts';
import { type DeliveryContext, type DeliveryFile, deliveryFailure, type DeliveryReceipt } from './delivery.ts';
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

/**
 * Into a bucket, streamed multipart from storage (5 MiB parts, more when the file would need
 * over 10,000), the key `<prefix>/<filename>`. A second delivery of the same export writes the
 * same key with the same bytes. The SDK loads only when an S3 destination is used.
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
    const upload = new Upload({
      client,
      params: {
        Bucket: destination.bucket,
        Key: key,
        Body: await file.open(context.signal),
        ContentType: file.mimeType,
        ContentLength: file.size,
        ContentDisposition: contentDisposition(file.filename),
      },
      partSize: Math.max(MIN_PART_SIZE, Math.ceil(file.size / MAX_PARTS)),
      queueSize: 4,
      leavePartsOnError: false,
      abortController: abort,
    });
    await upload.done();
    return { location };
  } catch (error) {
    const status = statusOf(error);
    const retryable = status === undefined || status === 408 || status === 429 || status >= 500;
    throw deliveryFailure(`${location}${destination.endpoint ? ` at ${destination.endpoint}` : ''}: upload failed${status ? ` (HTTP ${status})` : ''}: ${describeThrown(error)}`, { retryable, cause: error });
  } finally {
    context.signal?.removeEventListener('abort', onAbort);
    client.destroy();
  }
}
