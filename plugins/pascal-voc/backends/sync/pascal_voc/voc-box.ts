import { clampTo, type ImageSize, NO_AREA_REASON, outlineOf, pixelExtent, type PixelShape, polygonRegionArea } from 'idah-plugin';

/** A box in whole pixel edges of the image: 0 <= x1 < x2 <= width, 0 <= y1 < y2 <= height. */
export interface PixelEdges {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** The box touches an edge of the image (the object may continue past it). */
  touchesEdge: boolean;
}

/** A shape's pixel box, or why it has none: `unsupported` for what VOC cannot hold, `problem` for bad data. */
export type BoxOutcome = { edges: PixelEdges } | { unsupported: string } | { problem: string };

/**
 * The shape (in pixels) as its axis-aligned extent (a rotated box's rotated corners; polygons,
 * circles, ellipses and masks by their bounding boxes) clipped to the image and rounded to the
 * nearest pixel edges, never thinner than one pixel. The polygon rule first: an outline with no
 * area left inside the image (a flat polygon) is a problem, as in every format.
 */
export function vocBoxFor(shape: PixelShape, size: ImageSize): BoxOutcome {
  if (shape.kind === 'line') return { unsupported: 'a line has no area; Pascal VOC objects are boxes' };
  if (shape.kind === 'entry-root') return { unsupported: 'entry:root is written as an image-level <tag>, not an object' };
  const { width, height } = size;
  const outline = outlineOf(shape);
  if (outline && !(polygonRegionArea(clampTo(width, height).polygon(outline)) > 0)) return { problem: NO_AREA_REASON };
  const extent = pixelExtent(shape);
  if (!extent) return { problem: 'expected a mask with at least one pixel on the object, got an empty one' };
  const [x1, x2] = edgesOf(extent.x1, extent.x2, width);
  const [y1, y2] = edgesOf(extent.y1, extent.y2, height);
  if (x1 === undefined || y1 === undefined || x2 === undefined || y2 === undefined) return { problem: NO_AREA_REASON };
  return { edges: { x1, y1, x2, y2, touchesEdge: x1 === 0 || y1 === 0 || x2 === width || y2 === height } };
}

/** [low, high] clipped to [0, limit] and rounded, at least one pixel apart; [] when nothing is inside. */
function edgesOf(low: number, high: number, limit: number): [number?, number?] {
  const from = Math.max(0, low);
  const to = Math.min(limit, high);
  if (!(to > from)) return [];
  let start = Math.round(from);
  let end = Math.round(to);
  if (end <= start) {
    // Thinner than a pixel: the pixel it lies in.
    start = Math.min(Math.floor(from), limit - 1);
    end = start + 1;
  }
  return [start, end];
}
