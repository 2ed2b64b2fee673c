import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DataSource } from '../sources/data-source.ts';
import type { AnnotationRecord, MediaRecord } from '../records.ts';

export class AnnotationContext {
  readonly record: AnnotationRecord;

  constructor(record: AnnotationRecord) {
    this.record = record;
  }

  get id(): string {
    return this.record.id;
  }
}

export class MediaContext {
  readonly record: MediaRecord;
  readonly #source: DataSource;

  constructor(record: MediaRecord, source: DataSource) {
    this.record = record;
    this.#source = source;
  }

  get id(): string {
    return this.record.id;
  }

  /** @deprecated IDAH's doc page calls the record `media.media` (its name before March 2026); use `media.record`. */
  get media(): MediaRecord {
    return this.record;
  }

  /** The file's bytes as a stream, read from the source as it is consumed. */
  stream(): Promise<Readable> {
    return this.#source.openMedia(this.record);
  }

  /** The whole file in memory: prefer `stream()` or `saveTo()` for large files. */
  async download(): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of await this.stream()) chunks.push(Buffer.from(chunk as Uint8Array));
    return Buffer.concat(chunks);
  }

  /**
   * Streams the file to `path` (parent folders created) and returns the number of bytes
   * written. Use `context.io.resolve('images/a.png')` for a place inside the output.
   */
  async saveTo(path: string): Promise<number> {
    await mkdir(dirname(path), { recursive: true });
    const input = await this.stream();
    let bytes = 0;
    input.on('data', (chunk: Uint8Array) => {
      bytes += chunk.length;
    });
    try {
      await pipeline(input, createWriteStream(path));
    } catch (error) {
      // A read cut short (a refused or stalled media) leaves no partial file in the output.
      await rm(path, { force: true });
      throw error;
    }
    return bytes;
  }
}
