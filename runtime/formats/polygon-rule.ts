/** `[x, y]`, in any unit. */
type Point = readonly [number, number];

/**
 * The one rule the image formats follow for polygon areas (circles and ellipses as their
 * outlines too): a polygon's area is the area its outline encloses under the EVEN-ODD rule,
 * what pycocotools, OpenCV's fillPoly and CVAT fill when they rasterise it. For a simple
 * polygon that is the shoelace area; for a self-intersecting one (a bow tie), the lobes add up
 * instead of cancelling out. A polygon left with no area once the format has clamped and
 * rounded it is a problem (on_error); one with area is written as drawn.
 */

const EPSILON = 1e-12;

/** The reason every format gives for a shape left with no area (the one rule's wording). */
export const NO_AREA_REASON = 'expected a shape with an area inside the image, got one that has none once clipped to the image and rounded';

/** Twice the signed shoelace area. */
function twiceSignedArea(points: readonly Point[]): number {
  let sum = 0;
  for (let i = 0, j = points.length - 1; i < points.length; j = i, i += 1) sum += points[j]![0] * points[i]![1] - points[i]![0] * points[j]![1];
  return sum;
}

const cross = (o: Point, a: Point, b: Point) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);

function onSegment(p: Point, a: Point, b: Point): boolean {
  return Math.min(a[0], b[0]) - EPSILON <= p[0] && p[0] <= Math.max(a[0], b[0]) + EPSILON && Math.min(a[1], b[1]) - EPSILON <= p[1] && p[1] <= Math.max(a[1], b[1]) + EPSILON;
}

function segmentsTouch(a: Point, b: Point, c: Point, d: Point): boolean {
  const d1 = cross(c, d, a);
  const d2 = cross(c, d, b);
  const d3 = cross(a, b, c);
  const d4 = cross(a, b, d);
  if (((d1 > EPSILON && d2 < -EPSILON) || (d1 < -EPSILON && d2 > EPSILON)) && ((d3 > EPSILON && d4 < -EPSILON) || (d3 < -EPSILON && d4 > EPSILON))) return true;
  return (
    (Math.abs(d1) <= EPSILON && onSegment(a, c, d)) ||
    (Math.abs(d2) <= EPSILON && onSegment(b, c, d)) ||
    (Math.abs(d3) <= EPSILON && onSegment(c, a, b)) ||
    (Math.abs(d4) <= EPSILON && onSegment(d, a, b))
  );
}

/** Whether two edges that do not share a vertex meet, or two neighbouring edges fold back over each other. */
export function isSelfIntersecting(points: readonly Point[]): boolean {
  const n = points.length;
  if (n < 4) return false;
  for (let i = 0; i < n; i += 1) {
    const a = points[i]!;
    const b = points[(i + 1) % n]!;
    const next = points[(i + 2) % n]!;
    // Neighbours fold back when the next edge turns by 180 degrees onto this one.
    if (Math.abs(cross(a, b, next)) <= EPSILON && (next[0] - b[0]) * (a[0] - b[0]) + (next[1] - b[1]) * (a[1] - b[1]) > 0) return true;
    for (let j = i + 2; j < n; j += 1) {
      if (i === 0 && j === n - 1) continue; // the closing edge shares vertex 0
      if (segmentsTouch(a, b, points[j]!, points[(j + 1) % n]!)) return true;
    }
  }
  return false;
}

/** The y values where two edges cross, besides the vertices. */
function crossingYs(points: readonly Point[]): number[] {
  const ys: number[] = [];
  const n = points.length;
  for (let i = 0; i < n; i += 1) {
    const a = points[i]!;
    const b = points[(i + 1) % n]!;
    for (let j = i + 1; j < n; j += 1) {
      const c = points[j]!;
      const d = points[(j + 1) % n]!;
      const denominator = (b[0] - a[0]) * (d[1] - c[1]) - (b[1] - a[1]) * (d[0] - c[0]);
      if (Math.abs(denominator) <= EPSILON) continue;
      const t = ((c[0] - a[0]) * (d[1] - c[1]) - (c[1] - a[1]) * (d[0] - c[0])) / denominator;
      const u = ((c[0] - a[0]) * (b[1] - a[1]) - (c[1] - a[1]) * (b[0] - a[0])) / denominator;
      if (t > 0 && t < 1 && u > 0 && u < 1) ys.push(a[1] + t * (b[1] - a[1]));
    }
  }
  return ys;
}

/**
 * Even-odd area, exactly: between consecutive event heights (vertices and crossings) no two
 * edges cross, so the inside is a row of trapezoids between pairs of edges in x order.
 */
function evenOddArea(points: readonly Point[]): number {
  const n = points.length;
  const ys = [...new Set([...points.map((p) => p[1]), ...crossingYs(points)])].sort((a, b) => a - b);
  let area = 0;
  for (let k = 0; k + 1 < ys.length; k += 1) {
    const top = ys[k]!;
    const bottom = ys[k + 1]!;
    if (bottom - top <= 0) continue;
    const middle = (top + bottom) / 2;
    const spans: { atMiddle: number; atTop: number; atBottom: number }[] = [];
    for (let i = 0; i < n; i += 1) {
      const a = points[i]!;
      const b = points[(i + 1) % n]!;
      if ((a[1] <= middle) === (b[1] <= middle)) continue;
      const xAt = (y: number) => a[0] + ((y - a[1]) / (b[1] - a[1])) * (b[0] - a[0]);
      spans.push({ atMiddle: xAt(middle), atTop: xAt(top), atBottom: xAt(bottom) });
    }
    spans.sort((p, q) => p.atMiddle - q.atMiddle);
    for (let i = 0; i + 1 < spans.length; i += 2) {
      const left = spans[i]!;
      const right = spans[i + 1]!;
      area += ((right.atTop - left.atTop + (right.atBottom - left.atBottom)) / 2) * (bottom - top);
    }
  }
  return area;
}

/** The area the rule gives (units of the points squared): shoelace when simple, even-odd otherwise. */
export function polygonRegionArea(points: readonly Point[]): number {
  if (points.length < 3) return 0;
  return isSelfIntersecting(points) ? evenOddArea(points) : Math.abs(twiceSignedArea(points)) / 2;
}
