
/**
 * The idah-image geometry convention (README.md in this folder): coordinates normalised to
 * [0, 1] of the image, x by width and y by height. `parseImageShape` validates a record's
 * `dimensions` into an ImageShape; `toPixels` scales it to an image.
 */

import type { Box, Point } from './shapes/types.ts';
export type { Box, Point } from './shapes/types.ts';

export interface RunLengthMask {
  /** The grid the runs cover, `[rows, columns]`; it spans the whole image. */
  size: readonly [number, number];
  /** Row-major runs, alternating, starting with background (0s). */
  counts: readonly number[];
}

export type ImageShape =
  | { kind: 'box'; x1: number; y1: number; x2: number; y2: number }
  | { kind: 'polygon'; points: Point[] }
  | { kind: 'line'; points: Point[] }
  | { kind: 'circle'; center: Point; edge: Point }
  | { kind: 'ellipse'; center: Point; rx: number; ry: number; rotation: number }
  | ({ kind: 'mask' } & RunLengthMask);

export type ImageShapeKind = ImageShape['kind'];


const SHAPE_KINDS: Record<string, ImageShapeKind> = {
  'bounding-box': 'box',
  polygon: 'polygon',
  line: 'line',
  circle: 'circle',
  ellipse: 'ellipse',
  mask: 'mask',
};

const PREFIX = 'idah-image:';

import { invalidShape } from './shapes/shape-errors.ts';
export { invalidShape } from './shapes/shape-errors.ts';

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

function finite(value: unknown, what: string): number {
  if (!isFiniteNumber(value)) throw invalidShape(`expected ${what} to be a finite number, got ${describe(value)}`);
  return value;
}

/** A point [x, y]. Names like "line points[3]" are only built when the value is bad (this runs per point). */
function point(value: unknown, what: string, index?: number): Point {
  if (Array.isArray(value) && value.length === 2) {
    const x = value[0];
    const y = value[1];
    if (isFiniteNumber(x) && isFiniteNumber(y)) return [x, y];
  }
  const name = index === undefined ? what : `${what}[${index}]`;
  if (!Array.isArray(value) || value.length !== 2) throw invalidShape(`expected ${name} to be a point [x, y], got ${describe(value)}`);
  finite(value[0], `${name}[0]`);
  return [value[0] as number, finite(value[1], `${name}[1]`)];
}

function pointList(value: unknown, what: string, minimum: number): Point[] {
  if (!Array.isArray(value)) throw invalidShape(`expected ${what} to be a list of [x, y] points, got ${describe(value)}`);
  const points: Point[] = new Array(value.length);
  for (let i = 0; i < value.length; i += 1) points[i] = point(value[i], what, i);
  if (points.length < minimum) throw invalidShape(`expected ${what} to hold at least ${minimum} points, got ${points.length}`);
  return points;
}

/** True once `points` holds `wanted` pairwise different points; stops early. */
function hasDistinctPoints(points: readonly Point[], wanted: number): boolean {
  const seen: Point[] = [];
  for (const candidate of points) {
    let isNew = true;
    for (const other of seen) {
      if (other[0] === candidate[0] && other[1] === candidate[1]) {
        isNew = false;
        break;
      }
    }
    if (isNew) seen.push(candidate);
    if (seen.length >= wanted) return true;
  }
  return false;
}

/** The shape kind of a `dimensions.type` (`idah-image:polygon`, or the bare `polygon`). */
export function imageShapeKindOf(type: unknown): ImageShapeKind {
  // Compared as strings, most frequent first: types parsed from JSON are fresh strings, which a
  // Map lookup would hash on every call (measured about 3x slower).
  if (type === 'idah-image:bounding-box') return 'box';
  if (type === 'idah-image:polygon') return 'polygon';
  const bare = typeof type === 'string' && type.startsWith(PREFIX) ? type.slice(PREFIX.length) : type;
  const kind = typeof bare === 'string' && Object.hasOwn(SHAPE_KINDS, bare) ? SHAPE_KINDS[bare] : undefined;
  if (!kind) {
    throw invalidShape(`expected dimensions.type to be one of ${Object.keys(SHAPE_KINDS).map((name) => `"${PREFIX}${name}"`).join(', ')}, got ${describe(type)}`);
  }
  return kind;
}

