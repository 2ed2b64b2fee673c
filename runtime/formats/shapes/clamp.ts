import type { Box, Point } from './types.ts';

/**
 * Limits to a `width` x `height` image in pixels. IDAH does not clamp (a shape dragged past the
 * edge keeps values below 0 or above 1), so each format applies the rule it documents.
 */
export interface Clamp {
  x(value: number): number;
  y(value: number): number;
  point(p: Point): Point;
  /** Each edge limited to the image; the box may end up with no width or height. */
  box(box: Box): Box;
  /**
   * The part of a polygon inside the image (Sutherland-Hodgman against the 4 edges), so the
   * outline keeps its shape where it is inside; [] when nothing is inside.
   */
  polygon(points: readonly Point[]): Point[];
}

/** Methods, not closures made per call: formats build one per annotation. */
class ImageClamp implements Clamp {
  readonly #width: number;
  readonly #height: number;

  constructor(width: number, height: number) {
    this.#width = width;
    this.#height = height;
  }

  x(value: number): number {
    return value < 0 ? 0 : value > this.#width ? this.#width : value;
  }

  y(value: number): number {
    return value < 0 ? 0 : value > this.#height ? this.#height : value;
  }

  point(p: Point): Point {
    return [this.x(p[0]), this.y(p[1])];
  }

  box(b: Box): Box {
    return { x1: this.x(b.x1), y1: this.y(b.y1), x2: this.x(b.x2), y2: this.y(b.y2) };
  }

  polygon(points: readonly Point[]): Point[] {
    return clipPolygon(points, this.#width, this.#height);
  }
}

export function clampTo(width: number, height: number): Clamp {
  return new ImageClamp(width, height);
}

/** `value` limited to [0, 1]. */
export function clamp01(value: number): number {
  return value < 0 ? 0 : value > 1 ? 1 : value;
}

/** The 4 edges: x >= 0, x <= width, y >= 0, y <= height. */
const EDGES = 4;

function inside(p: Point, edge: number, width: number, height: number): boolean {
  switch (edge) {
    case 0:
      return p[0] >= 0;
    case 1:
      return p[0] <= width;
    case 2:
      return p[1] >= 0;
    default:
      return p[1] <= height;
  }
}

/** Where the segment a-b crosses the edge's line. */
function cross(a: Point, b: Point, edge: number, width: number, height: number): Point {
  const t = edge === 0 ? (0 - a[0]) / (b[0] - a[0]) : edge === 1 ? (width - a[0]) / (b[0] - a[0]) : edge === 2 ? (0 - a[1]) / (b[1] - a[1]) : (height - a[1]) / (b[1] - a[1]);
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
}

function clipPolygon(points: readonly Point[], width: number, height: number): Point[] {
  let output: Point[] = [...points];
  for (let edge = 0; edge < EDGES; edge += 1) {
    if (output.length === 0) break;
    const input = output;
    output = [];
    for (let i = 0; i < input.length; i += 1) {
      const current = input[i]!;
      const previous = input[(i + input.length - 1) % input.length]!;
      const currentIn = inside(current, edge, width, height);
      const previousIn = inside(previous, edge, width, height);
      if (currentIn) {
        if (!previousIn) output.push(cross(previous, current, edge, width, height));
        output.push(current);
      } else if (previousIn) {
        output.push(cross(previous, current, edge, width, height));
      }
    }
  }
  return output;
}
