import { describe, expect, it } from 'vitest';
import { NO_AREA_REASON, toPixelShape } from 'idah-plugin';
import { formatMillionths } from './normalized-number.ts';
import { type RowOutcome, rowFor, storedDetectValues } from './yolo-rows.ts';
import { imageBox, imageMaskTiles } from 'idah-plugin/testing';

// A non-square image: x is divided by 200, y by 100 (labelflow#739 divided y by the width).
const size = { width: 200, height: 100 };
const row = (task: 'detect' | 'segment' | 'obb') => (dimensions: { type: string; [key: string]: unknown }) => rowFor(toPixelShape(dimensions, 200, 100), task, size);
const detect = row('detect');
const segment = row('segment');
const obb = row('obb');
const numbers = (outcome: RowOutcome) => ('coordinates' in outcome ? outcome.coordinates.split(' ').map(Number) : []);
const ellipse = (angle: number) => ({ type: 'idah-image:ellipse', points: [[0.5, 0.5], [0.2, 0.1]], angle });

describe('YOLO detect rows: cx cy w h of the extent, clipped to the image', () => {
  it('a box touching three edges, and one past the right and bottom edges', () => {
    expect(detect(imageBox(0, 0, 0.5, 1))).toEqual({ coordinates: '0.250000 0.500000 0.500000 1.000000' });
    expect(detect(imageBox(0.9, 0.5, 1.2, 1.5))).toEqual({ coordinates: '0.950000 0.750000 0.100000 0.500000' });
  });

  it('a rotated box by the extent of its rotated corners (turned in pixels)', () => {
    // 40 x 20 px about (100, 50) turned a quarter: 20 x 40 px.
    expect(detect(imageBox(0.4, 0.4, 0.6, 0.6, Math.PI / 2))).toEqual({ coordinates: '0.500000 0.500000 0.100000 0.400000' });
  });

  it('a circle stays round in pixels: radius 0.2 of min(200, 100) = 20 px', () => {
    expect(detect({ type: 'idah-image:circle', points: [[0.5, 0.5]], radius: 0.2 })).toEqual({ coordinates: '0.500000 0.500000 0.200000 0.400000' });
  });

  it('an ellipse by its exact rotated extent (rx 40 px, ry 10 px)', () => {
    expect(detect(ellipse(0))).toEqual({ coordinates: '0.500000 0.500000 0.400000 0.200000' });
    expect(detect(ellipse(Math.PI / 2))).toEqual({ coordinates: '0.500000 0.500000 0.100000 0.800000' });
    const [, , w, h] = numbers(detect(ellipse(Math.PI / 4)));
    expect(w! * 200).toBeCloseTo(2 * Math.sqrt(850), 3);
    expect(h! * 100).toBeCloseTo(2 * Math.sqrt(850), 3);
  });

  it('a mask over two tiles as the extent of its pixels, bits past the edge dropped', () => {
    const mask = imageMaskTiles(200, 100, (x, y) => (x >= 100 && x < 150 && y < 50) || x >= 200);
    expect(detect(mask)).toEqual({ coordinates: '0.625000 0.250000 0.250000 0.500000' });
  });

  it('an empty mask, or a box with no area inside the image, is a problem; a line and entry:root are not representable', () => {
    expect(detect(imageMaskTiles(200, 100, () => false))).toHaveProperty('problem');
    expect(detect(imageBox(0.3, 0.1, 0.3, 0.6))).toHaveProperty('problem');
    expect(detect(imageBox(1.1, 0.1, 1.3, 0.6))).toHaveProperty('problem');
    expect(detect({ type: 'idah-image:line', points: [[0, 0], [1, 1]] })).toHaveProperty('unsupported');
    expect(detect({ type: 'entry:root' })).toHaveProperty('unsupported');
  });
});

describe('YOLO segment rows: x1 y1 x2 y2 ... clipped to the image', () => {
  it('a box as its four corners, a rotated one as its rotated corners', () => {
    expect(segment(imageBox(0, 0, 0.5, 1))).toEqual({ coordinates: '0.000000 0.000000 0.500000 0.000000 0.500000 1.000000 0.000000 1.000000' });
    expect(segment(imageBox(0.4, 0.4, 0.6, 0.6, Math.PI / 2))).toEqual({ coordinates: '0.550000 0.300000 0.550000 0.700000 0.450000 0.700000 0.450000 0.300000' });
  });

  it('a polygon clipped to the image where it crosses an edge', () => {
    expect(segment({ type: 'idah-image:polygon', points: [[-0.1, 0.2], [0.4, 0.2], [0.4, 0.8]] })).toEqual({
      coordinates: '0.000000 0.320000 0.000000 0.200000 0.400000 0.200000 0.400000 0.800000',
    });
  });

  it('a circle as 32 vertices at its pixel radius, the first at angle 0; an ellipse turned clockwise', () => {
    const values = numbers(segment({ type: 'idah-image:circle', points: [[0.5, 0.5]], radius: 0.2 }));
    expect(values).toHaveLength(64);
    expect(values.slice(0, 2)).toEqual([0.6, 0.5]);
    for (let i = 0; i < values.length; i += 2) expect(Math.hypot(values[i]! * 200 - 100, values[i + 1]! * 100 - 50)).toBeCloseTo(20, 2);
    // The +x half-axis (40 px) turned 90 degrees clockwise points down: (100, 90) px.
    expect(numbers(segment(ellipse(Math.PI / 2))).slice(0, 2)).toEqual([0.5, 0.9]);
  });

  it('masks are not representable; a polygon outside the image or a flat one is a problem', () => {
    expect(segment(imageMaskTiles(200, 100, () => true))).toHaveProperty('unsupported');
    expect(segment({ type: 'idah-image:polygon', points: [[1.1, 0.1], [1.5, 0.2], [1.2, 0.9]] })).toHaveProperty('problem');
    expect(segment({ type: 'idah-image:polygon', points: [[0.1, 0.1], [0.2, 0.2], [0.3, 0.3]] })).toHaveProperty('problem');
  });
});

