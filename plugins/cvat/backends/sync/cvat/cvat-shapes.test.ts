import { describe, expect, it } from 'vitest';
import { toPixelShape } from 'idah-plugin';
import { cvatElementFor, cvatTag } from './cvat-shapes.ts';
import { imageBox, imageMaskTiles } from 'idah-plugin/testing';

const size = { width: 200, height: 100 };
const LABEL = 'label="a&lt;b&gt;&amp;&quot;c&quot;" source="manual"';
const elementOf = (dimensions: { type: string; [key: string]: unknown }, occluded = false, attributes: { name: string; value: string }[] = []) =>
  cvatElementFor(toPixelShape(dimensions, 200, 100), size, { label: 'a<b>&"c"', occluded, attributes });

describe('cvatElementFor', () => {
  it('escapes the label and writes 2 decimals in pixels, x by width and y by height', () => {
    expect(elementOf(imageBox(0.1234, 0.5, 0.2234, 0.75), true)).toEqual({
      element: `<box ${LABEL} occluded="1" xtl="24.68" ytl="50.00" xbr="44.68" ybr="75.00" z_order="0"/>`,
    });
  });

  it('a rotated box keeps its unrotated rectangle with CVAT\'s rotation (clockwise degrees), unclamped', () => {
    expect(elementOf(imageBox(0.9, 0.4, 1.1, 0.6, Math.PI / 6))).toEqual({
      element: `<box ${LABEL} occluded="0" xtl="180.00" ytl="40.00" xbr="220.00" ybr="60.00" rotation="30.00" z_order="0"/>`,
    });
    expect(elementOf(imageBox(0.4, 0.4, 0.6, 0.6, -Math.PI / 2))).toHaveProperty('element', expect.stringContaining('rotation="270.00"'));
  });

  it('writes attributes as <attribute> children, escaped', () => {
    expect(elementOf(imageBox(0, 0, 0.5, 0.5), false, [{ name: 'Colour <1>', value: 'Red & "Blue"' }])).toEqual({
      element: `<box ${LABEL} occluded="0" xtl="0.00" ytl="0.00" xbr="100.00" ybr="50.00" z_order="0"><attribute name="Colour &lt;1&gt;">Red &amp; "Blue"</attribute></box>`,
    });
    expect(cvatTag('Sunny', [{ name: 'time', value: 'noon' }])).toBe('<tag label="Sunny" source="manual"><attribute name="time">noon</attribute></tag>');
  });

  it('writes circles by min(W, H) and ellipses with their angle as <ellipse>, a centre outside as it is, never "-0.00"', () => {
    expect(elementOf({ type: 'idah-image:circle', points: [[0.5, 0.5]], radius: 0.2 })).toEqual({
      element: `<ellipse ${LABEL} occluded="0" cx="100.00" cy="50.00" rx="20.00" ry="20.00" z_order="0"/>`,
    });
    expect(elementOf({ type: 'idah-image:ellipse', points: [[-0.00001, 0.5], [0.1, 0.1]], angle: (5 * Math.PI) / 2 })).toEqual({
      element: `<ellipse ${LABEL} occluded="0" cx="0.00" cy="50.00" rx="20.00" ry="10.00" rotation="90.00" z_order="0"/>`,
    });
    expect(elementOf({ type: 'idah-image:ellipse', points: [[0.5, 0.5], [0.1, 0.1]], angle: 2 * Math.PI })).not.toHaveProperty('element', expect.stringContaining('rotation'));
  });

  it('reports shapes with nothing left inside the image, and flat polygons (the polygon rule)', () => {
    expect(elementOf(imageBox(1.2, 0.5, 1.3, 0.6))).toHaveProperty('problem');
    expect(elementOf({ type: 'idah-image:polygon', points: [[1.1, 0.1], [1.5, 0.2], [1.2, 0.9]] })).toHaveProperty('problem');
    expect(elementOf({ type: 'idah-image:polygon', points: [[0.1, 0.1], [0.2, 0.2], [0.3, 0.3]] })).toHaveProperty('problem');
    expect(elementOf({ type: 'idah-image:line', points: [[1.1, 0.1], [1.5, 0.1]] })).toHaveProperty('problem');
    expect(elementOf(imageMaskTiles(200, 100, () => false))).toHaveProperty('problem');
  });

  it('writes a mask as CVAT RLE over its bounding box, starting with 0s, bits past the edge dropped', () => {
    // x 50..99 on rows 0..49 and x 100..199 on rows 0..99, plus bits past x = 200 in tile 1x0.
    const result = elementOf(imageMaskTiles(200, 100, (x, y) => (x >= 50 && x < 100 && y < 50) || (x >= 100 && x < 200) || x >= 210));
    // Box x 50..200, y 0..100 (150 x 100): rows 0-49 all on (one run), rows 50-99: 50 off, 100 on.
    const runs = [0, 50 * 150, ...Array(50).fill([50, 100]).flat()].join(', ');
    expect(result).toEqual({ element: `<mask ${LABEL} occluded="0" rle="${runs}" left="50" top="0" width="150" height="100" z_order="0"/>` });
  });
});
