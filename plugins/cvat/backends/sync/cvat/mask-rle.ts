import type { Box, MaskBitmap } from 'idah-plugin';

/**
 * CVAT's mask RLE: the runs of the mask's bounding box (`left`, `top`, `width`, `height` in
 * pixels), ROW-major, alternating and starting with a run of 0s (which may be 0), written as
 * CVAT writes them: "3, 5, 7". Datumaro and CVAT read it back over that box only.
 */
export function cvatMaskRle(bitmap: MaskBitmap, box: Box): string {
  const counts: number[] = [];
  let current = 0;
  let run = 0;
  for (let y = box.y1; y < box.y2; y += 1) {
    const row = y * bitmap.width;
    for (let x = box.x1; x < box.x2; x += 1) {
      const value = bitmap.data[row + x]!;
      if (value !== current) {
        counts.push(run);
        current = value;
        run = 0;
      }
      run += 1;
    }
  }
  counts.push(run);
  return counts.join(', ');
}
