import { describe, expect, it } from 'vitest';
import { type ParsedAnnotation, toPixelShape } from 'idah-plugin';
import { type CocoGeometry, cocoGeometry, insideShapeRing, ringJson } from './coco-geometry.ts';

type Shape = ParsedAnnotation['shape'];
const OPTIONS = { ellipseVertices: 32, rle: 'uncompressed' } as const;
const SIZES: [number, number][] = [[640, 480], [1, 1], [3, 7], [1280, 720], [33, 2000]];

/** insideShapeRing as the JSON fragment cocoGeometry gives (the exporter writes the ring's bytes itself). */
function insideShapeJson(shape: Shape, width: number, height: number): CocoGeometry | undefined {
  const ring = insideShapeRing(shape, width, height);
  return ring === undefined || 'problem' in ring ? ring : { json: ringJson(ring) };
}

/** A fixed pseudo-random sequence, so a failure names the same shape every run. */
function numbers(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/** Boxes (some rotated) and polygons of 3 to 7 points: inside, across the edges, on a coarse grid (degenerate after rounding). */
function shapes(count: number): Shape[] {
  const next = numbers(7);
  const out: Shape[] = [];
  for (let k = 0; k < count; k += 1) {
    const value = () => (k % 7 === 0 ? Math.round(next() * 4) / 4 : k % 11 === 0 ? next() * 1.4 - 0.2 : next());
    if (k % 2 === 1) {
      out.push({ kind: 'polygon', points: Array.from({ length: 3 + (k % 5) }, () => [value(), value()] as [number, number]) });
    } else {
      const [a, b, c, d] = [value(), value(), value(), value()];
      const [x1, x2, y1, y2] = [Math.min(a, b), Math.max(a, b), Math.min(c, d), Math.max(c, d)];
      out.push({ kind: 'box', corners: [[x1, y1], [x2, y1], [x2, y2], [x1, y2]], angle: k % 9 === 0 ? 0.4 : 0 });
    }
  }
  return out;
}

describe('insideShapeJson: the short way gives the general way\'s bytes', () => {
  it('equals cocoGeometry of the pixel shape for every box and polygon it takes, and declines the others', () => {
    let taken = 0;
    let declined = 0;
    shapes(20_000).forEach((shape, index) => {
      const [width, height] = SIZES[index % SIZES.length]!;
      const general = cocoGeometry(toPixelShape(shape, width, height), width, height, OPTIONS);
      const short = insideShapeJson(shape, width, height);
      if (short === undefined) {
        declined += 1;
        return;
      }
      taken += 1;
      expect(short, JSON.stringify({ shape, width, height })).toEqual(general);
    });
    // Both ways run: most shapes are inside their image, some cross an edge, are rotated or round to nothing.
    expect(taken).toBeGreaterThan(15_000);
    expect(declined).toBeGreaterThan(1_000);
  });

  it('writes an inside box as its 4 corners in hundredths of a pixel, its area width times height', () => {
    const box: Shape = { kind: 'box', corners: [[0.1, 0.25], [0.5, 0.25], [0.5, 0.75], [0.1, 0.75]], angle: 0 };
    expect(insideShapeJson(box, 200, 100)).toEqual({ json: '"bbox":[20,25,80,50],"area":4000,"iscrowd":0,"segmentation":[[20,25,100,25,100,75,20,75]]' });
  });

  it('leaves circles, ellipses, rotated boxes and shapes across the edge to the general way', () => {
    expect(insideShapeJson({ kind: 'circle', center: [0.5, 0.5], radius: 0.1 }, 100, 100)).toBeUndefined();
    expect(insideShapeJson({ kind: 'box', corners: [[0.1, 0.1], [0.2, 0.1], [0.2, 0.2], [0.1, 0.2]], angle: 0.1 }, 100, 100)).toBeUndefined();
    expect(insideShapeJson({ kind: 'polygon', points: [[-0.1, 0.1], [0.5, 0.1], [0.5, 0.6]] }, 100, 100)).toBeUndefined();
  });
});
