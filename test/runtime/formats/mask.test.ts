import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  cocoRleFromBitmap,
  cocoRleFromString,
  cocoRleToString,
  maskBoundingBox,
  maskPixelCount,
} from '../../../runtime/formats/mask.ts';

const rows = (bitmap: { width: number; data: Uint8Array }) =>
  Array.from({ length: bitmap.data.length / bitmap.width }, (_, y) => [...bitmap.data.subarray(y * bitmap.width, (y + 1) * bitmap.width)].join(''));

/** A test bitmap from row-major runs alternating from 0s (a compact way to write one down). */
function bitmapFromRuns(width: number, height: number, runs: number[]) {
  const data = new Uint8Array(width * height);
  let at = 0;
  runs.forEach((run, index) => {
    if (index % 2 === 1) data.fill(1, at, at + run);
    at += run;
  });
  return { width, height, data };
}

describe('mask bitmaps', () => {
  it('are row-major', () => {
    // 3 rows x 4 columns: 1 zero, 2 ones, 3 zeros, 4 ones, 2 zeros, filled row by row.
    expect(rows(bitmapFromRuns(4, 3, [1, 2, 3, 4, 2]))).toEqual(['0110', '0011', '1100']);
  });

  it('counts pixels and bounds them by pixel edges', () => {
    const bitmap = bitmapFromRuns(4, 3, [1, 2, 3, 4, 2]);
    expect(maskPixelCount(bitmap)).toBe(6);
    expect(maskBoundingBox(bitmap)).toEqual({ x1: 0, y1: 0, x2: 4, y2: 3 });
    const single = bitmapFromRuns(4, 3, [6, 1, 5]);
    expect(maskBoundingBox(single)).toEqual({ x1: 2, y1: 1, x2: 3, y2: 2 });
    expect(maskBoundingBox(bitmapFromRuns(2, 2, [4]))).toBeUndefined();
  });
});

describe('COCO RLE', () => {
  it('is column-major and starts with a run of zeros, even when the first pixel is set', () => {
    // Rows '0110' / '0011' / '1100' read down each column: 001 101 110 010.
    const bitmap = bitmapFromRuns(4, 3, [1, 2, 3, 4, 2]);
    expect(cocoRleFromBitmap(bitmap)).toEqual({ size: [3, 4], counts: [2, 2, 1, 3, 2, 1, 1] });
    const full = bitmapFromRuns(2, 1, [0, 2]);
    expect(cocoRleFromBitmap(full).counts).toEqual([0, 2]);
  });

  it('agrees with an independent column-major decoder (Python, numpy-free)', () => {
    const bitmap = bitmapFromRuns(7, 5, [3, 4, 6, 9, 2, 5, 6]);
    const rle = cocoRleFromBitmap(bitmap);
    const script = [
      'import json, sys',
      'rle = json.loads(sys.argv[1]); h, w = rle["size"]',
      'flat = []',
      'for i, n in enumerate(rle["counts"]): flat += [i % 2] * n',
      'print(json.dumps(["".join(str(flat[x * h + y]) for x in range(w)) for y in range(h)]))',
    ].join('\n');
    const decoded = JSON.parse(execFileSync('python3', ['-c', script, JSON.stringify(rle)]).toString());
    expect(decoded).toEqual(rows(bitmap));
  });

  it('compresses counts as pycocotools does (hand-computed strings) and back', () => {
    expect(cocoRleToString([3, 4, 3])).toBe('343');
    // 3 - 10 = -7: group 25 with no "more" bit, 25 + 48 = "I".
    expect(cocoRleToString([5, 10, 2, 3])).toBe('5:2I');
    // 100 = 4 + 3·32: "T" (4 | 0x20, + 48), then "3".
    expect(cocoRleToString([100])).toBe('T3');
    for (const counts of [[3, 4, 3], [5, 10, 2, 3], [100], [0, 70000, 12, 1, 999999, 3, 0]]) {
      expect(cocoRleFromString(cocoRleToString(counts))).toEqual(counts);
    }
  });
});
