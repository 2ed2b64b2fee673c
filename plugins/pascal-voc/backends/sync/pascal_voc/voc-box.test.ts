import { describe, expect, it } from 'vitest';
import { toPixelShape } from 'idah-plugin';
import { imageBox, imageMaskTiles } from 'idah-plugin/testing';
import { vocBoxFor } from './voc-box.ts';

const size = { width: 200, height: 100 };
const boxOf = (dimensions: { type: string; [key: string]: unknown }) => vocBoxFor(toPixelShape(dimensions, 200, 100), size);
const box = (x: number, y: number, width: number, height: number) => imageBox(x, y, x + width, y + height);

describe('vocBoxFor: whole pixel edges inside the image', () => {
  it('rounds to the nearest edges', () => {
    expect(boxOf(box(0.1012, 0.1049, 0.2, 0.3))).toEqual({ edges: { x1: 20, y1: 10, x2: 60, y2: 40, touchesEdge: false } });
  });

  it('clips to the image and says when the box touches an edge', () => {
    expect(boxOf(box(-0.5, 0.2, 0.6, 2))).toEqual({ edges: { x1: 0, y1: 20, x2: 20, y2: 100, touchesEdge: true } });
  });

  it('keeps a box thinner than a pixel as the pixel it lies in, also at the far edge', () => {
    expect(boxOf(box(0.9996, 0.5, 0.0004, 0.001))).toEqual({ edges: { x1: 199, y1: 50, x2: 200, y2: 51, touchesEdge: true } });
  });

  it('a box with no area inside the image is a problem; a line is unsupported; an empty mask is a problem', () => {
    expect(boxOf(box(1.2, 0.5, 0.1, 0.1))).toHaveProperty('problem');
    expect(boxOf(box(0.2, 0.5, 0, 0.1))).toHaveProperty('problem');
    expect(boxOf({ type: 'idah-image:line', points: [[0, 0], [1, 1]] })).toHaveProperty('unsupported');
    expect(boxOf(imageMaskTiles(200, 100, () => false))).toHaveProperty('problem');
  });

  it('a rotated box by the extent of its rotated corners; a flat polygon is a problem (the polygon rule)', () => {
    // 40 x 20 px about (100, 50), a quarter turn: x 90..110, y 30..70.
    expect(boxOf(imageBox(0.4, 0.4, 0.6, 0.6, Math.PI / 2))).toEqual({ edges: { x1: 90, y1: 30, x2: 110, y2: 70, touchesEdge: false } });
    expect(boxOf({ type: 'idah-image:polygon', points: [[0.1, 0.1], [0.2, 0.2], [0.3, 0.3]] })).toHaveProperty('problem');
  });
});
