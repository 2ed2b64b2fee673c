import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

/** Real, decodable images for fixtures, made by pngjs and jpeg-js: headers carry true sizes. */

/** A PNG of that size (light grey). */
export function pngBytes(width: number, height: number): Buffer {
  const png = new PNG({ width, height });
  png.data.fill(200);
  return PNG.sync.write(png);
}

/** A baseline JPEG of that size (grey). */
export function jpegBytes(width: number, height: number): Buffer {
  const data = Buffer.alloc(width * height * 4, 128);
  return Buffer.from(jpeg.encode({ data, width, height }, 80).data);
}
