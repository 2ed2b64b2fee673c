import { describe, expect, it } from 'vitest';
import { cocoRleFromBitmap } from '../../../../runtime/formats/mask.ts';
import {
  decodeMaskTile,
  decodeMaskTiles,
  encodeMaskTile,
  maskTilesFromBitmap,
  parseIdahShape,
  toPixelShape,
} from '../../../../runtime/formats/shapes/index.ts';

const setIndices = (bits: Uint8Array) => bits.reduce<number[]>((found, bit, index) => (bit ? [...found, index] : found), []);

describe('decodeMaskTile on the image plugin\'s own fixtures', () => {
  it('reads empty, full, single-pixel, run-127 and run-128', () => {
    expect(setIndices(decodeMaskTile(''))).toEqual([]);
    expect(decodeMaskTile('AA==').every((bit) => bit === 1)).toBe(true);
    expect(setIndices(decodeMaskTile('AAE='))).toEqual([0]);
    expect(setIndices(decodeMaskTile('fwE='))).toEqual([127]);
    expect(setIndices(decodeMaskTile('gIAB'))).toEqual([128]);
    expect(setIndices(decodeMaskTile('BQM='))).toEqual([5, 6, 7]);
  });

  it('refuses runs past the tile and a 2-byte run cut short', () => {
    expect(() => decodeMaskTile(Buffer.from([0xff, 0xff]).toString('base64'))).toThrow(/at most 16384 pixels, got more/);
    expect(() => decodeMaskTile(Buffer.from([0x80]).toString('base64'))).toThrow(/2-byte run cut short/);
  });

  it('encodes what it decodes, with 1- and 2-byte runs', () => {
    const bits = new Uint8Array(128 * 128);
    for (let i = 0; i < bits.length; i += 1) bits[i] = (i % 300 < 7 || (i > 9000 && i < 12000)) ? 1 : 0;
    const code = encodeMaskTile(bits);
    expect(decodeMaskTile(code)).toEqual(bits);
    expect(encodeMaskTile(decodeMaskTile('gIAB'))).toBe('gIAB');
    expect(encodeMaskTile(decodeMaskTile('AA=='))).toBe('AA==');
    expect(encodeMaskTile(new Uint8Array(128 * 128))).toBe('');
  });
});

describe('decodeMaskTiles', () => {
  it('places each tile at 128 col, 128 row, and drops bits past the image edge', () => {
    // 300 x 200: tile columns 0-2 (the last one 44 px inside the image), rows 0-1 (the last one 72 px inside).
    const shape = parseIdahShape({
      type: 'idah-image:mask',
      points: [],
      'tile-0x0': { rle: 'AAE=' }, // pixel (0, 0)
      'tile-2x1': { rle: 'gIAB' }, // pixel (256, 129)
      'tile-2x0': { rle: 'AA==' }, // all set: only x 256-299 are in the image
      'tile-3x0': { rle: 'AA==' }, // wholly past the right edge
      'tile-0x1': { rle: 'AA==' }, // rows 128-199 in the image, 200-255 dropped
    });
    const pixels = toPixelShape(shape, 300, 200);
    if (pixels.kind !== 'mask') throw new Error('expected a mask');
    const { data, width, height } = pixels.bitmap;
    expect([width, height]).toEqual([300, 200]);
    const at = (x: number, y: number) => data[y * width + x];
    expect(at(0, 0)).toBe(1);
    expect(at(1, 0)).toBe(0);
    expect(at(256, 129)).toBe(1);
    expect(at(299, 0)).toBe(1);
    expect(at(255, 0)).toBe(0);
    expect(at(0, 199)).toBe(1);
    const count = data.reduce((sum, bit) => sum + bit, 0);
    expect(count).toBe(1 + 1 + 44 * 128 + 128 * 72);
  });

  it('gives the same pixels as COCO RLE (column-major over the whole image)', () => {
    const bitmap = decodeMaskTiles([{ col: 0, row: 0, rle: 'BQM=' }], 6, 3); // tile indices 5, 6, 7 are (5-7, 0): only x 5 is inside a 6-pixel-wide image
    expect(Array.from(bitmap.data)).toEqual([0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(cocoRleFromBitmap(bitmap)).toEqual({ size: [3, 6], counts: [15, 1, 2] });
  });

  it('round-trips a bitmap through the stored tiles, which leave empty tiles out', () => {
    const width = 300;
    const height = 140;
    const data = new Uint8Array(width * height);
    for (let y = 10; y < 135; y += 1) for (let x = 250; x < 300; x += 1) data[y * width + x] = 1;
    const tiles = maskTilesFromBitmap({ width, height, data });
    expect(Object.keys(tiles).sort()).toEqual(['tile-1x0', 'tile-2x0', 'tile-2x1', 'tile-1x1'].sort());
    const back = toPixelShape({ type: 'idah-image:mask', points: [], ...tiles }, width, height);
    expect(back.kind === 'mask' && back.bitmap.data).toEqual(data);
  });

  it('refuses an image size that is not whole pixels', () => {
    expect(() => decodeMaskTiles([], 10.5, 3)).toThrow(/whole pixels above 0/);
  });
});
