import { createRequire } from 'node:module';

// The encoders load on first use (both are CommonJS), so importing the demo data costs nothing.
const require = createRequire(import.meta.url);
const pngjs = (): typeof import('pngjs') => require('pngjs');
const jpegJs = (): typeof import('jpeg-js') => require('jpeg-js');

export type Rgb = readonly [number, number, number];

/** A small RGBA canvas: enough to draw the demo's shapes and encode them as PNG or JPEG. */
export class Raster {
  readonly width: number;
  readonly height: number;
  readonly pixels: Buffer;

  constructor(width: number, height: number) {
    this.width = width;
    this.height = height;
    this.pixels = Buffer.alloc(width * height * 4, 255);
  }

  set(x: number, y: number, [r, g, b]: Rgb): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const offset = (y * this.width + x) * 4;
    this.pixels[offset] = r;
    this.pixels[offset + 1] = g;
    this.pixels[offset + 2] = b;
    this.pixels[offset + 3] = 255;
  }

  /** Paints every pixel whose centre satisfies `inside(x, y)` (pixel coordinates). */
  fill(inside: (x: number, y: number) => boolean, color: Rgb, bounds = { x1: 0, y1: 0, x2: this.width, y2: this.height }): void {
    const x1 = Math.max(0, Math.floor(bounds.x1));
    const y1 = Math.max(0, Math.floor(bounds.y1));
    const x2 = Math.min(this.width, Math.ceil(bounds.x2));
    const y2 = Math.min(this.height, Math.ceil(bounds.y2));
    for (let y = y1; y < y2; y += 1) {
      for (let x = x1; x < x2; x += 1) if (inside(x + 0.5, y + 0.5)) this.set(x, y, color);
    }
  }

  gradient(top: Rgb, bottom: Rgb): void {
    for (let y = 0; y < this.height; y += 1) {
      const t = y / Math.max(1, this.height - 1);
      const color: Rgb = [0, 1, 2].map((i) => Math.round((top[i] as number) * (1 - t) + (bottom[i] as number) * t)) as unknown as Rgb;
      for (let x = 0; x < this.width; x += 1) this.set(x, y, color);
    }
  }

  toPng(): Buffer {
    const { PNG } = pngjs();
    const png = new PNG({ width: this.width, height: this.height });
    this.pixels.copy(png.data);
    return PNG.sync.write(png);
  }

  toJpeg(quality = 80): Buffer {
    return jpegJs().encode({ data: this.pixels, width: this.width, height: this.height }, quality).data;
  }
}

/** Even-odd point-in-polygon test. */
export function insidePolygon(points: readonly (readonly [number, number])[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [xi, yi] = points[i] as readonly [number, number];
    const [xj, yj] = points[j] as readonly [number, number];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
