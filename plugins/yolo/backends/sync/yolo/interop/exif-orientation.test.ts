import { describe, expect, it } from 'vitest';
import { imageBox, jpegBytes, readZipEntries, runExport } from 'idah-plugin/testing';
import { YoloExport } from '../export.ts';

/** A real JPEG with an APP1 Exif segment holding IFD0 Orientation = `orientation` (big-endian TIFF). */
function orientedJpeg(width: number, height: number, orientation: number): Buffer {
  const plain = jpegBytes(width, height);
  const tiff = Buffer.alloc(26);
  tiff.write('MM', 0, 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4);
  tiff.writeUInt16BE(1, 8);
  tiff.writeUInt16BE(0x0112, 10);
  tiff.writeUInt16BE(3, 12);
  tiff.writeUInt32BE(1, 14);
  tiff.writeUInt16BE(orientation, 18);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const segment = Buffer.alloc(4);
  segment.writeUInt16BE(0xffe1, 0);
  segment.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([plain.subarray(0, 2), segment, payload, plain.subarray(2)]);
}

describe('yolo: exif_orientation', () => {
  // Stored 40 x 20 with Orientation 6 (viewers turn it a quarter clockwise: 20 x 40 upright).
  // The box x 0..10, y 0..5 of the stored pixels lies at x 15..20, y 0..10 upright.
  const datasets = [{ id: 'd', entries: [{ id: 'e', medias: [{ filename: 'turned.jpg', data: orientedJpeg(40, 20, 6) }], annotations: [{ id: 'b', dimensions: imageBox(0, 0, 0.25, 0.25), annotation: { category: 'x' } }] }] }];
  const labelOf = async (options: Record<string, unknown>) => {
    const result = await runExport(YoloExport, { datasets, options: { include_medias: 'none', ...options } });
    expect(result.error).toBeUndefined();
    return (await readZipEntries(result.output!.path)).get('labels/default/turned.txt')!.toString();
  };

  it('"stored" (default): the stored pixels, as IDAH measured them', async () => {
    expect(await labelOf({})).toBe('0 0.125000 0.125000 0.250000 0.250000\n');
  });

  it('"upright": the shapes turn with the pixels, as Ultralytics loads the image', async () => {
    expect(await labelOf({ exif_orientation: 'upright' })).toBe('0 0.875000 0.125000 0.250000 0.250000\n');
  });
});
