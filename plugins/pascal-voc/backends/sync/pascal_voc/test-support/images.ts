import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

/** A real, decodable PNG of that size (black), so size detection reads a true IHDR. */
export function pngBytes(width: number, height: number): Buffer {
  return PNG.sync.write(new PNG({ width, height }));
}

/** A real, decodable baseline JPEG of that size (grey), so size detection reads a true SOF0. */
export function jpegBytes(width: number, height: number): Buffer {
  const data = Buffer.alloc(width * height * 4, 128);
  return Buffer.from(jpeg.encode({ data, width, height }, 50).data);
}
