import { invalidShape } from './shapes/shape-errors.ts';
import type { Box, MaskBitmap } from './shapes/types.ts';

/** Whole-image mask helpers: a decoded mask (decodeMaskTiles) counted, bounded, and as COCO RLE. */
export type { MaskBitmap } from './shapes/types.ts';

/** COCO's uncompressed RLE: COLUMN-major runs, the first one of 0s (possibly empty). */
export interface CocoRle {
  size: [number, number];
  counts: number[];
}

/** The number of pixels on the object. */
export function maskPixelCount(bitmap: MaskBitmap): number {
  let count = 0;
  for (const value of bitmap.data) count += value;
  return count;
}

/** The pixel extent of the object as edges (x2 = last column + 1), or undefined for an empty mask. */
export function maskBoundingBox(bitmap: MaskBitmap): Box | undefined {
  const { width, height, data } = bitmap;
  let x1 = width;
  let y1 = height;
  let x2 = -1;
  let y2 = -1;
  for (let y = 0; y < height; y += 1) {
    const row = y * width;
    for (let x = 0; x < width; x += 1) {
      if (data[row + x] === 0) continue;
      if (x < x1) x1 = x;
      if (x > x2) x2 = x;
      if (y < y1) y1 = y;
      y2 = y;
    }
  }
  return x2 < 0 ? undefined : { x1, y1, x2: x2 + 1, y2: y2 + 1 };
}

/** COCO's uncompressed RLE of a bitmap: column-major, starting with a run of 0s. */
export function cocoRleFromBitmap(bitmap: MaskBitmap): CocoRle {
  const { width, height, data } = bitmap;
  const counts: number[] = [];
  let current = 0;
  let run = 0;
  for (let x = 0; x < width; x += 1) {
    for (let y = 0; y < height; y += 1) {
      const value = data[y * width + x]!;
      if (value !== current) {
        counts.push(run);
        current = value;
        run = 0;
      }
      run += 1;
    }
  }
  counts.push(run);
  return { size: [height, width], counts };
}

/**
 * COCO's compressed RLE string (pycocotools' rleToString): each count, from the third on as
 * the difference to the count two before, in 5-bit groups, low first, 0x20 marking "more",
 * each group offset by 48 into printable ASCII.
 */
export function cocoRleToString(counts: readonly number[]): string {
  let text = '';
  for (let i = 0; i < counts.length; i += 1) {
    let x = counts[i]! - (i > 2 ? counts[i - 2]! : 0);
    let more = true;
    while (more) {
      let group = x & 0x1f;
      x >>= 5; // arithmetic shift: negative differences end at -1
      more = group & 0x10 ? x !== -1 : x !== 0;
      if (more) group |= 0x20;
      text += String.fromCharCode(group + 48);
    }
  }
  return text;
}

/** The counts of a compressed COCO RLE string (the inverse of cocoRleToString). */
export function cocoRleFromString(text: string): number[] {
  const counts: number[] = [];
  let p = 0;
  while (p < text.length) {
    let x = 0;
    let shift = 0;
    let more = true;
    while (more) {
      if (p >= text.length) throw invalidShape(`expected a complete COCO RLE string, got one that ends mid-count: ${JSON.stringify(text.slice(-16))}`);
      const group = text.charCodeAt(p) - 48;
      x |= (group & 0x1f) << shift;
      more = (group & 0x20) !== 0;
      p += 1;
      shift += 5;
      if (!more && group & 0x10) x |= -1 << shift;
    }
    counts.push(counts.length > 2 ? x + counts[counts.length - 2]! : x);
  }
  return counts;
}