describe('YOLO obb rows: the 4 corners of an oriented box', () => {
  it('a rotated box as its rotated corners, normalised', () => {
    expect(obb(imageBox(0.4, 0.4, 0.6, 0.6, Math.PI / 2))).toEqual({ coordinates: '0.550000 0.300000 0.550000 0.700000 0.450000 0.700000 0.450000 0.300000' });
  });

  it('an ellipse as the rectangle of its turned axes; a circle as its square', () => {
    // rx 40 px, ry 10 px turned a quarter about (100, 50): x 90..110, y 10..90.
    const corners = numbers(obb(ellipse(Math.PI / 2)));
    const pixels = Array.from({ length: 4 }, (_, i) => [Math.round(corners[2 * i]! * 200), Math.round(corners[2 * i + 1]! * 100)]);
    expect(pixels).toEqual([[110, 10], [110, 90], [90, 90], [90, 10]]);
    expect(obb({ type: 'idah-image:circle', points: [[0.5, 0.5]], radius: 0.2 })).toEqual({ coordinates: '0.400000 0.300000 0.600000 0.300000 0.600000 0.700000 0.400000 0.700000' });
  });

  it('a polygon as its smallest-area rectangle (a rotated square stays itself)', () => {
    const diamond = { type: 'idah-image:polygon', points: [[0.5, 0.3], [0.6, 0.5], [0.5, 0.7], [0.4, 0.5]] };
    const corners = numbers(obb(diamond));
    const pixels = new Set(Array.from({ length: 4 }, (_, i) => `${Math.round(corners[2 * i]! * 200)},${Math.round(corners[2 * i + 1]! * 100)}`));
    expect(pixels).toEqual(new Set(['100,30', '120,50', '100,70', '80,50']));
  });
});

describe('YOLO detect rows straight from stored shapes (no pixel shape built)', () => {
  // A small deterministic generator: coordinates spread over and past the image, odd sizes.
  let state = 7;
  const next = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648) * 1.4 - 0.2;

  // The stored values as the row they are written as, or the outcome rowFor gives when there are none.
  const storedDetectRow = (shape: Parameters<typeof storedDetectValues>[0], size: { width: number; height: number }): RowOutcome | undefined => {
    const values = [NaN, NaN, NaN, NaN];
    const written = storedDetectValues(shape, size, values);
    if (written === undefined) return undefined;
    return written ? { coordinates: values.map(formatMillionths).join(' ') } : { problem: NO_AREA_REASON };
  };

  it('give the very row rowFor gives for unrotated boxes and polygons', () => {
    for (const size of [{ width: 640, height: 480 }, { width: 333, height: 1001 }, { width: 1, height: 7 }]) {
      for (let i = 0; i < 500; i += 1) {
        const [x1, x2] = [next(), next()].sort((a, b) => a - b) as [number, number];
        const [y1, y2] = [next(), next()].sort((a, b) => a - b) as [number, number];
        const box = { kind: 'box' as const, corners: [[x1, y1], [x2, y1], [x2, y2], [x1, y2]] as [[number, number], [number, number], [number, number], [number, number]], angle: 0 };
        expect(storedDetectRow(box, size)).toEqual(rowFor(toPixelShape(box, size.width, size.height), 'detect', size));
        const polygon = { kind: 'polygon' as const, points: Array.from({ length: 3 + (i % 5) }, (): [number, number] => [next(), next()]) };
        expect(storedDetectRow(polygon, size)).toEqual(rowFor(toPixelShape(polygon, size.width, size.height), 'detect', size));
      }
    }
  });

  it('leave rotated boxes and other shapes to rowFor', () => {
    const corners: [[number, number], [number, number], [number, number], [number, number]] = [[0.1, 0.1], [0.5, 0.1], [0.5, 0.5], [0.1, 0.5]];
    expect(storedDetectRow({ kind: 'box', corners, angle: 0.3 }, size)).toBeUndefined();
    expect(storedDetectRow({ kind: 'circle', center: [0.5, 0.5], radius: 0.1 }, size)).toBeUndefined();
  });
});
