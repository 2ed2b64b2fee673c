import { IdahPluginError } from '../errors.ts';
import type { MediaContext } from '../context/record-contexts.ts';

export type ImageType = 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp';

export interface ImageSize {
  /** As stored in the file (and as IDAH measures it: no EXIF orientation applied). */
  width: number;
  height: number;
  /** A JPEG's EXIF orientation (2-8) when it records one other than 1; see imageFrame. */
  orientation?: number;
}

/**
 * `stored` (default): sizes and shapes as the file stores the pixels, as IDAH measures and
 * draws them. `upright`: a JPEG's EXIF orientation applied to both, as Ultralytics and OpenCV
 * load images (imageFrame).
 */
export type ExifOrientationMode = 'stored' | 'upright';

/** A JPEG's size sits after its EXIF/ICC segments, which can be large; nothing we accept needs more. */
export const MAX_HEADER_BYTES = 512 * 1024;

/**
 * The pixel size written in an image's header (PNG, JPEG, GIF, WebP, BMP), without decoding
 * it. Undefined when the bytes are not one of those formats, or are too short to tell yet.
 * The stored size is returned as is: JPEG EXIF orientation is not applied.
 */
export function imageSizeFromHeader(bytes: Buffer): (ImageSize & { type: ImageType }) | undefined {
  const size = pngSize(bytes) ?? jpegSize(bytes) ?? gifSize(bytes) ?? webpSize(bytes) ?? bmpSize(bytes);
  return size && size.width > 0 && size.height > 0 ? size : undefined;
}

/**
 * The image's size: from `media.record.meta.width/height` (IDAH's original media) when both are
 * positive numbers, otherwise from the first bytes of its stream (grown up to MAX_HEADER_BYTES,
 * then the stream is destroyed). Never decodes, never reads the whole file. With
 * `exifOrientation: 'upright'` a JPEG's header is read even when meta has the size, for its
 * orientation.
 */
export async function imageSizeOf(media: MediaContext, options: { exifOrientation?: ExifOrientationMode } = {}): Promise<ImageSize> {
  const meta = media.record.meta;
  const metaSize = meta && isPositive(meta.width) && isPositive(meta.height) ? { width: meta.width, height: meta.height } : undefined;
  const mayBeJpeg = !media.record.mime_type || /jpe?g/i.test(media.record.mime_type);
  if (metaSize && (options.exifOrientation !== 'upright' || !mayBeJpeg)) return metaSize;
  const stream = await media.stream();
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of stream) {
      const bytes = Buffer.from(chunk as Uint8Array);
      chunks.push(bytes);
      length += bytes.length;
      const found = imageSizeFromHeader(chunks.length === 1 ? bytes : Buffer.concat(chunks, length));
      if (found) {
        const size: ImageSize = metaSize ?? { width: found.width, height: found.height };
        if (found.orientation !== undefined) size.orientation = found.orientation;
        return size;
      }
      if (length >= MAX_HEADER_BYTES) break;
    }
  } finally {
    stream.destroy();
  }
  throw new IdahPluginError(
    'SOURCE_INVALID',
    `expected "${media.record.filename}" (media ${media.record.id}) to be a PNG, JPEG, GIF, WebP or BMP image with its size in the first ${MAX_HEADER_BYTES / 1024} KiB, or media meta with width and height; got neither`,
    { details: { media_id: media.record.id, filename: media.record.filename, bytes_read: length } },
  );
}

function isPositive(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

const startsWith = (bytes: Buffer, ascii: string, at = 0) =>
  bytes.length >= at + ascii.length && bytes.toString('latin1', at, at + ascii.length) === ascii;

function pngSize(bytes: Buffer) {
  // Signature (8 bytes), then the IHDR chunk: length (4), "IHDR", width and height (big-endian).
  if (bytes.length < 24 || !startsWith(bytes, '\x89PNG\r\n\x1a\n') || !startsWith(bytes, 'IHDR', 12)) return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), type: 'png' as const };
}

/** SOF markers that carry the frame size: C0-CF except DHT (C4), JPG (C8) and DAC (CC). */
const isStartOfFrame = (marker: number) => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
/** Markers without a length field: TEM, RSTn, SOI, EOI. */
const isStandalone = (marker: number) => marker === 0x01 || (marker >= 0xd0 && marker <= 0xd9);

