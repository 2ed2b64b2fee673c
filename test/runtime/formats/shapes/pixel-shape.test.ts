import { describe, expect, it } from 'vitest';
import {
  angleDegrees,
  clampTo,
  ellipsePolygon,
  outlineOf,
  type PixelShape,
  pixelExtent,
  type Point,
  toPixelShape,
} from '../../../../runtime/formats/shapes/index.ts';

const close = (actual: readonly Point[], expected: readonly Point[]) => {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((p, i) => {
    expect(p[0]).toBeCloseTo(expected[i]![0], 9);
    expect(p[1]).toBeCloseTo(expected[i]![1], 9);
  });
};

const box = (angle: number) => ({ type: 'idah-image:bounding-box', points: [[0.1, 0.2], [0.3, 0.2], [0.3, 0.4], [0.1, 0.4]], angle });

describe('toPixelShape', () => {
  it('scales an unrotated box by width and height: its extent is the box itself', () => {
    const shape = toPixelShape(box(0), 200, 100);
    expect(shape).toMatchObject({ kind: 'box', x1: 20, y1: 20, x2: 60, y2: 40, center: [40, 30], width: 40, height: 20, angle: 0 });
    expect(pixelExtent(shape)).toEqual({ x1: 20, y1: 20, x2: 60, y2: 40 });
  });

  it('turns a box clockwise on screen about its centre, in pixel space', () => {
    const shape = toPixelShape(box(Math.PI / 2), 200, 100);
    if (shape.kind !== 'box') throw new Error('expected a box');
    // tl (20, 20) is 20 px left of and 10 px above the centre (40, 30); a quarter turn clockwise puts it 10 px right, 20 px up.
    close(shape.corners, [[50, 10], [50, 50], [30, 50], [30, 10]]);
    expect(shape.extent.x1).toBeCloseTo(30, 9);
    expect(shape.extent.x2).toBeCloseTo(50, 9);
    expect(shape.extent.y1).toBeCloseTo(10, 9);
    expect(shape.extent.y2).toBeCloseTo(50, 9);
    expect(shape).toMatchObject({ x1: 20, y1: 20, x2: 60, y2: 40, width: 40, height: 20 });
    expect(angleDegrees(shape.angle)).toBeCloseTo(90, 9);
  });

  it('keeps a circle round on a non-square image: its radius is by min(width, height)', () => {
    const shape = toPixelShape({ type: 'idah-image:circle', points: [[0.5, 0.5]], radius: 0.1 }, 200, 100);
    expect(shape).toEqual({ kind: 'circle', center: [100, 50], radius: 10 });
    expect(pixelExtent(shape)).toEqual({ x1: 90, y1: 40, x2: 110, y2: 60 });
    const tall = toPixelShape({ type: 'idah-image:circle', points: [[0.5, 0.5]], radius: 0.1 }, 100, 300);
    expect(tall).toEqual({ kind: 'circle', center: [50, 150], radius: 10 });
  });

  it('scales an ellipse rx by width and ry by height, then turns it by its angle', () => {
    const shape = toPixelShape({ type: 'idah-image:ellipse', points: [[0.5, 0.5], [0.1, 0.1]], angle: Math.PI / 2 }, 200, 100);
    expect(shape).toEqual({ kind: 'ellipse', center: [100, 50], rx: 20, ry: 10, angle: Math.PI / 2 });
    const extent = pixelExtent(shape)!;
    expect([extent.x1, extent.y1, extent.x2, extent.y2].map((v) => Number(v.toFixed(9)))).toEqual([90, 30, 110, 70]);
    // The first vertex lies on the rotated +x half-axis: 20 px straight down from the centre.
    close(ellipsePolygon(shape as Extract<PixelShape, { kind: 'ellipse' }>, 4), [[100, 70], [90, 50], [100, 30], [110, 50]]);
  });

  it('scales polygons and lines point by point, and leaves entry:root without geometry', () => {
    expect(toPixelShape({ type: 'idah-image:polygon', points: [[0, 0], [1, 0], [0.5, 0.5]] }, 200, 100)).toEqual({ kind: 'polygon', points: [[0, 0], [200, 0], [100, 50]] });
    expect(toPixelShape({ type: 'idah-image:line', points: [[0.25, 0.5], [0.75, 1]] }, 200, 100)).toEqual({ kind: 'line', points: [[50, 50], [150, 100]] });
    const root = toPixelShape({ type: 'entry:root' }, 200, 100);
    expect(root).toEqual({ kind: 'entry-root' });
    expect(pixelExtent(root)).toBeUndefined();
    expect(outlineOf(root)).toBeUndefined();
  });

  it('does not clamp: values past the edge come through, and clampTo applies a format rule', () => {
    const shape = toPixelShape({ type: 'idah-image:bounding-box', points: [[-0.1, 0.5], [1.2, 0.5], [1.2, 1.5], [-0.1, 1.5]], angle: 0 }, 100, 100);
    expect(pixelExtent(shape)!.x1).toBeCloseTo(-10, 9);
    const clamp = clampTo(100, 100);
    const clamped = clamp.box(pixelExtent(shape)!);
    expect(clamped).toEqual({ x1: 0, y1: 50, x2: 100, y2: 100 });
    expect(clamp.point([-5, 120])).toEqual([0, 100]);
  });
});

describe('clampTo(...).polygon', () => {
  it('clips a polygon to the image, keeping its shape inside', () => {
    // A square from (-10, -10) to (10, 10) leaves its quarter inside the image.
    const clipped = clampTo(100, 50).polygon([[-10, -10], [10, -10], [10, 10], [-10, 10]]);
    expect(new Set(clipped.map(([x, y]) => `${x},${y}`))).toEqual(new Set(['0,0', '10,0', '10,10', '0,10']));
    expect(clampTo(100, 50).polygon([[200, 200], [300, 200], [250, 300]])).toEqual([]);
    expect(clampTo(100, 50).polygon([[1, 1], [9, 1], [5, 9]])).toEqual([[1, 1], [9, 1], [5, 9]]);
  });

  it('clips a rotated box corner sticking out of the image', () => {
    const shape = toPixelShape({ type: 'idah-image:bounding-box', points: [[0, 0], [0.2, 0], [0.2, 0.2], [0, 0.2]], angle: Math.PI / 4 }, 100, 100);
    const clipped = clampTo(100, 100).polygon(outlineOf(shape)!);
    for (const [x, y] of clipped) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(y).toBeGreaterThanOrEqual(0);
    }
    expect(clipped.length).toBeGreaterThan(4);
  });
});

describe('angleDegrees', () => {
  it('gives clockwise degrees in [0, 360) from unwrapped radians', () => {
    expect(angleDegrees(0)).toBe(0);
    expect(angleDegrees(-Math.PI / 2)).toBeCloseTo(270, 9);
    expect(angleDegrees(5 * Math.PI)).toBeCloseTo(180, 9);
    expect(angleDegrees(2 * Math.PI)).toBeCloseTo(0, 9);
  });
});
