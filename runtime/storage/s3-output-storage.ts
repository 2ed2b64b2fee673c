import { createReadStream } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { describeThrown, IdahPluginError } from '../errors.ts';
import type { ByteRange, OutputStorage, StoredObject } from './output-storage.ts';
import { contentDisposition } from './content-disposition.ts';

export interface S3Location {
  bucket: string;
  /** Prepended to every key, without a trailing `/` ('' for the bucket's root). */
  prefix: string;
}

export interface S3OutputStorageOptions extends S3Location {
  /** An S3-compatible endpoint (`http://127.0.0.1:9000`); AWS when absent. */
  endpoint?: string;
  /** Default `$AWS_REGION`, else `us-east-1`. */
  region?: string;
  /** Path-style URLs (`endpoint/bucket/key`): the default when an endpoint is given. */
  forcePathStyle?: boolean;
  /**
   * Credentials come from the SDK's own chain (environment, shared profile, instance role):
   * never from job arguments or the command line. Tests may pass them here.
   */
  credentials?: S3ClientConfig['credentials'];
  /** Multipart part size in bytes (default and minimum 5 MiB). */
  partSize?: number;
}

const MIN_PART_SIZE = 5 * 1024 * 1024;
const MAX_PARTS = 10_000;

/** Parses `s3://bucket/some/prefix` into a bucket and a prefix. */
export function parseS3Url(url: string): S3Location {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url.trim());
  if (!match?.[1]) {
    throw new IdahPluginError('USAGE', `storage: expected s3://bucket[/prefix], got ${JSON.stringify(url)}`);
  }
  return { bucket: match[1], prefix: (match[2] ?? '').replace(/\/+$/, '') };
}

const isNotFound = (error: unknown) => {
  const candidate = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return candidate?.name === 'NotFound' || candidate?.name === 'NoSuchKey' || candidate?.$metadata?.httpStatusCode === 404;
};