/** The Orientation tag (0x0112) of IFD0 in an APP1 "Exif" segment's payload, when it is 1-8. */
function exifOrientation(payload: Buffer): number | undefined {
  if (payload.length < 14 || payload.toString('latin1', 0, 6) !== 'Exif\0\0') return undefined;
  const tiff = payload.subarray(6);
  const little = tiff.toString('latin1', 0, 2) === 'II';
  if (!little && tiff.toString('latin1', 0, 2) !== 'MM') return undefined;
  const u16 = (at: number) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  const ifd = u32(4);
  if (ifd + 2 > tiff.length) return undefined;
  const count = u16(ifd);
  for (let i = 0; i < count; i += 1) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > tiff.length) return undefined;
    if (u16(entry) === 0x0112) {
      const value = u16(entry + 8);
      return value >= 1 && value <= 8 ? value : undefined;
    }
  }
  return undefined;
}

function jpegSize(bytes: Buffer) {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
  let orientation: number | undefined;
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    if (isStandalone(marker)) {
      offset += 2;
      continue;
    }
    if (marker === 0xda) return undefined; // scan data before any frame header: not a valid JPEG
    const segmentLength = bytes.readUInt16BE(offset + 2);
    if (marker === 0xe1 && offset + 2 + segmentLength <= bytes.length) orientation ??= exifOrientation(bytes.subarray(offset + 4, offset + 2 + segmentLength));
    if (isStartOfFrame(marker)) {
      // Segment: length (2), precision (1), height (2), width (2).
      if (offset + 9 > bytes.length) return undefined;
      const size = { width: bytes.readUInt16BE(offset + 7), height: bytes.readUInt16BE(offset + 5), type: 'jpeg' as const };
      return orientation !== undefined && orientation !== 1 ? { ...size, orientation } : size;
    }
    offset += 2 + segmentLength;
  }
  return undefined;
}

function gifSize(bytes: Buffer) {
  if (bytes.length < 10 || !(startsWith(bytes, 'GIF87a') || startsWith(bytes, 'GIF89a'))) return undefined;
  return { width: bytes.readUInt16LE(6), height: bytes.readUInt16LE(8), type: 'gif' as const };
}

function webpSize(bytes: Buffer) {
  if (bytes.length < 30 || !startsWith(bytes, 'RIFF') || !startsWith(bytes, 'WEBP', 8)) return undefined;
  const chunk = bytes.toString('latin1', 12, 16);
  if (chunk === 'VP8 ') {
    // Frame tag (3 bytes at 20), start code 9d 01 2a, then 14-bit width and height.
    if (bytes[23] !== 0x9d || bytes[24] !== 0x01 || bytes[25] !== 0x2a) return undefined;
    return { width: bytes.readUInt16LE(26) & 0x3fff, height: bytes.readUInt16LE(28) & 0x3fff, type: 'webp' as const };
  }
  if (chunk === 'VP8L') {
    // Signature 0x2f, then width-1 and height-1 as two 14-bit fields.
    if (bytes[20] !== 0x2f) return undefined;
    const bits = bytes.readUInt32LE(21);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1, type: 'webp' as const };
  }
  if (chunk === 'VP8X') {
    // Flags (4 bytes at 20), then canvas width-1 and height-1 as 24-bit little-endian.
    return { width: bytes.readUIntLE(24, 3) + 1, height: bytes.readUIntLE(27, 3) + 1, type: 'webp' as const };
  }
  return undefined;
}

function bmpSize(bytes: Buffer) {
  if (bytes.length < 26 || !startsWith(bytes, 'BM')) return undefined;
  const headerSize = bytes.readUInt32LE(14);
  if (headerSize === 12) return { width: bytes.readUInt16LE(18), height: bytes.readUInt16LE(20), type: 'bmp' as const };
  if (headerSize < 40) return undefined;
  // A negative height means rows are stored top-down; the size is its absolute value.
  return { width: Math.abs(bytes.readInt32LE(18)), height: Math.abs(bytes.readInt32LE(22)), type: 'bmp' as const };
}
