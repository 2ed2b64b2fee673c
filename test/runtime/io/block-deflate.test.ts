import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DEFLATE_BLOCK_BYTES, deflateRawInBlocks } from '../../../runtime/io/zip/block-deflate.ts';
import { ZipWriter } from '../../../runtime/io/zip/zip-writer.ts';
import { unzipEntryBytes, unzipTest, useTempDirs } from './support.ts';

const tempDir = useTempDirs();
const DATE = new Date('2022-03-04T05:06:08Z');

/** Text that compresses as real output does, and repeats across block borders (the window matters there). */
function jsonLike(bytes: number): Buffer {
  const lines: string[] = [];
  let length = 0;
  for (let index = 0; length < bytes; index += 1) {
    const line = `{"id":${index},"image_id":${index >> 3},"bbox":[${index % 640}.25,${index % 480}.5,31.75,20],"category_id":${index % 7}},\n`;
    lines.push(line);
    length += line.length;
  }
  return Buffer.from(lines.join('')).subarray(0, bytes);
}

/** Splits `data` into chunks of the given sizes, in turn, each a fresh buffer. */
function chunked(data: Buffer, sizes: readonly number[]): Buffer[] {
  const chunks: Buffer[] = [];
  for (let at = 0, turn = 0; at < data.length; turn += 1) {
    const size = sizes[turn % sizes.length]!;
    chunks.push(Buffer.from(data.subarray(at, at + size)));
    at += size;
  }
  return chunks;
}

async function deflated(chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): Promise<{ bytes: Buffer; seen: number; crc: number }> {
  const out: Buffer[] = [];
  let seen = 0;
  let crc = 0;
  for await (const block of deflateRawInBlocks(chunks, 6, (chunk) => {
    seen += chunk.length;
    crc = zlib.crc32(chunk, crc);
  })) {
    out.push(block);
  }
  return { bytes: Buffer.concat(out), seen, crc };
}

describe('deflateRawInBlocks', () => {
  it('gives one raw deflate stream that inflates to the input, for sizes around the block size', async () => {
    // 11 blocks: each block buffer is filled again twice after its deflate ended.
    for (const size of [0, 1, DEFLATE_BLOCK_BYTES - 1, DEFLATE_BLOCK_BYTES, DEFLATE_BLOCK_BYTES + 1, 3 * DEFLATE_BLOCK_BYTES, 5 * DEFLATE_BLOCK_BYTES + 12_345, 10 * DEFLATE_BLOCK_BYTES + 3]) {
      const data = jsonLike(size);
      const { bytes, seen, crc } = await deflated(chunked(data, [65_536]));
      expect(zlib.inflateRawSync(bytes).equals(data), `${size} bytes`).toBe(true);
      expect(seen).toBe(size);
      expect(crc).toBe(zlib.crc32(data));
    }
  });

  it('gives the same bytes however the input is chunked, and compresses within 0.1% of one deflate stream', async () => {
    const data = jsonLike(4 * DEFLATE_BLOCK_BYTES + 777);
    const whole = await deflated([data]);
    const small = await deflated(chunked(data, [1, 7, 4096, 100_003]));
    const streamed = await deflated(Readable.from(chunked(data, [65_536])));
    expect(small.bytes.equals(whole.bytes)).toBe(true);
    expect(streamed.bytes.equals(whole.bytes)).toBe(true);
    const oneStream = zlib.deflateRawSync(data, { level: 6 });
    // Each block starts from the previous block's window: without it the blocks would compress worse.
    expect(whole.bytes.length).toBeLessThan(oneStream.length * 1.001);
  });

  it('keeps what it was given: a source that reuses one buffer for every chunk still comes back intact', async () => {
    const data = jsonLike(2 * DEFLATE_BLOCK_BYTES + 99);
    const shared = Buffer.alloc(50_000);
    async function* reusing() {
      for (let at = 0; at < data.length; at += shared.length) {
        const length = data.copy(shared, 0, at, at + shared.length);
        yield shared.subarray(0, length);
      }
    }
    expect(zlib.inflateRawSync((await deflated(reusing())).bytes).equals(data)).toBe(true);
  });

  it('a failing source fails the deflate with its own error', async () => {
    async function* failing() {
      yield jsonLike(3 * DEFLATE_BLOCK_BYTES);
      throw new Error('disk went away');
    }
    await expect(deflated(failing())).rejects.toThrow('disk went away');
  });

  it("a zip's streamed entry deflated in blocks passes unzip -t and unzip extracts it byte for byte", async () => {
    const root = tempDir();
    const path = join(root, 'blocks.zip');
    const text = jsonLike(6 * DEFLATE_BLOCK_BYTES + 4321);
    const noise = randomBytes(2 * DEFLATE_BLOCK_BYTES + 5);
    const zip = await ZipWriter.create(path);
    await zip.addStream('annotations/instances.json', Readable.from(chunked(text, [1 << 20])), { date: DATE, size: text.length });
    await zip.addStream('media/noise.bin', Readable.from([noise]), { date: DATE, size: noise.length, compression: 'deflate' });
    await zip.finish();
    await unzipTest(path);
    expect((await unzipEntryBytes(path, 'annotations/instances.json')).equals(text)).toBe(true);
    expect((await unzipEntryBytes(path, 'media/noise.bin')).equals(noise)).toBe(true);
  });
});
