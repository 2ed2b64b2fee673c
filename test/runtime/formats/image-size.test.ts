import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { MediaContext } from '../../../runtime/context/record-contexts.ts';
import { isIdahPluginError } from '../../../runtime/errors.ts';
import { imageSizeFromHeader, imageSizeOf, MAX_HEADER_BYTES } from '../../../runtime/formats/image-size.ts';
import type { MediaRecord } from '../../../runtime/records.ts';
import { recordsFromFixtures } from '../../../runtime/sources/memory/fixtures.ts';
import { MemorySource } from '../../../runtime/sources/memory/memory-source.ts';
import { jpegBytes, jpegWithLargeApp1, pngBytes } from './images.ts';

/** The real memory source, but its media stream comes in 64 KiB chunks and counts what was pulled. */
class ChunkedSource extends MemorySource {
  pulled = 0;
  stream: Readable | undefined;
  readonly #bytes: Buffer;

  constructor(bytes: Buffer) {
    super(recordsFromFixtures([]));
    this.#bytes = bytes;
  }

  override async openMedia(): Promise<Readable> {
    const bytes = this.#bytes;
    const chunks = function* (this: ChunkedSource) {
      for (let at = 0; at < bytes.length; at += 65_536) {
        const chunk = bytes.subarray(at, at + 65_536);
        this.pulled += chunk.length;
        yield chunk;
      }
    }.call(this);
    this.stream = Readable.from(chunks, { objectMode: false, highWaterMark: 1 });
    return this.stream;
  }
}

function mediaOf(bytes: Buffer, meta: Record<string, unknown> = {}, filename = 'photo.bin') {
  const source = new ChunkedSource(bytes);
  const record: MediaRecord = { id: 'm1', resource: 'r1', key: '', filename, meta: meta as MediaRecord['meta'] };
  return { source, media: new MediaContext(record, source) };
}

/** Hand-built headers, byte by byte from the format specifications. */
const gif = Buffer.from([...Buffer.from('GIF89a'), 0x2c, 0x01, 0xc8, 0x00, 0, 0, 0]); // 300 x 200
function webp(chunk: string, body: number[]): Buffer {
  const bytes = Buffer.alloc(40);
  bytes.write('RIFF', 0, 'latin1');
  bytes.writeUInt32LE(32, 4);
  bytes.write('WEBP', 8, 'latin1');
  bytes.write(chunk, 12, 'latin1');
  Buffer.from(body).copy(bytes, 20);
  return bytes;
}
// VP8: frame tag (3), start code 9d 01 2a, width 640 (0x0280), height 360 (0x0168).
const webpLossy = webp('VP8 ', [0, 0, 0, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0x68, 0x01]);
// VP8L: signature 0x2f right after the chunk size, then (w-1) | (h-1) << 14 = 99 | 49 << 14 = 0x000c4063 -> 100 x 50.
const webpLossless = webp('VP8L', [0x2f, 0x63, 0x40, 0x0c, 0x00]);
// VP8X: flags (4), canvas width-1 = 1999 (0x0007cf), height-1 = 999 (0x0003e7), 24-bit LE.
const webpExtended = webp('VP8X', [0, 0, 0, 0, 0xcf, 0x07, 0x00, 0xe7, 0x03, 0x00]);
function bmp(width: number, height: number): Buffer {
  const bytes = Buffer.alloc(54);
  bytes.write('BM', 0, 'latin1');
  bytes.writeUInt32LE(40, 14);
  bytes.writeInt32LE(width, 18);
  bytes.writeInt32LE(height, 22);
  return bytes;
}

describe('imageSizeFromHeader', () => {
  it('reads PNG and JPEG sizes from real encoded, non-square images', () => {
    expect(imageSizeFromHeader(pngBytes(37, 19))).toEqual({ width: 37, height: 19, type: 'png' });
    expect(imageSizeFromHeader(jpegBytes(45, 23))).toEqual({ width: 45, height: 23, type: 'jpeg' });
  });

  it('scans past large APPn segments to the JPEG frame header', () => {
    expect(imageSizeFromHeader(jpegWithLargeApp1(31, 17, 200_000))).toEqual({ width: 31, height: 17, type: 'jpeg' });
  });

  it('reads GIF, the three WebP kinds and BMP (top-down rows too)', () => {
    expect(imageSizeFromHeader(gif)).toEqual({ width: 300, height: 200, type: 'gif' });
    expect(imageSizeFromHeader(webpLossy)).toEqual({ width: 640, height: 360, type: 'webp' });
    expect(imageSizeFromHeader(webpLossless)).toEqual({ width: 100, height: 50, type: 'webp' });
    expect(imageSizeFromHeader(webpExtended)).toEqual({ width: 2000, height: 1000, type: 'webp' });
    expect(imageSizeFromHeader(bmp(640, 480))).toEqual({ width: 640, height: 480, type: 'bmp' });
    expect(imageSizeFromHeader(bmp(640, -480))).toEqual({ width: 640, height: 480, type: 'bmp' });
  });

  it('gives undefined for other bytes and for a header cut short', () => {
    expect(imageSizeFromHeader(Buffer.from('not an image at all, just some text'))).toBeUndefined();
    expect(imageSizeFromHeader(pngBytes(10, 10).subarray(0, 20))).toBeUndefined();
    expect(imageSizeFromHeader(jpegWithLargeApp1(10, 10, 5000).subarray(0, 3000))).toBeUndefined();
    expect(imageSizeFromHeader(Buffer.alloc(0))).toBeUndefined();
  });
});

describe('imageSizeOf', () => {
  it('takes the size from media meta without opening the file', async () => {
    const { source, media } = mediaOf(pngBytes(5, 5), { width: 1920, height: 1080 });
    expect(await imageSizeOf(media)).toEqual({ width: 1920, height: 1080 });
    expect(source.pulled).toBe(0);
  });

  it('reads the header when meta lacks a usable size, and only the first chunk of a large file', async () => {
    const big = Buffer.concat([pngBytes(64, 48), Buffer.alloc(4 * 1024 * 1024)]);
    const { source, media } = mediaOf(big, { width: 0, height: '48' });
    expect(await imageSizeOf(media)).toEqual({ width: 64, height: 48 });
    expect(source.pulled).toBeLessThanOrEqual(2 * 65_536);
    expect(source.stream?.destroyed).toBe(true);
  });

  it('grows its read past a large EXIF block, staying under the limit', async () => {
    const { source, media } = mediaOf(Buffer.concat([jpegWithLargeApp1(33, 22, 300_000), Buffer.alloc(2_000_000)]));
    expect(await imageSizeOf(media)).toEqual({ width: 33, height: 22 });
    expect(source.pulled).toBeGreaterThan(300_000);
    expect(source.pulled).toBeLessThan(MAX_HEADER_BYTES + 65_536);
  });

  it('fails naming the file when the bytes are no image it knows', async () => {
    const { source, media } = mediaOf(Buffer.alloc(3_000_000, 7), {}, 'scan.tiff');
    const error = await imageSizeOf(media).catch((thrown: unknown) => thrown);
    expect(isIdahPluginError(error, 'SOURCE_INVALID')).toBe(true);
    expect((error as Error).message).toContain('"scan.tiff"');
    expect(source.pulled).toBeLessThanOrEqual(MAX_HEADER_BYTES + 65_536);
    expect(source.stream?.destroyed).toBe(true);
  });
});
