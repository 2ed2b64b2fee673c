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

export function clampTo(width: number, height: number): Clamp {
  const x = (value: number) => (value < 0 ? 0 : value > width ? width : value);
  const y = (value: number) => (value < 0 ? 0 : value > height ? height : value);
  return {
    x,
    y,
    point: (p) => [x(p[0]), y(p[1])],
    box: (b) => ({ x1: x(b.x1), y1: y(b.y1), x2: x(b.x2), y2: y(b.y2) }),
    polygon: (points) => clipPolygon(points, width, height),
  };
}

/** `value` limited to [0, 1]. */
export function clamp01(value: number): number {
  return value < 0 ? 0 : value > 1 ? 1 : value;
}

type Edge = { inside: (p: Point) => boolean; cross: (a: Point, b: Point) => Point };

function clipPolygon(points: readonly Point[], width: number, height: number): Point[] {
  const at = (a: Point, b: Point, t: number): Point => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
  const edges: Edge[] = [
    { inside: (p) => p[0] >= 0, cross: (a, b) => at(a, b, (0 - a[0]) / (b[0] - a[0])) },
    { inside: (p) => p[0] <= width, cross: (a, b) => at(a, b, (width - a[0]) / (b[0] - a[0])) },
    { inside: (p) => p[1] >= 0, cross: (a, b) => at(a, b, (0 - a[1]) / (b[1] - a[1])) },
    { inside: (p) => p[1] <= height, cross: (a, b) => at(a, b, (height - a[1]) / (b[1] - a[1])) },
  ];
  let output: Point[] = [...points];
  for (const edge of edges) {
    if (output.length === 0) break;
    const input = output;
    output = [];
    for (let i = 0; i < input.length; i += 1) {
      const current = input[i]!;
      const previous = input[(i + input.length - 1) % input.length]!;
      const currentIn = edge.inside(current);
      const previousIn = edge.inside(previous);
      if (currentIn) {
        if (!previousIn) output.push(edge.cross(previous, current));
        output.push(current);
      } else if (previousIn) {
        output.push(edge.cross(previous, current));
      }
    }
  }
  return output;
}
