import type { IdahImageDimensions } from '../sources/memory/fixtures.ts';

const TILE = 128;

/**
 * A mask tile's code written straight from IDAH's encoding, independently of the host's mask
 * codec, so golden tests do not check the decoder against itself: the 128 x 128 bits row-major,
 * runs alternating from 0s, each run 1 byte below 128 or 2 bytes (0x80 | high, low), the last
 * run left out, base64.
 */
export function maskTileCode(isSet: (x: number, y: number) => boolean): string {
  const runs: number[] = [];
  let value = false;
  let run = 0;
  for (let i = 0; i < TILE * TILE; i += 1) {
    const bit = isSet(i % TILE, Math.floor(i / TILE));
    if (bit !== value) {
      runs.push(run);
      value = bit;
      run = 0;
    }
    run += 1;
  }
  return Buffer.from(runs.flatMap((n) => (n < 0x80 ? [n] : [0x80 | (n >> 8), n & 0xff]))).toString('base64');
}

/**
 * A mask of a `width` x `height` image with every tile written by `maskTileCode`; `isSet` is asked
 * for every pixel of each tile, also past the image's edge, as IDAH's polygon fill can set them.
 */
export function imageMaskTiles(width: number, height: number, isSet: (x: number, y: number) => boolean): IdahImageDimensions {
  const tiles: Record<string, { rle: string }> = {};
  for (let row = 0; row * TILE < height; row += 1) {
    for (let col = 0; col * TILE < width; col += 1) {
      tiles[`tile-${col}x${row}`] = { rle: maskTileCode((x, y) => isSet(col * TILE + x, row * TILE + y)) };
    }
  }
  return { type: 'idah-image:mask', points: [], ...tiles } as IdahImageDimensions;
}
