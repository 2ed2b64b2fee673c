import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { IdahPluginError } from '../errors.ts';

/** What io.writeFile() accepts. Streams and iterables are written chunk by chunk, never collected. */
export type WritableData = string | Uint8Array | Readable | AsyncIterable<string | Uint8Array>;

export async function writeDataToFile(path: string, data: WritableData, plugin?: string): Promise<void> {
  if (typeof data === 'string' || data instanceof Uint8Array) {
    await writeFile(path, data);
    return;
  }
  if (isAsyncIterable(data)) {
    await pipeline(data, createWriteStream(path));
    return;
  }
  throw new IdahPluginError(
    'IO_MISUSE',
    `io.writeFile() expected a string, a Uint8Array/Buffer, a Readable or an async iterable, got ${describe(data)}`,
    { plugin },
  );
}

function isAsyncIterable(value: unknown): value is AsyncIterable<string | Uint8Array> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function'
  );
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return `a ${typeof value}`;
  const name = (value as object).constructor?.name;
  return name && name !== 'Object' ? `a ${name}` : 'a plain object';
}
