import { maskBoundingBox } from '../mask.ts';
import { decodeMaskTiles } from './mask-tiles.ts';
import { parseIdahShape } from './parse-shape.ts';
import type { Box, IdahShape, PixelBox, PixelShape, Point } from './types.ts';

/** `p` turned by `angle` radians about `center`: clockwise on screen, as image y grows downward. */
export function rotatePoint(p: Point, center: Point, angle: number): Point {
  if (angle === 0) return p;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const dx = p[0] - center[0];
  const dy = p[1] - center[1];
  return [center[0] + dx * cos - dy * sin, center[1] + dx * sin + dy * cos];
}

/** An angle in radians as clockwise degrees in [0, 360), for formats that carry a rotation. */
export function angleDegrees(angle: number): number {
  const degrees = ((angle * 180) / Math.PI) % 360;
  const wrapped = degrees < 0 ? degrees + 360 : degrees;
  return wrapped >= 360 ? 0 : wrapped;
}

/**
 * A shape in pixels of a `width` x `height` image (the original's `meta.width` and `height`):
 * x times width, y times height; a circle's radius times min(width, height); an ellipse's rx
 * times width and ry times height; rotations about the centre in pixel space. A mask is
 * decoded to a bitmap of the image's size. `shape` is a parsed IdahShape or a record's
 * `dimensions` (parsed here, throwing SOURCE_INVALID when it is not an IDAH shape).
 * Nothing is clamped: see clampTo.
 */
export function toPixelShape(shape: IdahShape | { type: string; [key: string]: unknown }, width: number, height: number): PixelShape {
  const s: IdahShape = 'kind' in shape && typeof shape.kind === 'string' && !('type' in shape) ? (shape as IdahShape) : parseIdahShape(shape);
  const scale = (p: Point): Point => [p[0] * width, p[1] * height];
  switch (s.kind) {
    case 'box':
      return pixelBox(s.corners[0][0] * width, s.corners[0][1] * height, s.corners[2][0] * width, s.corners[2][1] * height, s.angle);
    case 'polygon':
      return { kind: 'polygon', points: s.points.map(scale) };
    case 'line':
      return { kind: 'line', points: [scale(s.points[0]), scale(s.points[1])] };
    case 'circle':
      return { kind: 'circle', center: scale(s.center), radius: s.radius * Math.min(width, height) };
    case 'ellipse':
      return { kind: 'ellipse', center: scale(s.center), rx: s.rx * width, ry: s.ry * height, angle: s.angle };
    case 'mask':
      return { kind: 'mask', bitmap: decodeMaskTiles(s.tiles, width, height) };
    case 'entry-root':
      return s;
  }
}

/** A pixel box from its unrotated edges and its angle. */
export function pixelBox(x1: number, y1: number, x2: number, y2: number, angle = 0): PixelBox {
  const center: Point = [(x1 + x2) / 2, (y1 + y2) / 2];
  const unrotated: Point[] = [[x1, y1], [x2, y1], [x2, y2], [x1, y2]];
  const [tl, tr, br, bl] = unrotated.map((p) => rotatePoint(p, center, angle)) as [Point, Point, Point, Point];
  const corners = [tl, tr, br, bl] as const;
  return { kind: 'box', x1, y1, x2, y2, center, width: x2 - x1, height: y2 - y1, angle, corners, extent: angle === 0 ? { x1, y1, x2, y2 } : extentOf(corners) };
}

/** The smallest axis-aligned box holding every point. */
export function extentOf(points: readonly Point[]): Box {
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

/**
 * The axis-aligned pixel extent of any shape: a rotated box's rotated corners, a rotated
 * ellipse's exact extent, a mask's set pixels (edges: x2 = last column + 1). Undefined for
 * `entry-root` and an empty mask.
 */
export function pixelExtent(shape: PixelShape): Box | undefined {
  switch (shape.kind) {
    case 'box':
      return shape.extent;
    case 'polygon':
    case 'line':
      return extentOf(shape.points);
    case 'circle': {
      const [cx, cy] = shape.center;
      return { x1: cx - shape.radius, y1: cy - shape.radius, x2: cx + shape.radius, y2: cy + shape.radius };
    }
    case 'ellipse': {
      const cos = Math.cos(shape.angle);
      const sin = Math.sin(shape.angle);
      const hx = Math.hypot(shape.rx * cos, shape.ry * sin);
      const hy = Math.hypot(shape.rx * sin, shape.ry * cos);
      const [cx, cy] = shape.center;
      return { x1: cx - hx, y1: cy - hy, x2: cx + hx, y2: cy + hy };
    }
    case 'mask':
      return maskBoundingBox(shape.bitmap);
    case 'entry-root':
      return undefined;
  }
}

/** An ellipse as a polygon of `vertices` points in pixels, the first on the rotated +x half-axis. */
export function ellipsePolygon(ellipse: { center: Point; rx: number; ry: number; angle: number }, vertices = 32): Point[] {
  const cos = Math.cos(ellipse.angle);
  const sin = Math.sin(ellipse.angle);
  const [cx, cy] = ellipse.center;
  const points: Point[] = [];
  for (let i = 0; i < vertices; i += 1) {
    const t = (2 * Math.PI * i) / vertices;
    const ex = ellipse.rx * Math.cos(t);
    const ey = ellipse.ry * Math.sin(t);
    points.push([cx + ex * cos - ey * sin, cy + ex * sin + ey * cos]);
  }
  return points;
}

/** A circle as a polygon (see ellipsePolygon). */
export function circlePolygon(circle: { center: Point; radius: number }, vertices = 32): Point[] {
  return ellipsePolygon({ center: circle.center, rx: circle.radius, ry: circle.radius, angle: 0 }, vertices);
}

/**
 * The outline of a shape with an area, as a polygon in pixels: a box's rotated corners, a
 * polygon's points, a circle or ellipse sampled at `vertices` points. Undefined for lines,
 * masks and `entry-root`.
 */
export function outlineOf(shape: PixelShape, vertices = 32): Point[] | undefined {
  switch (shape.kind) {
    case 'box':
      return [...shape.corners];
    case 'polygon':
      return shape.points;
    case 'circle':
      return circlePolygon(shape, vertices);
    case 'ellipse':
      return ellipsePolygon(shape, vertices);
    default:
      return undefined;
  }
}
