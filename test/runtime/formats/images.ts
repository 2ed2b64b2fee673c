import { jpegBytes, pngBytes } from '../../../runtime/testing/images.ts';

export { jpegBytes, pngBytes };

/** A JPEG with an APP1 (EXIF-like) segment of `appBytes` filler inserted before its frame header. */
export function jpegWithLargeApp1(width: number, height: number, appBytes: number): Buffer {
  const plain = jpegBytes(width, height);
  const segments: Buffer[] = [plain.subarray(0, 2)];
  let remaining = appBytes;
  while (remaining > 0) {
    const size = Math.min(remaining, 65_000);
    const header = Buffer.from([0xff, 0xe1, 0, 0]);
    header.writeUInt16BE(size + 2, 2);
    segments.push(header, Buffer.alloc(size, 0x45));
    remaining -= size;
  }
  segments.push(plain.subarray(2));
  return Buffer.concat(segments);
}