/** Validates an annotation's `dimensions` into a shape in normalised units. */
export function parseImageShape(dimensions: unknown): ImageShape {
  if (typeof dimensions !== 'object' || dimensions === null || Array.isArray(dimensions)) {
    throw invalidShape(`expected dimensions to be an object with a type, got ${describe(dimensions)}`);
  }
  const d = dimensions as Record<string, unknown>;
  const kind = imageShapeKindOf(d.type);
  switch (kind) {
    case 'box':
      return parseBox(d);
    case 'polygon': {
      const points = pointList(d.points, 'polygon points', 0);
      if (!hasDistinctPoints(points, 3)) throw invalidShape(`expected a polygon of at least 3 distinct points, got ${describe(d.points)}`);
      return { kind, points };
    }
    case 'line':
      return { kind, points: pointList(d.points, 'line points', 2) };
    case 'circle': {
      if (!Array.isArray(d.points) || d.points.length !== 2) {
        throw invalidShape(`expected circle points to be [[cx, cy], [x, y] on the circle], got ${describe(d.points)}`);
      }
      return { kind, center: point(d.points[0], 'circle centre'), edge: point(d.points[1], 'circle edge point') };
    }
    case 'ellipse':
      return parseEllipse(d);
    case 'mask':
      return parseMask(d.mask);
  }
}

function parseBox(d: Record<string, unknown>): ImageShape {
  if (d.points === undefined && d.x !== undefined) {
    const x = finite(d.x, 'bounding-box x');
    const y = finite(d.y, 'bounding-box y');
    const width = finite(d.width, 'bounding-box width');
    const height = finite(d.height, 'bounding-box height');
    if (width < 0 || height < 0) throw invalidShape(`expected a bounding-box width and height of 0 or more, got ${width} x ${height}`);
    return { kind: 'box', x1: x, y1: y, x2: x + width, y2: y + height };
  }
  if (!Array.isArray(d.points) || d.points.length !== 2) {
    throw invalidShape(`expected a bounding-box as points [[x1, y1], [x2, y2]] or { x, y, width, height }, got ${describe(d.points ?? d)}`);
  }
  const a = point(d.points[0], 'bounding-box points', 0);
  const b = point(d.points[1], 'bounding-box points', 1);
  return { kind: 'box', x1: Math.min(a[0], b[0]), y1: Math.min(a[1], b[1]), x2: Math.max(a[0], b[0]), y2: Math.max(a[1], b[1]) };
}

function parseEllipse(d: Record<string, unknown>): ImageShape {
  if (!Array.isArray(d.points) || d.points.length !== 1) throw invalidShape(`expected ellipse points to be [[cx, cy]], got ${describe(d.points)}`);
  const center = point(d.points[0], 'ellipse centre');
  const rx = finite(d.rx, 'ellipse rx');
  const ry = finite(d.ry, 'ellipse ry');
  if (rx <= 0 || ry <= 0) throw invalidShape(`expected ellipse rx and ry above 0, got rx ${rx}, ry ${ry}`);
  const rotation = d.rotation === undefined || d.rotation === null ? 0 : finite(d.rotation, 'ellipse rotation (degrees)');
  return { kind: 'ellipse', center, rx, ry, rotation };
}

