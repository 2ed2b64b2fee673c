import { describe, expect, it } from 'vitest';
import { MediaContext } from '../../../../runtime/context/record-contexts.ts';
import { imageSizeFromHeader, imageSizeOf } from '../../../../runtime/formats/image-size.ts';
import type { MediaRecord } from '../../../../runtime/records.ts';
import { MemorySource } from '../../../../runtime/sources/memory/memory-source.ts';
import { imageFrame, type PixelShape, pixelExtent, toPixelShape } from '../../../../runtime/formats/shapes/index.ts';
import { jpegBytes } from '../../../../runtime/testing/images.ts';

/** A real JPEG with an APP1 Exif segment holding IFD0 Orientation = `orientation` (big-endian TIFF). */
function orientedJpeg(width: number, height: number, orientation: number): Buffer {
  const plain = jpegBytes(width, height);
  const tiff = Buffer.alloc(26);
  tiff.write('MM', 0, 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4);
  tiff.writeUInt16BE(1, 8); // one entry
  tiff.writeUInt16BE(0x0112, 10);
  tiff.writeUInt16BE(3, 12); // SHORT
  tiff.writeUInt32BE(1, 14);
  tiff.writeUInt16BE(orientation, 18);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const segment = Buffer.alloc(4);
  segment.writeUInt16BE(0xffe1, 0);
  segment.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([plain.subarray(0, 2), segment, payload, plain.subarray(2)]);
}

describe('EXIF orientation', () => {
  it('is read from a JPEG header beside its stored size', () => {
    expect(imageSizeFromHeader(orientedJpeg(40, 20, 6))).toEqual({ width: 40, height: 20, type: 'jpeg', orientation: 6 });
    expect(imageSizeFromHeader(orientedJpeg(40, 20, 1))).toEqual({ width: 40, height: 20, type: 'jpeg' });
    expect(imageSizeFromHeader(jpegBytes(40, 20))).toEqual({ width: 40, height: 20, type: 'jpeg' });
  });

  it('changes nothing under "stored", the default', () => {
    const frame = imageFrame({ width: 40, height: 20, orientation: 6 });
    const shape = toPixelShape({ type: 'idah-image:polygon', points: [[0, 0], [0.5, 0], [0, 0.5]] }, 40, 20);
    expect([frame.width, frame.height]).toEqual([40, 20]);
    expect(frame.place(shape)).toBe(shape);
  });

  it('turns sizes and shapes with the pixels under "upright" (6: a quarter turn clockwise)', () => {
    const frame = imageFrame({ width: 40, height: 20, orientation: 6 }, 'upright');
    expect([frame.width, frame.height]).toEqual([20, 40]);
    // The stored top-left corner shows at the top-right.
    expect(frame.place({ kind: 'polygon', points: [[0, 0], [40, 0], [0, 20]] })).toEqual({ kind: 'polygon', points: [[20, 0], [20, 40], [0, 0]] });
    const box = frame.place(toPixelShape({ type: 'idah-image:bounding-box', points: [[0, 0], [0.5, 0], [0.5, 0.5], [0, 0.5]], angle: 0 }, 40, 20));
    expect(pixelExtent(box)).toEqual({ x1: 10, y1: 0, x2: 20, y2: 20 });
    const mask = toPixelShape({ type: 'idah-image:mask', 'tile-0x0': { rle: 'AAE=' } }, 40, 20); // pixel (0, 0)
    const turned = frame.place(mask) as Extract<PixelShape, { kind: 'mask' }>;
    expect([turned.bitmap.width, turned.bitmap.height]).toEqual([20, 40]);
    expect(Array.from(turned.bitmap.data).indexOf(1)).toBe(19); // (19, 0)
  });

  it('negates angles when mirrored, and swaps an ellipse\'s half-axes for 5-8', () => {
    const ellipse: PixelShape = { kind: 'ellipse', center: [10, 5], rx: 4, ry: 2, angle: 0.3 };
    expect(imageFrame({ width: 40, height: 20, orientation: 2 }, 'upright').place(ellipse)).toEqual({ kind: 'ellipse', center: [30, 5], rx: 4, ry: 2, angle: -0.3 });
    expect(imageFrame({ width: 40, height: 20, orientation: 8 }, 'upright').place(ellipse)).toEqual({ kind: 'ellipse', center: [5, 30], rx: 2, ry: 4, angle: 0.3 });
  });

  it('is read by imageSizeOf under "upright" even when media meta has the size, and not otherwise', async () => {
    const record: MediaRecord = { id: 'm1', resource: 'r1', key: '', filename: 'a.jpg', mime_type: 'image/jpeg', meta: { width: 40, height: 20 } };
    const source = new MemorySource({ datasets: [], entries: [], annotations: [], medias: [{ record, data: orientedJpeg(40, 20, 8) }] });
    const media = new MediaContext(record, source);
    expect(await imageSizeOf(media)).toEqual({ width: 40, height: 20 });
    expect(await imageSizeOf(media, { exifOrientation: 'upright' })).toEqual({ width: 40, height: 20, orientation: 8 });
    expect(imageFrame(await imageSizeOf(media, { exifOrientation: 'upright' }), 'upright')).toMatchObject({ width: 20, height: 40 });
  });
});
