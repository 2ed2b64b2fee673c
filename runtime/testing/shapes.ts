import type { FixturePoint, IdahImageDimensions } from '../sources/memory/fixtures.ts';
import { maskTilesFromBitmap } from '../formats/shapes/mask-tiles.ts';

/**
 * Fixture shapes in the form IDAH stores them, from plain normalised numbers (x by the width,
 * y by the height of the original image).
 */

/** A box from its unrotated edges, turned `angle` radians clockwise about its centre. */
export function imageBox(x1: number, y1: number, x2: number, y2: number, angle = 0): IdahImageDimensions {
  return { type: 'idah-image:bounding-box', points: [[x1, y1], [x2, y1], [x2, y2], [x1, y2]], angle };
}

export function imagePolygon(points: FixturePoint[]): IdahImageDimensions {
  return { type: 'idah-image:polygon', points };
}

export function imageLine(from: FixturePoint, to: FixturePoint): IdahImageDimensions {
  return { type: 'idah-image:line', points: [from, to] };
}

/** `radius` is normalised by min(width, height), so the circle stays round on any image. */
export function imageCircle(cx: number, cy: number, radius: number): IdahImageDimensions {
  return { type: 'idah-image:circle', points: [[cx, cy]], radius };
}

/** Half-axes `rx` (by width) and `ry` (by height), turned `angle` radians clockwise. */
export function imageEllipse(cx: number, cy: number, rx: number, ry: number, angle = 0): IdahImageDimensions {
  return { type: 'idah-image:ellipse', points: [[cx, cy], [rx, ry]], angle };
}

/** A mask of the pixels for which `inside(x, y)` holds on a `width` x `height` image, as 128-pixel tiles. */
export function imageMask(width: number, height: number, inside: (x: number, y: number) => boolean): IdahImageDimensions {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y += 1) for (let x = 0; x < width; x += 1) if (inside(x, y)) data[y * width + x] = 1;
  return { type: 'idah-image:mask', points: [], ...maskTilesFromBitmap({ width, height, data }) } as IdahImageDimensions;
}

/** An entry-level classification: give it a value `{ category, attributes }`. */
export function entryRoot(): IdahImageDimensions {
  return { type: 'entry:root' };
}
