import {
  type Box,
  boundingBoxOf,
  circleRadius,
  decodeMask,
  type ImageShape,
  type ImageSize,
  maskBoundingBox,
  toPixels,
} from 'idah-plugin';

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

const NO_AREA = 'expected a shape with an area inside the image, got one that has none once clipped to the image';

/**
 * The shape's extent (polygons, circles, ellipses and masks by their bounding boxes) clipped to
 * the image and rounded to the nearest pixel edges, never thinner than one pixel.
 */
export function vocBoxFor(shape: ImageShape, size: ImageSize): BoxOutcome {
  if (shape.kind === 'line') return { unsupported: 'a line has no area; Pascal VOC objects are boxes' };
  const extent = pixelExtentOf(shape, size);
  if (!extent) return { problem: 'expected a mask with at least one pixel on the object, got an empty one' };
  const { width, height } = size;
  const [x1, x2] = edgesOf(extent.x1, extent.x2, width);
  const [y1, y2] = edgesOf(extent.y1, extent.y2, height);
  if (x1 === undefined || y1 === undefined || x2 === undefined || y2 === undefined) return { problem: NO_AREA };
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

function pixelExtentOf(shape: Exclude<ImageShape, { kind: 'line' }>, { width, height }: ImageSize): Box | undefined {
  switch (shape.kind) {
    case 'box':
      return toPixels(shape, width, height) as Box;
    case 'polygon':
      return boundingBoxOf((toPixels(shape, width, height) as typeof shape).points);
    case 'circle': {
      const { center, edge } = toPixels(shape, width, height) as typeof shape;
      const radius = circleRadius({ center, edge });
      return { x1: center[0] - radius, y1: center[1] - radius, x2: center[0] + radius, y2: center[1] + radius };
    }
    case 'ellipse': {
      const { center, rx, ry, rotation } = toPixels(shape, width, height) as typeof shape;
      const theta = (rotation * Math.PI) / 180;
      const halfWidth = Math.hypot(rx * Math.cos(theta), ry * Math.sin(theta));
      const halfHeight = Math.hypot(rx * Math.sin(theta), ry * Math.cos(theta));
      return { x1: center[0] - halfWidth, y1: center[1] - halfHeight, x2: center[0] + halfWidth, y2: center[1] + halfHeight };
    }
    case 'mask':
      return maskBoundingBox(decodeMask(shape, width, height));
  }
}
