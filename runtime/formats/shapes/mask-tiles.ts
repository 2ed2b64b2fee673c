import type { MaskBitmap, MaskTile } from './types.ts';
import { invalidShape } from './shape-errors.ts';

/** IDAH's mask tile side, in original-image pixels; edge tiles are full 128 x 128 tiles too. */
export const MASK_TILE_SIZE = 128;
const TILE_CELLS = MASK_TILE_SIZE * MASK_TILE_SIZE;

/**
 * One tile's bits (16,384, row-major: `ly * 128 + lx`) from its stored code: base64 of run
 * lengths, alternating from a run of 0s, each 1 byte (0-127) or 2 bytes (`0x80 | n >> 8`,
 * `n & 0xff`), the last run left out (it fills the tile). "" is all 0s.
 */
export function decodeMaskTile(rle: string, name = 'mask tile'): Uint8Array {
  const bytes = Buffer.from(rle, 'base64');
  const bits = new Uint8Array(TILE_CELLS);
  let at = 0;
  let value = 0;
  for (let i = 0; i < bytes.length; ) {
    const first = bytes[i]!;
    let run = first;
    if (first & 0x80) {
      if (i + 1 >= bytes.length) throw invalidShape(`expected ${name} to end with a whole run length, got a 2-byte run cut short`);
      run = ((first & 0x7f) << 8) | bytes[i + 1]!;
      i += 2;
    } else {
      i += 1;
    }
    if (at + run > TILE_CELLS) throw invalidShape(`expected ${name}'s runs to cover at most ${TILE_CELLS} pixels, got more`);
    if (value === 1) bits.fill(1, at, at + run);
    at += run;
    value ^= 1;
  }
  if (value === 1) bits.fill(1, at, TILE_CELLS);
  return bits;
}

/** A tile's code, the inverse of decodeMaskTile (`bits` holds 16,384 row-major 0/1 values). */
export function encodeMaskTile(bits: Uint8Array): string {
  if (bits.length !== TILE_CELLS) throw invalidShape(`expected ${TILE_CELLS} bits for a mask tile, got ${bits.length}`);
  const runs: number[] = [];
  let value = 0;
  let run = 0;
  for (let i = 0; i < TILE_CELLS; i += 1) {
    const bit = bits[i] ? 1 : 0;
    if (bit !== value) {
      runs.push(run);
      value = bit;
      run = 0;
    }
    run += 1;
  }
  const bytes: number[] = [];
  for (const n of runs) {
    if (n < 0x80) bytes.push(n);
    else bytes.push(0x80 | (n >> 8), n & 0xff);
  }
  return Buffer.from(bytes).toString('base64');
}

/**
 * The whole W x H mask: each tile decoded and placed at (128 col, 128 row); bits at x >= width
 * or y >= height are dropped (IDAH's polygon fill can set them); a missing tile is 0s.
 */
export function decodeMaskTiles(tiles: readonly MaskTile[], width: number, height: number): MaskBitmap {
  if (!(Number.isInteger(width) && width > 0 && Number.isInteger(height) && height > 0)) {
    throw invalidShape(`expected an image size in whole pixels above 0 to decode a mask onto, got ${width} x ${height}`);
  }
  const data = new Uint8Array(width * height);
  for (const tile of tiles) {
    const left = tile.col * MASK_TILE_SIZE;
    const top = tile.row * MASK_TILE_SIZE;
    if (left >= width || top >= height) continue;
    const bits = decodeMaskTile(tile.rle, `mask tile-${tile.col}x${tile.row}`);
    const columns = Math.min(MASK_TILE_SIZE, width - left);
    const rows = Math.min(MASK_TILE_SIZE, height - top);
    for (let ly = 0; ly < rows; ly += 1) {
      const source = ly * MASK_TILE_SIZE;
      const target = (top + ly) * width + left;
      for (let lx = 0; lx < columns; lx += 1) if (bits[source + lx]) data[target + lx] = 1;
    }
  }
  return { width, height, data };
}

/** The stored form of a bitmap: `{ "tile-<col>x<row>": { rle } }` for every tile holding a 1, as IDAH keeps them. */
export function maskTilesFromBitmap(bitmap: MaskBitmap): Record<string, { rle: string }> {
  const { width, height, data } = bitmap;
  const tiles: Record<string, { rle: string }> = {};
  for (let row = 0; row * MASK_TILE_SIZE < height; row += 1) {
    for (let col = 0; col * MASK_TILE_SIZE < width; col += 1) {
      const bits = new Uint8Array(TILE_CELLS);
      let any = false;
      for (let ly = 0; ly < MASK_TILE_SIZE; ly += 1) {
        const y = row * MASK_TILE_SIZE + ly;
        if (y >= height) break;
        for (let lx = 0; lx < MASK_TILE_SIZE; lx += 1) {
          const x = col * MASK_TILE_SIZE + lx;
          if (x >= width) break;
          if (data[y * width + x]) {
            bits[ly * MASK_TILE_SIZE + lx] = 1;
            any = true;
          }
        }
      }
      if (any) tiles[`tile-${col}x${row}`] = { rle: encodeMaskTile(bits) };
    }
  }
  return tiles;
}