const unquote = (etag: string | undefined) => (etag ?? '').replace(/^W\//, '').replace(/^"|"$/g, '');

/**
 * Outputs in an S3-compatible bucket, so that workers on several machines publish where any
 * `serve` can read. Uploads are streamed multipart; downloads can redirect to a presigned GET.
 */
export class S3OutputStorage implements OutputStorage {
  readonly description: string;
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;
  readonly #partSize: number;

  constructor(options: S3OutputStorageOptions) {
    this.#bucket = options.bucket;
    this.#prefix = options.prefix;
    this.#partSize = Math.max(MIN_PART_SIZE, options.partSize ?? MIN_PART_SIZE);
    this.description = `s3://${options.bucket}${options.prefix ? `/${options.prefix}` : ''}${options.endpoint ? ` at ${options.endpoint}` : ''}`;
    this.#client = new S3Client({
      region: options.region ?? process.env.AWS_REGION ?? 'us-east-1',
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      forcePathStyle: options.forcePathStyle ?? options.endpoint !== undefined,
      // Since 3.729 the SDK adds CRC32 checksums that several S3-compatible servers refuse.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      ...(options.credentials ? { credentials: options.credentials } : {}),
    });
  }

  #objectKey(key: string): string {
    if (!key || key.startsWith('/') || key.split('/').includes('..')) {
      throw new IdahPluginError('STORAGE_FAILED', `storage key: expected a relative path without "..", got ${JSON.stringify(key)}`);
    }
    return this.#prefix ? `${this.#prefix}/${key}` : key;
  }

  async put(key: string, filePath: string, info: { mimeType: string; filename: string; signal?: AbortSignal }): Promise<StoredObject> {
    const objectKey = this.#objectKey(key);
    if (await this.stat(key)) {
      throw new IdahPluginError('STORAGE_FAILED', `storage: ${this.description} already holds ${key}; keys are written once`);
    }
    const { size } = await import('node:fs/promises').then((fs) => fs.stat(filePath));
    const partSize = Math.max(this.#partSize, Math.ceil(size / MAX_PARTS));
    const upload = new Upload({
      client: this.#client,
      params: {
        Bucket: this.#bucket,
        Key: objectKey,
        Body: createReadStream(filePath),
        ContentType: info.mimeType,
        ContentLength: size,
        ContentDisposition: contentDisposition(info.filename),
      },
      partSize,
      queueSize: 4,
      leavePartsOnError: false,
      ...(info.signal ? { abortController: abortControllerOf(info.signal) } : {}),
    });
    try {
      await upload.done();
    } catch (error) {
      if (info.signal?.aborted) {
        await this.delete(key).catch(() => {});
        throw new IdahPluginError('EXPORT_CANCELLED', `upload of ${key} to ${this.description} was cancelled`, { cause: error });
      }
      throw new IdahPluginError('STORAGE_FAILED', `upload of ${key} to ${this.description} failed: ${describeThrown(error)}`, { cause: error });
    }
    const stored = await this.stat(key);
    if (!stored) throw new IdahPluginError('STORAGE_FAILED', `upload of ${key} to ${this.description} finished but the object is absent`);
    return stored;
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    try {
      const result = await this.#client.send(
        new GetObjectCommand({
          Bucket: this.#bucket,
          Key: this.#objectKey(key),
          ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
        }),
      );
      const body = result.Body;
      if (body instanceof Readable) return body;
      if (body && typeof (body as { transformToWebStream?: unknown }).transformToWebStream === 'function') {
        return Readable.fromWeb((body as { transformToWebStream(): ReadableStream }).transformToWebStream() as never);
      }
      throw new IdahPluginError('STORAGE_FAILED', `storage: ${this.description} returned no body for ${key}`);
    } catch (error) {
      if (isNotFound(error)) throw new IdahPluginError('STORAGE_NOT_FOUND', `storage: ${this.description} holds no ${key}`, { cause: error });
      throw error instanceof IdahPluginError
        ? error
        : new IdahPluginError('STORAGE_FAILED', `storage: reading ${key} from ${this.description} failed: ${describeThrown(error)}`, { cause: error });
    }
  }

  async stat(key: string): Promise<StoredObject | null> {
    try {
      const head = await this.#client.send(new HeadObjectCommand({ Bucket: this.#bucket, Key: this.#objectKey(key) }));
      return {
        key,
        size: Number(head.ContentLength ?? 0),
        etag: unquote(head.ETag),
        mimeType: head.ContentType ?? 'application/octet-stream',
      };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw new IdahPluginError('STORAGE_FAILED', `storage: stat of ${key} in ${this.description} failed: ${describeThrown(error)}`, { cause: error });
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: this.#objectKey(key) }));
    } catch (error) {
      if (isNotFound(error)) return;
      throw new IdahPluginError('STORAGE_FAILED', `storage: delete of ${key} in ${this.description} failed: ${describeThrown(error)}`, { cause: error });
    }
  }

  async downloadUrl(key: string, info: { filename: string; expiresInSeconds: number }): Promise<string> {
    const command = new GetObjectCommand({
      Bucket: this.#bucket,
      Key: this.#objectKey(key),
      ResponseContentDisposition: contentDisposition(info.filename),
    });
    return getSignedUrl(this.#client, command, { expiresIn: info.expiresInSeconds });
  }

  async check(): Promise<{ ok: boolean; detail: string }> {
    const probe = this.#objectKey(`.health/${randomUUID()}`);
    try {
      await this.#client.send(new PutObjectCommand({ Bucket: this.#bucket, Key: probe, Body: 'ok', ContentType: 'text/plain' }));
      await this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: probe }));
      return { ok: true, detail: `${this.description} is writable` };
    } catch (error) {
      return { ok: false, detail: `${this.description} is not writable: ${describeThrown(error)}` };
    }
  }

  /** Closes the client's sockets. */
  close(): void {
    this.#client.destroy();
  }
}

function abortControllerOf(signal: AbortSignal): AbortController {
  const controller = new AbortController();
  if (signal.aborted) controller.abort();
  else signal.addEventListener('abort', () => controller.abort(), { once: true });
  return controller;
}
