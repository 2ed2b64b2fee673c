import type { IdahShape, MaskTile, Point } from './types.ts';
import { describeValue as describe, invalidShape, isFiniteNumber } from './shape-errors.ts';

/**
 * Validates a record's `dimensions` into an IdahShape (runtime/formats/README.md), exactly as
 * IDAH's image plugin stores it. Coordinates stay normalised and unclamped. Legacy rows in the
 * video form (`frames` and no top-level `points`) are read from their single keyframe; an
 * `angle` on a polygon or line (written for a while) is ignored. Anything else throws
 * SOURCE_INVALID saying what was expected and what came.
 */
export function parseIdahShape(dimensions: unknown): IdahShape {
  if (typeof dimensions !== 'object' || dimensions === null || Array.isArray(dimensions)) {
    throw invalidShape(`expected dimensions to be an object with a type, got ${describe(dimensions)}`);
  }
  const d = dimensions as Record<string, unknown>;
  const type = d.type;
  if (type === ENTRY_ROOT) return { kind: 'entry-root' };
  if (typeof type !== 'string' || !type.startsWith(PREFIX)) throw unknownType(type);
  const name = type.slice(PREFIX.length);
  const mask = name === 'mask';
  const { points, angle } = mask ? { points: d.points, angle: undefined } : geometryOf(d, type);
  switch (name) {
    case 'bounding-box':
      return { kind: 'box', corners: boxCorners(points), angle: angleOf(angle, 'bounding-box angle') };
    case 'polygon': {
      const vertices = pointList(points, 'polygon points');
      if (vertices.length < 3) throw invalidShape(`expected a polygon of at least 3 points, got ${vertices.length}: ${describe(points)}`);
      return { kind: 'polygon', points: vertices };
    }
    case 'line': {
      const ends = pointList(points, 'line points');
      if (ends.length !== 2) throw invalidShape(`expected a line of exactly 2 points, got ${ends.length}: ${describe(points)}`);
      return { kind: 'line', points: [ends[0]!, ends[1]!] };
    }
    case 'circle':
      return parseCircle(d, points);
    case 'ellipse':
      return parseEllipse(points, angle);
    case 'mask':
      return { kind: 'mask', tiles: maskTiles(d) };
    default:
      throw unknownType(type);
  }
}

const PREFIX = 'idah-image:';
const ENTRY_ROOT = 'entry:root';
const SHAPES = ['bounding-box', 'polygon', 'line', 'circle', 'ellipse', 'mask'];
const TILE_KEY = /^tile-(\d+)x(\d+)$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function unknownType(type: unknown): Error {
  const expected = `one of ${SHAPES.map((name) => `"${PREFIX}${name}"`).join(', ')} or "${ENTRY_ROOT}"`;
  if (typeof type === 'string' && type.startsWith('idah-video:')) {
    return invalidShape(`expected an image shape (${expected}), got the video shape "${type}"`);
  }
  return invalidShape(`expected dimensions.type to be ${expected}, got ${describe(type)}`);
}

/** Top-level `points`/`angle`, or those of the single keyframe of a legacy row in the video form. */
function geometryOf(d: Record<string, unknown>, type: string): { points: unknown; angle: unknown } {
  if (d.points !== undefined || !Array.isArray(d.frames)) {
    if (d.points === undefined && (d.x !== undefined || d.width !== undefined)) {
      throw invalidShape(`expected ${type} as normalised points, got x/y/width/height, which no IDAH writer produces (pixels or normalised cannot be told): ${describe(d)}`);
    }
    return { points: d.points, angle: d.angle };
  }
  const frames = d.frames as unknown[];
  const first = frames[0] as { points?: unknown; angle?: unknown } | undefined;
  if (!first || typeof first !== 'object') throw invalidShape(`expected ${type} with points, or a legacy frames list holding one keyframe, got ${describe(d.frames)}`);
  const same = frames.every((frame) => {
    const f = frame as { points?: unknown; angle?: unknown } | null;
    return f !== null && typeof f === 'object' && JSON.stringify(f.points) === JSON.stringify(first.points) && (f.angle ?? 0) === (first.angle ?? 0);
  });
  if (!same) throw invalidShape(`expected a legacy image ${type} with one keyframe, got ${frames.length} keyframes that differ (which one holds is ambiguous)`);
  return { points: first.points, angle: first.angle };
}

function point(value: unknown, name: string): Point {
  if (Array.isArray(value) && value.length === 2 && isFiniteNumber(value[0]) && isFiniteNumber(value[1])) return [value[0], value[1]];
  throw invalidShape(`expected ${name} to be a point [x, y] of finite numbers, got ${describe(value)}`);
}

function pointList(value: unknown, what: string): Point[] {
  if (!Array.isArray(value)) throw invalidShape(`expected ${what} to be a list of [x, y] points, got ${describe(value)}`);
  const points: Point[] = new Array(value.length);
  for (let i = 0; i < value.length; i += 1) {
    const p = value[i];
    points[i] = Array.isArray(p) && p.length === 2 && isFiniteNumber(p[0]) && isFiniteNumber(p[1]) ? [p[0], p[1]] : point(p, `${what}[${i}]`);
  }
  return points;
}

