import { type Box, clampTo, type ImageSize, NO_AREA_REASON, outlineOf, type ParsedAnnotation, pixelExtent, type PixelShape, type Point, polygonRegionArea } from 'idah-plugin';
import { minAreaRect } from './min-area-rect.ts';
import { formatMillionths as f, toMillionths } from './normalized-number.ts';
import type { YoloTask } from './options.ts';

/**
 * One shape as the coordinates of a YOLO row (everything after the class id), or why it has none:
 * `unsupported` when YOLO cannot hold that kind of shape, `problem` when the data is at fault.
 * Values are normalised, x by the width and y by the height, 6 decimals, in [0, 1].
 */
export type RowOutcome = { coordinates: string } | { unsupported: string } | { problem: string };

const LINE = 'a line has no area; YOLO rows hold boxes (detect, obb) or polygons (segment)';
export const ROOT_REASON = 'entry:root is an image-level classification; YOLO detection labels hold objects only';
const MASK_SEGMENT = 'YOLO segment rows hold one polygon, and masks are not traced into outlines; export masks with task "detect" or "obb" (as their boxes), or as COCO or CVAT';
const EMPTY_MASK = 'expected a mask with at least one pixel on the object, got an empty one';

/** `shape` in pixels of an image of `size`. */
export function rowFor(shape: PixelShape, task: YoloTask, size: ImageSize): RowOutcome {
  if (shape.kind === 'line') return { unsupported: LINE };
  if (shape.kind === 'entry-root') return { unsupported: ROOT_REASON };
  if (task === 'detect') return detectRow(shape, size);
  if (task === 'segment') return segmentRow(shape, size);
  return obbRow(shape, size);
}

/** `cx cy w h` of the shape's axis-aligned extent (a rotated box's rotated corners) clipped to the image. */
function detectRow(shape: PixelShape, size: ImageSize): RowOutcome {
  const extent = pixelExtent(shape);
  return extent ? detectRowOfExtent(extent, size) : { problem: EMPTY_MASK };
}

/**
 * The detect values of a stored (normalised) box without rotation or polygon, in an image of
 * `size` kept as stored, into `out` as millionths `cx cy w h`: the same numbers as rowFor on its
 * pixel shape, without building that shape or any text (the extent of `x * width` is taken point
 * by point, as toPixelShape and pixelExtent do). True when written, false when the box has no
 * area (NO_AREA_REASON), undefined for any other shape: those take rowFor.
 */
export function storedDetectValues(shape: ParsedAnnotation['shape'], size: ImageSize, out: DetectValues): boolean | undefined {
  const { width, height } = size;
  if (shape.kind === 'box') {
    if (shape.angle !== 0) return undefined;
    const [topLeft, , bottomRight] = shape.corners;
    return detectValues(topLeft[0] * width, topLeft[1] * height, bottomRight[0] * width, bottomRight[1] * height, size, out);
  }
  if (shape.kind !== 'polygon') return undefined;
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (const point of shape.points) {
    const x = point[0] * width;
    const y = point[1] * height;
    if (x < x1) x1 = x;
    if (x > x2) x2 = x;
    if (y < y1) y1 = y;
    if (y > y2) y2 = y;
  }
  return detectValues(x1, y1, x2, y2, size, out);
}

/** Where detect values go: `cx cy w h` in millionths. */
export type DetectValues = Int32Array | number[];

/** `value` limited to [0, max], as clampTo does (inlined: this runs once per box). */
const limit = (value: number, max: number) => (value < 0 ? 0 : value > max ? max : value);

/** The pixel extent `x1 y1 x2 y2` clipped to the image as millionths `cx cy w h` into `out`; false (nothing usable) when it has no area. */
function detectValues(px1: number, py1: number, px2: number, py2: number, { width, height }: ImageSize, out: DetectValues): boolean {
  const x1 = limit(px1, width) / width;
  const y1 = limit(py1, height) / height;
  const x2 = limit(px2, width) / width;
  const y2 = limit(py2, height) / height;
  const w = toMillionths(x2 - x1);
  const h = toMillionths(y2 - y1);
  if (w === 0 || h === 0) return false;
  out[0] = toMillionths((x1 + x2) / 2);
  out[1] = toMillionths((y1 + y2) / 2);
  out[2] = w;
  out[3] = h;
  return true;
}

function detectRowOfExtent(extent: Box, size: ImageSize): RowOutcome {
  const values = [0, 0, 0, 0];
  if (!detectValues(extent.x1, extent.y1, extent.x2, extent.y2, size, values)) return { problem: NO_AREA_REASON };
  return { coordinates: values.map(f).join(' ') };
}

/** Points in pixels as normalised millionths, exactly as written. */
function inMillionths(points: readonly Point[], width: number, height: number): Point[] {
  return points.map(([x, y]): Point => [toMillionths(x / width), toMillionths(y / height)]);
}

function rowOf(points: readonly Point[]): string {
  let coordinates = '';
  for (const [x, y] of points) coordinates += `${coordinates ? ' ' : ''}${f(x)} ${f(y)}`;
  return coordinates;
}

/** `x1 y1 x2 y2 ...` of the shape's outline clipped to the image; its area (the polygon rule) must be left. */
function segmentRow(shape: PixelShape, { width, height }: ImageSize): RowOutcome {
  if (shape.kind === 'mask') return { unsupported: MASK_SEGMENT };
  const outline = outlineOf(shape) ?? [];
  const written = inMillionths(clampTo(width, height).polygon(outline), width, height);
  if (written.length < 3 || !(polygonRegionArea(written) > 0)) return { problem: NO_AREA_REASON };
  return { coordinates: rowOf(written) };
}

/**
 * Ultralytics OBB: `x1 y1 x2 y2 x3 y3 x4 y4`, the 4 corners of an oriented box. Boxes give their
 * rotated corners, ellipses the rectangle of their turned axes, circles their square, polygons
 * their smallest-area rectangle (as Ultralytics' minAreaRect), masks their pixel extent. Each
 * corner is clamped to [0, 1] on its own (Ultralytics rejects values outside), so a box that
 * crosses an edge is kept as its clamped corners.
 */
function obbRow(shape: PixelShape, { width, height }: ImageSize): RowOutcome {
  let corners: readonly Point[] | undefined;
  switch (shape.kind) {
    case 'box':
      corners = shape.corners;
      break;
    case 'ellipse': {
      const [cx, cy] = shape.center;
      const [c, s] = [Math.cos(shape.angle), Math.sin(shape.angle)];
      const at = (a: number, b: number): Point => [cx + a * shape.rx * c - b * shape.ry * s, cy + a * shape.rx * s + b * shape.ry * c];
      corners = [at(-1, -1), at(1, -1), at(1, 1), at(-1, 1)];
      break;
    }
    case 'circle': {
      const [cx, cy] = shape.center;
      const r = shape.radius;
      corners = [[cx - r, cy - r], [cx + r, cy - r], [cx + r, cy + r], [cx - r, cy + r]];
      break;
    }
    case 'polygon':
      corners = minAreaRect(shape.points);
      break;
    case 'mask': {
      const extent = pixelExtent(shape);
      if (!extent) return { problem: EMPTY_MASK };
      corners = [[extent.x1, extent.y1], [extent.x2, extent.y1], [extent.x2, extent.y2], [extent.x1, extent.y2]];
      break;
    }
  }
  if (!corners) return { problem: NO_AREA_REASON };
  const written = inMillionths(corners, width, height);
  if (!(polygonRegionArea(written) > 0)) return { problem: NO_AREA_REASON };
  return { coordinates: rowOf(written) };
}
