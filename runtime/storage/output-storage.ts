import type { Readable } from 'node:stream';

/** What storage knows of one stored output. */
export interface StoredObject {
  key: string;
  size: number;
  /** A strong validator for HTTP (`ETag`): the same bytes, the same tag. */
  etag: string;
  mimeType: string;
}

/** An inclusive byte range, as HTTP `Range: bytes=start-end` names it. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where a service keeps export outputs: a local folder by default, an S3-compatible bucket so
 * that workers on several machines share them. Keys are relative, `/`-separated, chosen by the
 * queue (attempt-scoped, so a lost attempt's object never collides with the published one).
 */
export interface OutputStorage {
  /** Says where outputs go (a folder, `s3://bucket/prefix`), for messages and the health check. */
  readonly description: string;
  /** Stores the file at `filePath` under `key`, streamed; the key must be new. */
  put(key: string, filePath: string, info: { mimeType: string; filename: string; signal?: AbortSignal }): Promise<StoredObject>;
  /** The object's bytes, or a range of them; rejects with code `STORAGE_NOT_FOUND` when absent. */
  get(key: string, range?: ByteRange): Promise<Readable>;
  /** What is stored under `key`, or null. */
  stat(key: string): Promise<StoredObject | null>;
  /** Removes the object; removing what is absent is not an error. */
  delete(key: string): Promise<void>;
  /**
   * A URL a client can download from directly (an S3 presigned GET), or undefined when the
   * service must stream the bytes itself.
   */
  downloadUrl?(key: string, info: { filename: string; expiresInSeconds: number }): Promise<string | undefined>;
  /** Writable and reachable? For `GET /healthcheck` and `doctor`. */
  check(): Promise<{ ok: boolean; detail: string }>;
}