/** Whether `value` is a list of [x, y] points of finite numbers (as pointList takes them), checked without copying. */
function arePoints(value: unknown): value is Point[] {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i += 1) {
    const p: unknown = value[i];
    if (!(Array.isArray(p) && p.length === 2 && isFiniteNumber(p[0]) && isFiniteNumber(p[1]))) return false;
  }
  return true;
}

function angleOf(value: unknown, name: string): number {
  if (value === undefined || value === null) return 0;
  if (!isFiniteNumber(value)) throw invalidShape(`expected ${name} to be a finite number of radians, got ${describe(value)}`);
  return value;
}

/** The 4 corners of an axis-aligned rectangle, normalised to tl, tr, br, bl (IDAH's own order). */
function boxCorners(points: unknown): [Point, Point, Point, Point] {
  // Read in place when every point is valid (new corners are built below); pointList says what is wrong otherwise.
  const corners = arePoints(points) ? points : pointList(points, 'bounding-box points');
  if (corners.length !== 4) {
    throw invalidShape(`expected a bounding-box as 4 corner points [tl, tr, br, bl], got ${corners.length} point(s): ${describe(points)}`);
  }
  // Called for every box of an export: plain indexed loops, no arrays or sets per call (array
  // destructuring and for...of allocated an iterator result per point: a third of a box's garbage).
  let x1 = corners[0]![0];
  let y1 = corners[0]![1];
  let x2 = x1;
  let y2 = y1;
  for (let i = 1; i < 4; i += 1) {
    const x = corners[i]![0];
    const y = corners[i]![1];
    if (x < x1) x1 = x;
    if (x > x2) x2 = x;
    if (y < y1) y1 = y;
    if (y > y2) y2 = y;
  }
  const tolerance = 1e-9 * Math.max(1, Math.abs(x2), Math.abs(y2));
  // Bit `column + row` for each corner (tl 0, tr 1, bl 2, br 3): all four set when every corner is distinct.
  let seen = 0;
  let onCorners = true;
  for (let i = 0; i < 4; i += 1) {
    const x = corners[i]![0];
    const y = corners[i]![1];
    const column = Math.abs(x - x1) <= tolerance ? 0 : Math.abs(x - x2) <= tolerance ? 1 : -1;
    const row = Math.abs(y - y1) <= tolerance ? 0 : Math.abs(y - y2) <= tolerance ? 2 : -1;
    if (column < 0 || row < 0) onCorners = false;
    else seen |= 1 << (column + row);
  }
  // A box of no width or height has fewer than 4 distinct corners; the format decides what to do with it.
  if (!onCorners || (seen !== 0b1111 && x1 !== x2 && y1 !== y2)) {
    throw invalidShape(`expected a bounding-box's 4 points to be the corners of an axis-aligned rectangle, got ${describe(points)}`);
  }
  return [[x1, y1], [x2, y1], [x2, y2], [x1, y2]];
}

function parseCircle(d: Record<string, unknown>, points: unknown): IdahShape {
  if (!Array.isArray(points) || points.length !== 1) {
    throw invalidShape(`expected circle points to be [[cx, cy]] (the centre alone) with a radius, got ${describe(points)}`);
  }
  const radius = d.radius;
  if (!isFiniteNumber(radius) || radius < 0) {
    throw invalidShape(`expected circle radius to be a number of 0 or more (normalised by min(width, height)), got ${describe(radius)}`);
  }
  return { kind: 'circle', center: point(points[0], 'circle centre'), radius };
}

function parseEllipse(points: unknown, angle: unknown): IdahShape {
  if (!Array.isArray(points) || points.length !== 2) {
    throw invalidShape(`expected ellipse points to be [[cx, cy], [rx, ry]] (the centre, then the half-axes), got ${describe(points)}`);
  }
  const center = point(points[0], 'ellipse centre');
  const [rx, ry] = point(points[1], 'ellipse half-axes [rx, ry]');
  if (rx < 0 || ry < 0) throw invalidShape(`expected ellipse half-axes of 0 or more, got rx ${rx}, ry ${ry}`);
  return { kind: 'ellipse', center, rx, ry, angle: angleOf(angle, 'ellipse angle') };
}

function maskTiles(d: Record<string, unknown>): MaskTile[] {
  if (d.mask !== undefined) throw invalidShape(`expected mask tiles under "tile-<col>x<row>" keys, got a "mask" key, which no IDAH writer produces: ${describe(d.mask)}`);
  const tiles: MaskTile[] = [];
  for (const key of Object.keys(d)) {
    const match = TILE_KEY.exec(key);
    if (!match) continue;
    const value = d[key] as { rle?: unknown } | null;
    const rle = value !== null && typeof value === 'object' ? value.rle : undefined;
    if (typeof rle !== 'string') throw invalidShape(`expected mask ${key} to be { "rle": "<base64>" }, got ${describe(value)}`);
    if (!BASE64.test(rle)) {
      const legacy = /^\d+,\d+/.test(rle) ? ' (the legacy text RLE of 64-pixel tiles, whose tile size is not recorded, so it cannot be read unambiguously)' : '';
      throw invalidShape(`expected mask ${key} rle to be base64, got ${describe(rle)}${legacy}`);
    }
    tiles.push({ col: Number(match[1]), row: Number(match[2]), rle });
  }
  tiles.sort((a, b) => a.row - b.row || a.col - b.col);
  return tiles;
}
