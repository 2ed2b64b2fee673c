import { describe, expect, it } from 'vitest';
import { isSelfIntersecting, polygonRegionArea } from '../../../runtime/formats/polygon-rule.ts';
type Point = readonly [number, number];

const square: Point[] = [[0, 0], [10, 0], [10, 10], [0, 10]];
// Two triangles of 25 meeting at (5, 5): the shoelace sum cancels to 0.
const bowTie: Point[] = [[0, 0], [10, 10], [10, 0], [0, 10]];

describe('polygon rule: even-odd area', () => {
  it('is the shoelace area of a simple polygon, whatever its winding', () => {
    expect(polygonRegionArea(square)).toBe(100);
    expect(polygonRegionArea([...square].reverse())).toBe(100);
    expect(polygonRegionArea([[0, 0], [4, 0], [0, 3]])).toBe(6);
    expect(isSelfIntersecting(square)).toBe(false);
  });

  it('adds the lobes of a self-intersecting polygon instead of cancelling them', () => {
    expect(isSelfIntersecting(bowTie)).toBe(true);
    expect(polygonRegionArea(bowTie)).toBeCloseTo(50, 9);
    // A pentagram: the even-odd rule leaves its centre pentagon out, keeping the 5 points (triangles
    // on the inner pentagon's sides, tip at the outer radius).
    const star: Point[] = [0, 2, 4, 1, 3].map((k) => [Math.cos((2 * Math.PI * k) / 5 - Math.PI / 2) * 10, Math.sin((2 * Math.PI * k) / 5 - Math.PI / 2) * 10]);
    const pentagon: Point[] = [0, 1, 2, 3, 4].map((k) => [Math.cos((2 * Math.PI * k) / 5 - Math.PI / 2) * 10, Math.sin((2 * Math.PI * k) / 5 - Math.PI / 2) * 10]);
    const innerRadius = 10 * (Math.cos((2 * Math.PI) / 5) / Math.cos(Math.PI / 5));
    const pentagonArea = (r: number) => (5 / 2) * r * r * Math.sin((2 * Math.PI) / 5);
    const side = 2 * innerRadius * Math.sin(Math.PI / 5);
    const tipHeight = 10 - innerRadius * Math.cos(Math.PI / 5);
    expect(polygonRegionArea(star)).toBeCloseTo(5 * ((side * tipHeight) / 2), 6);
    expect(polygonRegionArea(pentagon)).toBeCloseTo(pentagonArea(10), 9);
  });

  it('gives 0 for collinear and repeated points, and finds spikes that fold back', () => {
    expect(polygonRegionArea([[0, 0], [5, 5], [10, 10]])).toBe(0);
    expect(polygonRegionArea([[1, 1], [1, 1], [1, 1], [1, 1]])).toBe(0);
    expect(polygonRegionArea([[0, 0], [10, 0]])).toBe(0);
    expect(isSelfIntersecting([[0, 0], [10, 0], [10, 10], [10, 5], [0, 10]])).toBe(true);
  });
});
