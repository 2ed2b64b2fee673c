import {
  type Box,
  boundingBoxOf,
  circleRadius,
  circleToPolygon,
  clamp01,
  decodeMask,
  ellipseToPolygon,
  type ImageShape,
  type ImageSize,
  maskBoundingBox,
  type Point,
  polygonArea,
  toPixels,
} from 'idah-plugin';
import { formatMillionths as f, toMillionths } from './normalized-number.ts';
import type { YoloTask } from './options.ts';

/**
 * One shape as the coordinates of a YOLO row (everything after the class id), or why it has none:
 * `unsupported` when YOLO cannot hold that kind of shape, `problem` when the data is at fault.
 * Values are normalised, x by the width and y by the height.
 */
export type RowOutcome = { coordinates: string } | { unsupported: string } | { problem: string };

const NO_AREA = 'expected a shape with an area inside the image, got one that has none once clipped to the image and rounded to 6 decimals';
const LINE = 'a line has no area; YOLO rows hold boxes (detect) or polygons (segment)';
const MASK_SEGMENT = 'YOLO segment rows hold one polygon, and masks are not traced into outlines; export masks with task "detect" (as their boxes), or as COCO or CVAT';

export function rowFor(shape: ImageShape, task: YoloTask, size: ImageSize): RowOutcome {
  return task === 'detect' ? detectRow(shape, size) : segmentRow(shape, size);
}

/** `cx cy w h` of the shape's extent clipped to the image. */
function detectRow(shape: ImageShape, size: ImageSize): RowOutcome {
  if (shape.kind === 'line') return { unsupported: LINE };
  const extent = extentOf(shape, size);
  if (!extent) return { problem: 'expected a mask with at least one pixel on the object, got an empty one' };
  const x1 = clamp01(extent.x1);
  const y1 = clamp01(extent.y1);
  const x2 = clamp01(extent.x2);
  const y2 = clamp01(extent.y2);
  const w = toMillionths(x2 - x1);
  const h = toMillionths(y2 - y1);
  if (w === 0 || h === 0) return { problem: NO_AREA };
  return { coordinates: `${f(toMillionths((x1 + x2) / 2))} ${f(toMillionths((y1 + y2) / 2))} ${f(w)} ${f(h)}` };
}

/** `x1 y1 x2 y2 ...` of the shape's outline, each point clamped to the image. */
function segmentRow(shape: ImageShape, size: ImageSize): RowOutcome {
  if (shape.kind === 'line') return { unsupported: LINE };
  if (shape.kind === 'mask') return { unsupported: MASK_SEGMENT };
  // In whole millionths, exactly as written, so the area test is about the row itself.
  const outline = outlineOf(shape, size).map(([x, y]): Point => [toMillionths(x), toMillionths(y)]);
  if (!(polygonArea(outline) > 0)) return { problem: NO_AREA };
  let coordinates = '';
  for (const [x, y] of outline) coordinates += `${coordinates ? ' ' : ''}${f(x)} ${f(y)}`;
  return { coordinates };
}

/** The shape's axis-aligned extent, normalised; undefined for an empty mask. */
function extentOf(shape: Exclude<ImageShape, { kind: 'line' }>, { width, height }: ImageSize): Box | undefined {
  switch (shape.kind) {
    case 'box':
      return shape;
    case 'polygon':
      return boundingBoxOf(shape.points);
    case 'circle': {
      const pixels = toPixels(shape, width, height) as typeof shape;
      return aroundCenter(shape.center, circleRadius(pixels) / width, circleRadius(pixels) / height);
    }
    case 'ellipse': {
      // The exact extent of the rotated ellipse, from its pixel half-axes.
      const rx = shape.rx * width;
      const ry = shape.ry * height;
      const theta = (shape.rotation * Math.PI) / 180;
      const halfWidth = Math.hypot(rx * Math.cos(theta), ry * Math.sin(theta));
      const halfHeight = Math.hypot(rx * Math.sin(theta), ry * Math.cos(theta));
      return aroundCenter(shape.center, halfWidth / width, halfHeight / height);
    }
    case 'mask': {
      const box = maskBoundingBox(decodeMask(shape, width, height));
      return box && { x1: box.x1 / width, y1: box.y1 / height, x2: box.x2 / width, y2: box.y2 / height };
    }
  }
}

/** The shape's outline as a polygon, normalised; circles and ellipses through 32 vertices in pixels. */
function outlineOf(shape: Exclude<ImageShape, { kind: 'line' | 'mask' }>, { width, height }: ImageSize): Point[] {
  switch (shape.kind) {
    case 'box':
      return [
        [shape.x1, shape.y1],
        [shape.x2, shape.y1],
        [shape.x2, shape.y2],
        [shape.x1, shape.y2],
      ];
    case 'polygon':
      return shape.points;
    case 'circle': {
      const pixels = toPixels(shape, width, height) as typeof shape;
      return normalized(circleToPolygon(pixels.center[0], pixels.center[1], circleRadius(pixels)), width, height);
    }
    case 'ellipse': {
      const [cx, cy] = shape.center;
      return normalized(ellipseToPolygon(cx * width, cy * height, shape.rx * width, shape.ry * height, shape.rotation), width, height);
    }
  }
}

function aroundCenter([cx, cy]: Point, halfWidth: number, halfHeight: number): Box {
  return { x1: cx - halfWidth, y1: cy - halfHeight, x2: cx + halfWidth, y2: cy + halfHeight };
}

function normalized(points: readonly Point[], width: number, height: number): Point[] {
  return points.map(([x, y]): Point => [x / width, y / height]);
}
