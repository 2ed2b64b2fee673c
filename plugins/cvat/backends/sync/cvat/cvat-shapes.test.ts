import { describe, expect, it } from 'vitest';
import { parseImageShape } from 'idah-plugin';
import { cvatElementFor } from './cvat-shapes.ts';

const size = { width: 200, height: 100 };
const elementOf = (dimensions: Record<string, unknown>, occluded = false) =>
  cvatElementFor(parseImageShape(dimensions), size, { label: 'a<b>&"c"', occluded });

describe('cvatElementFor', () => {
  it('escapes the label and writes 2 decimals in pixels, x by width and y by height', () => {
    expect(elementOf({ type: 'idah-image:bounding-box', x: 0.1234, y: 0.5, width: 0.1, height: 0.25 }, true)).toEqual({
      element: '<box label="a&lt;b&gt;&amp;&quot;c&quot;" source="manual" occluded="1" xtl="24.68" ytl="50.00" xbr="44.68" ybr="75.00" z_order="0"/>',
    });
  });

  it('writes an ellipse centre outside the image as it is, never "-0.00", and its rotation in [0, 360)', () => {
    const result = elementOf({ type: 'idah-image:ellipse', points: [[-0.00001, 0.5]], rx: 0.1, ry: 0.1, rotation: 450 });
    expect(result).toEqual({
      element: '<ellipse label="a&lt;b&gt;&amp;&quot;c&quot;" source="manual" occluded="0" cx="0.00" cy="50.00" rx="20.00" ry="10.00" rotation="90.00" z_order="0"/>',
    });
    expect(elementOf({ type: 'idah-image:ellipse', points: [[0.5, 0.5]], rx: 0.1, ry: 0.1, rotation: 360 })).not.toHaveProperty('element', expect.stringContaining('rotation'));
  });

  it('reports shapes with nothing left inside the image', () => {
    expect(elementOf({ type: 'idah-image:bounding-box', x: 1.2, y: 0.5, width: 0.1, height: 0.1 })).toHaveProperty('problem');
    expect(elementOf({ type: 'idah-image:polygon', points: [[1.1, 0.1], [1.5, 0.2], [1.2, 0.9]] })).toHaveProperty('problem');
    expect(elementOf({ type: 'idah-image:line', points: [[1.1, 0.1], [1.5, 0.1]] })).toHaveProperty('problem');
    expect(elementOf({ type: 'idah-image:circle', points: [[0.5, 0.5], [0.5, 0.5]] })).toHaveProperty('problem');
    expect(elementOf({ type: 'idah-image:mask', mask: { size: [2, 2], counts: [4] } })).toHaveProperty('problem');
  });

  it('writes a mask as CVAT RLE over its bounding box, starting with 0s', () => {
    // 2 x 4 grid over 200 x 100 (cells of 50 px): row 0 = 0 0 1 1, row 1 = 0 1 1 0.
    const result = elementOf({ type: 'idah-image:mask', mask: { size: [2, 4], counts: [2, 2, 1, 2, 1] } });
    // Box x 50..200, y 0..100 (150 x 100). Rows 0-49: 50 off, 100 on; rows 50-99: 100 on, 50 off.
    // Row 49's last run and row 50's first are both on: one run of 200.
    const runs = [...Array(49).fill([50, 100]).flat(), 50, 200, 50, ...Array(49).fill([100, 50]).flat()].join(', ');
    expect(result).toEqual({
      element: `<mask label="a&lt;b&gt;&amp;&quot;c&quot;" source="manual" occluded="0" rle="${runs}" left="50" top="0" width="150" height="100" z_order="0"/>`,
    });
  });
});
