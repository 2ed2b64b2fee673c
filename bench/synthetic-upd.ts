import { existsSync } from 'node:fs';
import { type Dimensions, UpdWriter } from '../runtime/index.ts';

export interface SyntheticShape {
  entries: number;
  annotationsPerEntry: number;
  /** Give each entry an original image record (640x480 in its meta) with a tiny blob. */
  withMedia?: boolean;
}

const TIMESTAMP = '2026-01-01T00:00:00.000Z';
const CATEGORIES = ['vehicles/car', 'vehicles/truck', 'person', 'road', 'traffic-sign', 'animals/dog'];
const TINY_MEDIA = Buffer.alloc(64, 7);

/** Writes (once) a UPD file of one idah-image dataset with `entries` x `annotationsPerEntry` boxes and polygons. */
export async function syntheticUpd(path: string, shape: SyntheticShape): Promise<string> {
  if (existsSync(path)) return path;
  const writer = await UpdWriter.create(path, { builtBy: 'idah-plugin bench' });
  try {
    writer.addDataset({ id: 'bench', name: 'Benchmark', modality: 'idah-image', created_at: TIMESTAMP, updated_at: TIMESTAMP });
    for (let index = 0; index < shape.entries; index += 1) {
      const id = `e${String(index).padStart(8, '0')}`;
      writer.addEntry(
        { id, dataset_id: 'bench', name: `image-${index}`, status: 'completed', resource: id, created_at: TIMESTAMP, updated_at: TIMESTAMP },
        { mediaUrl: shape.withMedia ? `local:${id}` : null },
      );
      for (let a = 0; a < shape.annotationsPerEntry; a += 1) {
        const x = ((index * 7 + a * 13) % 80) / 100;
        const y = ((index * 11 + a * 17) % 80) / 100;
        const dimensions: Dimensions =
          a % 2 === 0
            ? { type: 'idah-image:bounding-box', points: [[x, y], [x + 0.1, y], [x + 0.1, y + 0.15], [x, y + 0.15]], angle: 0 }
            : { type: 'idah-image:polygon', points: [[x, y], [x + 0.1, y], [x + 0.05, y + 0.12]] };
        writer.addAnnotation({
          id: `${id}-a${a}`,
          entry_id: id,
          dataset_id: 'bench',
          dimensions,
          annotation: { category: CATEGORIES[(index + a) % CATEGORIES.length] as string },
          metadata: {},
          created_at: TIMESTAMP,
          updated_at: TIMESTAMP,
        });
      }
      if (shape.withMedia) {
        await writer.addMedia(
          { id, resource: id, key: '', filename: `image-${index}.png`, mime_type: 'image/png', size: TINY_MEDIA.length, meta: { width: 640, height: 480 } },
          TINY_MEDIA,
        );
      }
    }
    await writer.close();
  } catch (error) {
    await writer.abort();
    throw error;
  }
  return path;
}
