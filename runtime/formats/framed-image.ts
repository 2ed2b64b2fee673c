import type { ImageItem } from './image-item.ts';
import { type ExifOrientationMode, imageSizeOf } from './image-size.ts';
import { imageFrame } from './shapes/orientation.ts';
import { toPixelShape } from './shapes/pixel-shape.ts';
import type { IdahShape, PixelShape } from './shapes/types.ts';

/** An entry's image as an export writes it: its size, and each stored shape in its pixels. */
export interface FramedImage {
  width: number;
  height: number;
  /** A stored (normalised) shape in this image's pixels, turned with it under `upright`. */
  pixels(shape: IdahShape): PixelShape;
}

/**
 * The frame the `exif_orientation` option asks for: `stored` (default) is the stored pixels
 * and size as IDAH measures them; `upright` reads a JPEG's EXIF orientation and turns the size
 * and every shape with the pixels, as Ultralytics and OpenCV load them (imageFrame).
 */
export async function framedImage(item: ImageItem, mode: ExifOrientationMode = 'stored'): Promise<FramedImage> {
  const size = mode === 'upright' ? await imageSizeOf(item.original, { exifOrientation: 'upright' }) : item.size;
  const frame = imageFrame(size, mode);
  return { width: frame.width, height: frame.height, pixels: (shape) => frame.place(toPixelShape(shape, size.width, size.height)) };
}
