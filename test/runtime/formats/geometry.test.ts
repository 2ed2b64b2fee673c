import { describe, expect, it } from 'vitest';
import { isIdahPluginError } from '../../../runtime/errors.ts';
import {
  boundingBoxOf,
  circleRadius,
  circleToPolygon,
  clamp01,
  ellipseToPolygon,
  type ImageShape,
  parseImageShape,
  polygonArea,
  toPixels,
} from '../../../runtime/formats/geometry.ts';

function parseError(dimensions: unknown): string {
  try {
    parseImageShape(dimensions);
  } catch (error) {
    expect(isIdahPluginError(error, 'SOURCE_INVALID')).toBe(true);
    return (error as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(dimensions)} to be refused`);
}

describe('parseImageShape', () => {
  it('reads a box from two corners in any order, and from x, y, width, height', () => {
    const corners = parseImageShape({ type: 'idah-image:bounding-box', points: [[0.75, 0.5], [0.25, 0.1]] });
    expect(corners).toEqual({ kind: 'box', x1: 0.25, y1: 0.1, x2: 0.75, y2: 0.5 });
    const sized = parseImageShape({ type: 'idah-image:bounding-box', x: 0.25, y: 0.1, width: 0.5, height: 0.4 });
    expect(sized).toEqual({ kind: 'box', x1: 0.25, y1: 0.1, x2: 0.75, y2: 0.5 });
  });

  it('reads every other shape, with or without the idah-image prefix', () => {
    expect(parseImageShape({ type: 'polygon', points: [[0, 0], [1, 0], [0, 1]] })).toEqual({ kind: 'polygon', points: [[0, 0], [1, 0], [0, 1]] });
    expect(parseImageShape({ type: 'idah-image:line', points: [[0, 0], [1, 1]] })).toEqual({ kind: 'line', points: [[0, 0], [1, 1]] });
    expect(parseImageShape({ type: 'idah-image:circle', points: [[0.5, 0.5], [0.6, 0.5]] })).toEqual({ kind: 'circle', center: [0.5, 0.5], edge: [0.6, 0.5] });
    expect(parseImageShape({ type: 'idah-image:ellipse', points: [[0.5, 0.5]], rx: 0.2, ry: 0.1 })).toEqual({
      kind: 'ellipse', center: [0.5, 0.5], rx: 0.2, ry: 0.1, rotation: 0,
    });
    expect(parseImageShape({ type: 'idah-image:mask', mask: { size: [2, 3], counts: [1, 4, 1] } })).toEqual({ kind: 'mask', size: [2, 3], counts: [1, 4, 1] });
  });

  it('refuses a polygon with fewer than 3 distinct points, saying what came', () => {
    expect(parseError({ type: 'idah-image:polygon', points: [[0, 0], [1, 1]] })).toContain('at least 3');
    const repeated = parseError({ type: 'idah-image:polygon', points: [[0, 0], [1, 1], [0, 0], [1, 1]] });
    expect(repeated).toBe('expected a polygon of at least 3 distinct points, got [[0,0],[1,1],[0,0],[1,1]]');
  });

  it('names the field and the value for malformed geometry', () => {
    expect(parseError({ type: 'idah-image:hexagon' })).toContain('got "idah-image:hexagon"');
    expect(parseError({ type: 'idah-video:polygon', points: [] })).toContain('"idah-image:polygon"');
    expect(parseError({ type: 'idah-image:line', points: [[0, 0], [1, 'a']] })).toBe('expected line points[1][1] to be a finite number, got "a"');
    expect(parseError({ type: 'idah-image:bounding-box', points: [[0, 0]] })).toContain('[[x1, y1], [x2, y2]] or { x, y, width, height }');
    expect(parseError({ type: 'idah-image:bounding-box', x: 0.1, y: 0.1, width: -0.1, height: 0.1 })).toContain('0 or more');
    expect(parseError({ type: 'idah-image:ellipse', points: [[0.5, 0.5]], rx: 0, ry: 0.1 })).toContain('rx 0');
    expect(parseError({ type: 'idah-image:circle', points: [[0.5, 0.5]] })).toContain('circle points');
    expect(parseError({ type: 'idah-image:mask', mask: { size: [2, 3], counts: [1, 4] } })).toBe(
      'expected mask.counts to add up to 2 x 3 = 6 cells, got 5',
    );
    expect(parseError({ type: 'idah-image:mask', mask: { size: [2, 3], counts: [1, -1, 6] } })).toContain('run lengths of 0 or more');
    expect(parseError(null)).toContain('an object with a type');
  });
});

describe('toPixels', () => {
  it('scales x by the width and y by the height (a non-square image)', () => {
    const box = parseImageShape({ type: 'idah-image:bounding-box', points: [[0.1, 0.2], [0.5, 1]] });
    expect(toPixels(box, 200, 100)).toEqual({ kind: 'box', x1: 20, y1: 20, x2: 100, y2: 100 });
    const polygon: ImageShape = { kind: 'polygon', points: [[0.5, 0.5], [1, 0], [0, 1]] };
    expect(toPixels(polygon, 640, 480)).toEqual({ kind: 'polygon', points: [[320, 240], [640, 0], [0, 480]] });
    const ellipse: ImageShape = { kind: 'ellipse', center: [0.5, 0.5], rx: 0.25, ry: 0.25, rotation: 30 };
    expect(toPixels(ellipse, 400, 200)).toEqual({ kind: 'ellipse', center: [200, 100], rx: 100, ry: 50, rotation: 30 });
  });

  it('measures a circle radius in pixels, so it stays round on a non-square image', () => {
    const circle = toPixels(parseImageShape({ type: 'circle', points: [[0.5, 0.5], [0.5, 0.75]] }), 400, 200);
    expect(circle.kind === 'circle' && circleRadius(circle)).toBe(50);
  });
});

describe('shape math', () => {
  it('computes polygon areas by the shoelace formula, whatever the winding', () => {
    expect(polygonArea([[0, 0], [4, 0], [4, 3]])).toBe(6);
    expect(polygonArea([[4, 3], [4, 0], [0, 0]])).toBe(6);
    expect(polygonArea([[0, 0], [10, 0], [10, 10], [5, 5], [0, 10]])).toBe(75);
    expect(polygonArea([[0, 0], [1, 1]])).toBe(0);
  });

  it('approximates ellipses with 32 vertices by default, rotating clockwise on screen', () => {
    const polygon = ellipseToPolygon(100, 50, 40, 20);
    expect(polygon).toHaveLength(32);
    expect(polygon[0]).toEqual([140, 50]);
    expect(polygon[8]![0]).toBeCloseTo(100);
    expect(polygon[8]![1]).toBeCloseTo(70);
    // The inscribed 32-gon covers (32 / 2π)·sin(2π/32) ≈ 99.36% of the ellipse.
    expect(polygonArea(polygon) / (Math.PI * 40 * 20)).toBeCloseTo((32 / (2 * Math.PI)) * Math.sin((2 * Math.PI) / 32), 10);
    const rotated = ellipseToPolygon(0, 0, 10, 5, 90, 4);
    // The +x half-axis turned 90° clockwise on screen (y down) points down: +y.
    expect(rotated[0]![0]).toBeCloseTo(0);
    expect(rotated[0]![1]).toBeCloseTo(10);
    expect(circleToPolygon(0, 0, 5, 8)).toHaveLength(8);
  });

  it('bounds points and clamps to [0, 1]', () => {
    expect(boundingBoxOf([[3, 9], [1, 4], [7, 5]])).toEqual({ x1: 1, y1: 4, x2: 7, y2: 9 });
    expect([clamp01(-0.2), clamp01(0.4), clamp01(1.0000001)]).toEqual([0, 0.4, 1]);
  });
});
