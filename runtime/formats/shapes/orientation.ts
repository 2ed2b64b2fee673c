import type { ExifOrientationMode, ImageSize } from '../image-size.ts';
import { pixelBox } from './pixel-shape.ts';
import type { PixelShape, Point } from './types.ts';

/** The image as a format describes it: its size, and where a pixel shape lies in it. */
export interface ImageFrame {
  width: number;
  height: number;
  /** A shape in stored pixels (toPixelShape on the stored size), moved into this frame. */
  place(shape: PixelShape): PixelShape;
}

/**
 * The frame of an image under an EXIF orientation mode. `stored` (and any image without an
 * orientation) is the stored pixels. `upright` applies a JPEG's EXIF orientation 2-8 as
 * viewers and trainers do: mirrored and/or turned, width and height swapped for 5-8, shapes
 * moved with the pixels (a box or ellipse keeps its centre, swaps its sides for 5-8, and its
 * angle changes sign when mirrored).
 */
export function imageFrame(size: ImageSize, mode: ExifOrientationMode = 'stored'): ImageFrame {
  const orientation = mode === 'upright' ? (size.orientation ?? 1) : 1;
  const { width: w, height: h } = size;
  if (orientation === 1) return { width: w, height: h, place: (shape) => shape };
  const swaps = orientation >= 5;
  const mirrors = orientation === 2 || orientation === 4 || orientation === 5 || orientation === 7;
  // Stored (x, y) to upright, for positions (edges); `cell` does the same for pixel indices.
  const map = (p: Point): Point => orient(p, orientation, w, h);
  const place = (shape: PixelShape): PixelShape => {
    switch (shape.kind) {
      case 'box': {
        const [cx, cy] = map(shape.center);
        const [bw, bh] = swaps ? [shape.height, shape.width] : [shape.width, shape.height];
        return pixelBox(cx - bw / 2, cy - bh / 2, cx + bw / 2, cy + bh / 2, mirrors ? -shape.angle : shape.angle);
      }
      case 'polygon':
        return { kind: 'polygon', points: shape.points.map(map) };
      case 'line':
        return { kind: 'line', points: [map(shape.points[0]), map(shape.points[1])] };
      case 'circle':
        return { kind: 'circle', center: map(shape.center), radius: shape.radius };
      case 'ellipse': {
        const [rx, ry] = swaps ? [shape.ry, shape.rx] : [shape.rx, shape.ry];
        return { kind: 'ellipse', center: map(shape.center), rx, ry, angle: mirrors ? -shape.angle : shape.angle };
      }
      case 'mask': {
        const { data } = shape.bitmap;
        const width = swaps ? h : w;
        const height = swaps ? w : h;
        const out = new Uint8Array(width * height);
        for (let y = 0; y < h; y += 1) {
          for (let x = 0; x < w; x += 1) {
            if (!data[y * w + x]) continue;
            // The pixel's centre, mapped, names the upright pixel.
            const [ux, uy] = map([x + 0.5, y + 0.5]);
            out[Math.floor(uy) * width + Math.floor(ux)] = 1;
          }
        }
        return { kind: 'mask', bitmap: { width, height, data: out } };
      }
      case 'entry-root':
        return shape;
    }
  };
  return { width: swaps ? h : w, height: swaps ? w : h, place };
}

/** EXIF orientation 1-8: where stored (x, y) shows once the image is displayed upright. */
function orient([x, y]: Point, orientation: number, w: number, h: number): Point {
  switch (orientation) {
    case 2:
      return [w - x, y];
    case 3:
      return [w - x, h - y];
    case 4:
      return [x, h - y];
    case 5:
      return [y, x];
    case 6:
      return [h - y, x];
    case 7:
      return [h - y, w - x];
    case 8:
      return [y, w - x];
    default:
      return [x, y];
  }
}
