import { describe, expect, it } from 'vitest';
import { isIdahPluginError } from '../../../../runtime/errors.ts';
import { parseIdahShape } from '../../../../runtime/formats/shapes/index.ts';

function refusal(dimensions: unknown): string {
  try {
    parseIdahShape(dimensions);
  } catch (error) {
    expect(isIdahPluginError(error, 'SOURCE_INVALID')).toBe(true);
    return (error as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(dimensions)} to be refused`);
}

// The stored samples below are IDAH's own (the image plugin's mock driver and writers).
describe('parseIdahShape on the shapes IDAH stores', () => {
  it('reads a bounding box as 4 corners tl, tr, br, bl and its angle', () => {
    const stored = {
      type: 'idah-image:bounding-box',
      points: [[0.030237486417802006, 0.2333], [0.0397, 0.2333], [0.0397, 0.2453], [0.030237486417802006, 0.2453]],
      angle: 0,
    };
    expect(parseIdahShape(stored)).toEqual({
      kind: 'box',
      corners: [[0.030237486417802006, 0.2333], [0.0397, 0.2333], [0.0397, 0.2453], [0.030237486417802006, 0.2453]],
      angle: 0,
    });
    const rotated = parseIdahShape({ ...stored, angle: -7.5 });
    expect(rotated).toMatchObject({ kind: 'box', angle: -7.5 });
  });

  it('defaults a missing box angle to 0, and puts the corners of a rectangle given in another order back in IDAH order', () => {
    const shape = parseIdahShape({ type: 'idah-image:bounding-box', points: [[0.4, 0.6], [0.1, 0.6], [0.1, 0.2], [0.4, 0.2]] });
    expect(shape).toEqual({ kind: 'box', corners: [[0.1, 0.2], [0.4, 0.2], [0.4, 0.6], [0.1, 0.6]], angle: 0 });
  });

  it('reads polygons (3 or more vertices, not closed) and lines (exactly 2 points)', () => {
    const polygon = [[0.3945, 0.6194], [0.3391, 0.6159], [0.3241, 0.7197], [0.3864, 0.7284], [0.4025, 0.6972]];
    expect(parseIdahShape({ type: 'idah-image:polygon', points: polygon })).toEqual({ kind: 'polygon', points: polygon });
    expect(parseIdahShape({ type: 'idah-image:line', points: [[0.1, 0.2], [0.9, 0.8]] })).toEqual({ kind: 'line', points: [[0.1, 0.2], [0.9, 0.8]] });
  });

  it('reads a circle as its centre and a radius by min(width, height)', () => {
    expect(parseIdahShape({ type: 'idah-image:circle', points: [[0.5, 0.25]], radius: 0.1 })).toEqual({ kind: 'circle', center: [0.5, 0.25], radius: 0.1 });
  });

  it('reads an ellipse whose second point is its half-axes, with its angle', () => {
    expect(parseIdahShape({ type: 'idah-image:ellipse', points: [[0.5, 0.5], [0.2, 0.1]], angle: 0.5 })).toEqual({
      kind: 'ellipse',
      center: [0.5, 0.5],
      rx: 0.2,
      ry: 0.1,
      angle: 0.5,
    });
  });

  it('reads a mask as its tiles, sorted by row then column, and ignores its empty points', () => {
    const shape = parseIdahShape({ type: 'idah-image:mask', points: [], 'tile-2x1': { rle: 'gIAB' }, 'tile-0x0': { rle: 'AA==' }, 'tile-1x0': { rle: '' } });
    expect(shape).toEqual({
      kind: 'mask',
      tiles: [
        { col: 0, row: 0, rle: 'AA==' },
        { col: 1, row: 0, rle: '' },
        { col: 2, row: 1, rle: 'gIAB' },
      ],
    });
    expect(parseIdahShape({ type: 'idah-image:mask' })).toEqual({ kind: 'mask', tiles: [] });
  });

  it('reads entry:root as an entry-level classification, without geometry', () => {
    expect(parseIdahShape({ type: 'entry:root' })).toEqual({ kind: 'entry-root' });
  });
});

describe('parseIdahShape on legacy rows', () => {
  it('reads an image box or polygon stored in the video form from its single keyframe, angle included', () => {
    const corners = [[0.1, 0.2], [0.3, 0.2], [0.3, 0.4], [0.1, 0.4]];
    expect(parseIdahShape({ type: 'idah-image:bounding-box', start: 0, end: 0, frames: [{ frame: 0, angle: 0.25, points: corners }] })).toEqual({
      kind: 'box',
      corners,
      angle: 0.25,
    });
    const polygon = [[0.1, 0.1], [0.5, 0.1], [0.3, 0.5]];
    expect(parseIdahShape({ type: 'idah-image:polygon', start: 3, end: 3, frames: [{ frame: 3, points: polygon }] })).toEqual({ kind: 'polygon', points: polygon });
  });

  it('reports a legacy row whose keyframes differ, since which one holds is ambiguous', () => {
    const frames = [
      { frame: 0, angle: 0, points: [[0.1, 0.1], [0.5, 0.1], [0.3, 0.5]] },
      { frame: 9, angle: 0, points: [[0.2, 0.1], [0.5, 0.1], [0.3, 0.5]] },
    ];
    expect(refusal({ type: 'idah-image:polygon', start: 0, end: 9, frames })).toMatch(/one keyframe, got 2 keyframes that differ/);
  });

  it('ignores the angle every polygon and line got for a while', () => {
    expect(parseIdahShape({ type: 'idah-image:polygon', points: [[0, 0], [1, 0], [0, 1]], angle: 0 })).toEqual({ kind: 'polygon', points: [[0, 0], [1, 0], [0, 1]] });
    expect(parseIdahShape({ type: 'idah-image:line', points: [[0, 0], [1, 1]], angle: 0 })).toEqual({ kind: 'line', points: [[0, 0], [1, 1]] });
  });

  it('reports the placeholders no IDAH writer produces, and the old text masks', () => {
    expect(refusal({ type: 'idah-image:bounding-box', x: 10, y: 20, width: 30, height: 40 })).toMatch(/got x\/y\/width\/height, which no IDAH writer produces/);
    expect(refusal({ type: 'idah-image:bounding-box', points: [[0.1, 0.1], [0.5, 0.5]] })).toMatch(/4 corner points \[tl, tr, br, bl\], got 2 point/);
    expect(refusal({ type: 'idah-image:mask', mask: { size: [2, 2], counts: [4] } })).toMatch(/"mask" key, which no IDAH writer produces/);
    expect(refusal({ type: 'idah-image:mask', 'tile-0x0': { rle: '0,100,1,5' } })).toMatch(/legacy text RLE of 64-pixel tiles/);
    expect(refusal({ type: 'idah-image:circle', points: [[0.5, 0.5], [0.6, 0.5]] })).toMatch(/\[\[cx, cy\]\] \(the centre alone\) with a radius/);
    expect(refusal({ type: 'idah-image:ellipse', points: [[0.5, 0.5]], rx: 0.1, ry: 0.2, rotation: 30 })).toMatch(/\[\[cx, cy\], \[rx, ry\]\]/);
  });
});

describe('parseIdahShape refusals', () => {
  it('says what was expected and what came', () => {
    expect(refusal(null)).toBe('expected dimensions to be an object with a type, got null');
    expect(refusal({ type: 'polygon', points: [] })).toMatch(/expected dimensions.type to be one of "idah-image:bounding-box", .* or "entry:root", got "polygon"/);
    expect(refusal({ type: 'idah-video:bounding-box', start: 0, end: 0, frames: [] })).toMatch(/got the video shape "idah-video:bounding-box"/);
    expect(refusal({ type: 'idah-image:polygon', points: [[0, 0], [1, 1]] })).toMatch(/at least 3 points, got 2/);
    expect(refusal({ type: 'idah-image:line', points: [[0, 0], [1, 1], [2, 2]] })).toMatch(/exactly 2 points, got 3/);
    expect(refusal({ type: 'idah-image:polygon', points: [[0, 0], [1, 'a'], [0, 1]] })).toMatch(/polygon points\[1\] to be a point/);
    expect(refusal({ type: 'idah-image:bounding-box', points: [[0.1, 0.1], [0.5, 0.1], [0.6, 0.5], [0.1, 0.5]] })).toMatch(/corners of an axis-aligned rectangle/);
    expect(refusal({ type: 'idah-image:bounding-box', points: [[0, 0], [1, 0], [1, 1], [0, 1]], angle: '90' })).toMatch(/angle to be a finite number of radians, got "90"/);
    expect(refusal({ type: 'idah-image:circle', points: [[0.5, 0.5]], radius: -1 })).toMatch(/radius to be a number of 0 or more/);
    expect(refusal({ type: 'idah-image:ellipse', points: [[0.5, 0.5], [-0.1, 0.1]] })).toMatch(/half-axes of 0 or more/);
    expect(refusal({ type: 'idah-image:mask', 'tile-0x0': 'AA==' })).toMatch(/tile-0x0 to be \{ "rle": "<base64>" \}/);
  });
});