function parseMask(mask: unknown): ImageShape {
  const m = mask as { size?: unknown; counts?: unknown } | null;
  if (typeof m !== 'object' || m === null) throw invalidShape(`expected mask to be { size: [h, w], counts: [...] }, got ${describe(mask)}`);
  const size = m.size;
  if (!Array.isArray(size) || size.length !== 2 || !size.every((side) => Number.isInteger(side) && side > 0)) {
    throw invalidShape(`expected mask.size to be [height, width] in whole cells above 0, got ${describe(size)}`);
  }
  if (!Array.isArray(m.counts) || !m.counts.every((run) => Number.isInteger(run) && run >= 0)) {
    throw invalidShape(`expected mask.counts to be a list of whole run lengths of 0 or more, got ${describe(m.counts)}`);
  }
  const counts = m.counts as number[];
  const cells = size[0] * size[1];
  let total = 0;
  for (const run of counts) total += run;
  if (total !== cells) throw invalidShape(`expected mask.counts to add up to ${size[0]} x ${size[1]} = ${cells} cells, got ${total}`);
  return { kind: 'mask', size: [size[0], size[1]], counts };
}

/**
 * The same shape in pixels of a `width` x `height` image. Ellipse half-axes scale as rx by
 * width and ry by height, before the rotation. A mask keeps its grid: mask.ts scales it.
 */
export function toPixels(shape: ImageShape, width: number, height: number): ImageShape {
  const scale = (p: Point): Point => [p[0] * width, p[1] * height];
  switch (shape.kind) {
    case 'box':
      return { kind: 'box', x1: shape.x1 * width, y1: shape.y1 * height, x2: shape.x2 * width, y2: shape.y2 * height };
    case 'polygon':
    case 'line':
      return { kind: shape.kind, points: shape.points.map(scale) };
    case 'circle':
      return { kind: 'circle', center: scale(shape.center), edge: scale(shape.edge) };
    case 'ellipse':
      return { kind: 'ellipse', center: scale(shape.center), rx: shape.rx * width, ry: shape.ry * height, rotation: shape.rotation };
    case 'mask':
      return shape;
  }
}

/** The radius of a circle shape, in the units of its points (pixels after toPixels). */
export function circleRadius(shape: { center: Point; edge: Point }): number {
  return Math.hypot(shape.edge[0] - shape.center[0], shape.edge[1] - shape.center[1]);
}

/**
 * An ellipse as a polygon of `vertices` points, the first at angle 0. A positive rotation
 * (degrees) turns clockwise on screen, as image y grows downward.
 */
export function ellipseToPolygon(cx: number, cy: number, rx: number, ry: number, rotationDeg = 0, vertices = 32): Point[] {
  const theta = (rotationDeg * Math.PI) / 180;
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  const points: Point[] = [];
  for (let i = 0; i < vertices; i += 1) {
    const t = (2 * Math.PI * i) / vertices;
    const ex = rx * Math.cos(t);
    const ey = ry * Math.sin(t);
    points.push([cx + ex * cos - ey * sin, cy + ex * sin + ey * cos]);
  }
  return points;
}

/** A circle as a polygon (see ellipseToPolygon). */
export function circleToPolygon(cx: number, cy: number, radius: number, vertices = 32): Point[] {
  return ellipseToPolygon(cx, cy, radius, radius, 0, vertices);
}

/** The area enclosed by a polygon (shoelace formula), whatever its winding; 0 under 3 points. */
export function polygonArea(points: readonly Point[]): number {
  let twice = 0;
  for (let i = 0, j = points.length - 1; i < points.length; j = i, i += 1) {
    twice += points[j]![0] * points[i]![1] - points[i]![0] * points[j]![1];
  }
  return Math.abs(twice) / 2;
}

/** The smallest axis-aligned box holding every point. */
export function boundingBoxOf(points: readonly Point[]): Box {
  if (points.length === 0) throw invalidShape('expected at least one point to bound, got none');
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (const [x, y] of points) {
    if (x < x1) x1 = x;
    if (x > x2) x2 = x;
    if (y < y1) y1 = y;
    if (y > y2) y2 = y;
  }
  return { x1, y1, x2, y2 };
}

export { clamp01 } from './shapes/clamp.ts';
