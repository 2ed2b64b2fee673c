import { describe, expect, it } from 'vitest';
import { type ImageShape, parseImageShape } from 'idah-plugin';
import { rowFor } from './yolo-rows.ts';

// A non-square image: x is divided by 200, y by 100 (labelflow#739 divided y by the width).
const size = { width: 200, height: 100 };
const shape = (dimensions: Record<string, unknown>): ImageShape => parseImageShape(dimensions);
const detect = (dimensions: Record<string, unknown>) => rowFor(shape(dimensions), 'detect', size);
const segment = (dimensions: Record<string, unknown>) => rowFor(shape(dimensions), 'segment', size);
const numbers = (outcome: ReturnType<typeof rowFor>) => ('coordinates' in outcome ? outcome.coordinates.split(' ').map(Number) : []);

describe('YOLO detect rows: cx cy w h of the extent, clipped to the image', () => {
  it('a box touching three edges', () => {
    expect(detect({ type: 'idah-image:bounding-box', x: 0, y: 0, width: 0.5, height: 1 })).toEqual({
      coordinates: '0.250000 0.500000 0.500000 1.000000',
    });
  });

  it('a box past the right and bottom edges keeps only its part inside', () => {
    expect(detect({ type: 'idah-image:bounding-box', points: [[0.9, 0.5], [1.2, 1.5]] })).toEqual({
      coordinates: '0.950000 0.750000 0.100000 0.500000',
    });
  });

  it('a polygon as its bounding box', () => {
    expect(detect({ type: 'idah-image:polygon', points: [[0.1, 0.2], [0.4, 0.2], [0.4, 0.8]] })).toEqual({
      coordinates: '0.250000 0.500000 0.300000 0.600000',
    });
  });

  it('a circle stays round in pixels: radius 20 px is 0.1 of the width and 0.2 of the height', () => {
    expect(detect({ type: 'idah-image:circle', points: [[0.5, 0.5], [0.6, 0.5]] })).toEqual({
      coordinates: '0.500000 0.500000 0.200000 0.400000',
    });
  });

  it('an ellipse by its exact rotated extent', () => {
    const ellipse = { type: 'idah-image:ellipse', points: [[0.5, 0.5]], rx: 0.2, ry: 0.1 };
    // rx 40 px, ry 10 px.
    expect(detect({ ...ellipse, rotation: 0 })).toEqual({ coordinates: '0.500000 0.500000 0.400000 0.200000' });
    expect(detect({ ...ellipse, rotation: 90 })).toEqual({ coordinates: '0.500000 0.500000 0.100000 0.800000' });
    // 45 degrees: half extents sqrt((40^2 + 10^2) / 2) = 29.15 px both ways.
    const [, , w, h] = numbers(detect({ ...ellipse, rotation: 45 }));
    expect(w! * 200).toBeCloseTo(2 * Math.sqrt(850), 3);
    expect(h! * 100).toBeCloseTo(2 * Math.sqrt(850), 3);
  });

  it('a mask as the extent of its pixels (a 2 x 4 grid over 200 x 100: cells of 50 px)', () => {
    // Row 0: 0 1 1 0; row 1: 0 0 0 0.
    expect(detect({ type: 'idah-image:mask', mask: { size: [2, 4], counts: [1, 2, 5] } })).toEqual({
      coordinates: '0.500000 0.250000 0.500000 0.500000',
    });
  });

  it('an empty mask, or a box with no area inside the image, is a problem with the data', () => {
    expect(detect({ type: 'idah-image:mask', mask: { size: [2, 4], counts: [8] } })).toHaveProperty('problem');
    expect(detect({ type: 'idah-image:bounding-box', x: 0.3, y: 0.1, width: 0, height: 0.5 })).toHaveProperty('problem');
    expect(detect({ type: 'idah-image:bounding-box', x: 1.1, y: 0.1, width: 0.2, height: 0.5 })).toHaveProperty('problem');
  });

  it('a line is not representable', () => {
    expect(detect({ type: 'idah-image:line', points: [[0, 0], [1, 1]] })).toHaveProperty('unsupported');
  });
});

describe('YOLO segment rows: x1 y1 x2 y2 ... clamped to the image', () => {
  it('a box as its four corners', () => {
    expect(segment({ type: 'idah-image:bounding-box', x: 0, y: 0, width: 0.5, height: 1 })).toEqual({
      coordinates: '0.000000 0.000000 0.500000 0.000000 0.500000 1.000000 0.000000 1.000000',
    });
  });

  it('a polygon point by point, clamped', () => {
    expect(segment({ type: 'idah-image:polygon', points: [[-0.1, 0.2], [0.4, 0.2], [0.4, 1.3]] })).toEqual({
      coordinates: '0.000000 0.200000 0.400000 0.200000 0.400000 1.000000',
    });
  });

  it('a circle as 32 vertices at its pixel radius, the first at angle 0', () => {
    const values = numbers(segment({ type: 'idah-image:circle', points: [[0.5, 0.5], [0.6, 0.5]] }));
    expect(values).toHaveLength(64);
    expect(values.slice(0, 2)).toEqual([0.6, 0.5]);
    for (let i = 0; i < values.length; i += 2) {
      expect(Math.hypot(values[i]! * 200 - 100, values[i + 1]! * 100 - 50)).toBeCloseTo(20, 2);
    }
  });

  it('an ellipse as 32 vertices, rotation clockwise on screen', () => {
    const values = numbers(segment({ type: 'idah-image:ellipse', points: [[0.5, 0.5]], rx: 0.2, ry: 0.1, rotation: 90 }));
    expect(values).toHaveLength(64);
    // The +x half-axis (40 px) turned 90 degrees clockwise points down: (100, 90) px.
    expect(values.slice(0, 2)).toEqual([0.5, 0.9]);
  });

  it('masks and lines are not representable; a polygon outside the image is a problem', () => {
    expect(segment({ type: 'idah-image:mask', mask: { size: [2, 4], counts: [1, 2, 5] } })).toHaveProperty('unsupported');
    expect(segment({ type: 'idah-image:line', points: [[0, 0], [1, 1]] })).toHaveProperty('unsupported');
    expect(segment({ type: 'idah-image:polygon', points: [[1.1, 0.1], [1.5, 0.2], [1.2, 0.9]] })).toHaveProperty('problem');
  });
});
