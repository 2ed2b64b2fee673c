import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { inIdOrder, packedBatches } from './packed-batches.ts';
import { mediaRecord, type PackedAnnotation } from './records.ts';
import { textSink } from './text-sink.ts';

/** Where the coco exporter's zip holds the JSON. */
export const COCO_MEMBER = 'annotations/instances_default.json';

type Sink = Awaited<ReturnType<typeof textSink>>;

// The coco exporter's `info` with options { reproducible: true } (its fixed date).
const HEADER =
  '{"info":{"description":"IDAH annotations exported by idah-plugin (coco)","version":"1.0","year":2000,"contributor":"idah-plugin","url":"","date_created":"2000-01-01T00:00:00.000Z"},"licenses":[],"images":[';

/** Hundredths of a pixel as the exporter writes them (2 decimals at most, no trailing zeros). */
function cents(value: number): string {
  const sign = value < 0 ? '-' : '';
  const magnitude = value < 0 ? -value : value;
  const fraction = magnitude % 100;
  const whole = (magnitude - fraction) / 100;
  if (fraction === 0) return `${sign}${whole}`;
  if (fraction % 10 === 0) return `${sign}${whole}.${fraction / 10}`;
  return `${sign}${whole}.${fraction < 10 ? '0' : ''}${fraction}`;
}

/** Category ids in the order of their paths (code units), from 1, with COCO's name and supercategory split at the last `/`. */
async function sortedCategories(upd: string): Promise<{ idOf: Map<string, number>; json: string }> {
  const instance = await DuckDBInstance.create(upd, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    const paths = (await connection.runAndReadAll('SELECT DISTINCT category FROM annotations')).getColumns()[0] as string[];
    paths.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const categories = paths.map((path, index) => {
      const slash = path.lastIndexOf('/');
      return { id: index + 1, name: path.slice(slash + 1), supercategory: slash < 0 ? path : path.slice(0, slash) };
    });
    return { idOf: new Map(paths.map((path, index) => [path, index + 1])), json: JSON.stringify(categories) };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/**
 * The coco exporter's annotations/instances_default.json (options include_medias "none",
 * reproducible): categories read first in SQL, images written as they come, annotations with
 * their final ids to a scratch file, copied after the images section (memory stays flat). Every shape of the synthetic files (boxes as their 4
 * corners, polygons) lies inside its image and is simple: each point is scaled to pixels in
 * hundredths and clamped, `bbox` is their extent, `area` the shoelace area.
 */
export async function writeCoco(upd: string, out: Sink): Promise<void> {
  const categories = await sortedCategories(upd);
  await out.write(HEADER);
  const scratchDir = await mkdtemp(join(tmpdir(), 'minimal-coco-'));
  const scratchPath = join(scratchDir, 'annotations');
  const annotations = await textSink(scratchPath);
  let imageId = 0;
  let annotationId = 0;
  for await (const { entries } of packedBatches(upd)) {
    let images = '';
    let text = '';
    for (const entry of entries) {
      const media = mediaRecord(entry.media!);
      const { width, height } = media.meta as { width: number; height: number };
      const [maxX, maxY] = [width * 100, height * 100];
      images += `${++imageId === 1 ? '\n' : ',\n'}{"id":${imageId},"file_name":${JSON.stringify(media.filename)},"width":${width},"height":${height}}`;
      for (const [, , args, category] of inIdOrder(JSON.parse(entry.annotations) as PackedAnnotation[])) {
        const points = args.points as [number, number][];
        const xs: number[] = [];
        const ys: number[] = [];
        for (const [x, y] of points) {
          const px = Math.round(x * width * 100);
          const py = Math.round(y * height * 100);
          xs.push(px < 0 ? 0 : px > maxX ? maxX : px);
          ys.push(py < 0 ? 0 : py > maxY ? maxY : py);
        }
        let [x1, y1, x2, y2, twiceArea, segmentation] = [Infinity, Infinity, -Infinity, -Infinity, 0, ''];
        for (let i = 0, j = xs.length - 1; i < xs.length; j = i, i += 1) {
          const [x, y] = [xs[i]!, ys[i]!];
          if (x < x1) x1 = x;
          if (x > x2) x2 = x;
          if (y < y1) y1 = y;
          if (y > y2) y2 = y;
          twiceArea += xs[j]! * y - x * ys[j]!;
          segmentation += `${i ? ',' : ''}${cents(x)},${cents(y)}`;
        }
        const area = cents(Math.round(Math.abs(twiceArea) / 200));
        text += `${++annotationId === 1 ? '\n' : ',\n'}{"id":${annotationId},"image_id":${imageId},"bbox":[${cents(x1)},${cents(y1)},${cents(x2 - x1)},${cents(y2 - y1)}],"area":${area},"iscrowd":0,"segmentation":[[${segmentation}]],"category_id":${categories.idOf.get(category)}}`;
      }
    }
    await out.write(images);
    await annotations.write(text);
  }
  await annotations.close();
  await out.write(`${imageId ? '\n' : ''}],"annotations":[`);
  for await (const text of createReadStream(scratchPath, { encoding: 'utf8', highWaterMark: 1 << 20 })) await out.write(text as string);
  await rm(scratchDir, { recursive: true, force: true });
  await out.write(`${annotationId ? '\n' : ''}],"categories":${categories.json}}\n`);
}
