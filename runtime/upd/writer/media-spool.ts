import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';

/** Media up to this size are appended from memory; larger ones are spooled to a file first. */
export const IN_MEMORY_MEDIA_BYTES = 8 * 1024 * 1024;

export type SpooledMedia = { kind: 'bytes'; bytes: Buffer } | { kind: 'file'; path: string };

/** DuckDB's read_blob takes a glob: a path holding one of these would name other files. */
const GLOB_CHARACTERS = /[*?[\]{}]/;

/** Where a large media is spooled: beside the database being written, hidden. */
export function spoolPathBeside(databasePath: string): string | undefined {
  const path = join(dirname(databasePath), `.idah-media-${process.pid}-${randomBytes(6).toString('hex')}.bin`);
  return GLOB_CHARACTERS.test(path) ? undefined : path;
}

/**
 * Reads a media stream, keeping at most `limit` bytes in memory: a small media comes back as
 * bytes, a larger one is written on to `spoolPath` (never held whole). With no spool path (the
 * folder's name holds glob characters), the whole media is read into memory.
 */
export async function spoolMedia(stream: Readable, spoolPath: string | undefined, limit = IN_MEMORY_MEDIA_BYTES): Promise<SpooledMedia> {
  const chunks: Buffer[] = [];
  let held = 0;
  let file: ReturnType<typeof createWriteStream> | undefined;
  try {
    for await (const chunk of stream) {
      const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      if (!file) {
        chunks.push(bytes);
        held += bytes.length;
        if (held <= limit || !spoolPath) continue;
        file = createWriteStream(spoolPath, { flags: 'wx' });
        for (const held of chunks.splice(0)) if (!file.write(held)) await once(file, 'drain');
        continue;
      }
      if (!file.write(bytes)) await once(file, 'drain');
    }
    if (!file) return { kind: 'bytes', bytes: Buffer.concat(chunks) };
    file.end();
    await finished(file);
    return { kind: 'file', path: spoolPath! };
  } catch (error) {
    if (file) {
      file.destroy();
      await rm(spoolPath!, { force: true });
    }
    throw error;
  }
}
