import type { Point } from 'idah-plugin';

/** Convex hull (Andrew's monotone chain), counter-clockwise in y-up terms; collinear points dropped. */
function convexHull(points: readonly Point[]): Point[] {
  const sorted = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const cross = (o: Point, a: Point, b: Point) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const half = (list: Point[]) => {
    const out: Point[] = [];
    for (const p of list) {
      while (out.length >= 2 && cross(out[out.length - 2]!, out[out.length - 1]!, p) <= 0) out.pop();
      out.push(p);
    }
    out.pop();
    return out;
  };
  return [...half(sorted), ...half([...sorted].reverse())];
}

/**
 * The smallest-area rectangle holding every point, as its 4 corners in order (what OpenCV's
 * minAreaRect gives, which Ultralytics uses to turn outlines into oriented boxes): one side lies
 * on an edge of the convex hull. Undefined when the points span no area.
 */
export function minAreaRect(points: readonly Point[]): [Point, Point, Point, Point] | undefined {
  const hull = convexHull(points);
  if (hull.length < 3) return undefined;
  let best: { area: number; corners: [Point, Point, Point, Point] } | undefined;
  for (let i = 0; i < hull.length; i += 1) {
    const a = hull[i]!;
    const b = hull[(i + 1) % hull.length]!;
    const length = Math.hypot(b[0] - a[0], b[1] - a[1]);
    if (length === 0) continue;
    const u: Point = [(b[0] - a[0]) / length, (b[1] - a[1]) / length];
    const v: Point = [-u[1], u[0]];
    let [minU, maxU, minV, maxV] = [Infinity, -Infinity, Infinity, -Infinity];
    for (const p of hull) {
      const pu = (p[0] - a[0]) * u[0] + (p[1] - a[1]) * u[1];
      const pv = (p[0] - a[0]) * v[0] + (p[1] - a[1]) * v[1];
      minU = Math.min(minU, pu);
      maxU = Math.max(maxU, pu);
      minV = Math.min(minV, pv);
      maxV = Math.max(maxV, pv);
    }
    const area = (maxU - minU) * (maxV - minV);
    if (!best || area < best.area) {
      const at = (su: number, sv: number): Point => [a[0] + u[0] * su + v[0] * sv, a[1] + u[1] * su + v[1] * sv];
      best = { area, corners: [at(minU, minV), at(maxU, minV), at(maxU, maxV), at(minU, maxV)] };
    }
  }
  return best && best.area > 0 ? best.corners : undefined;
}
