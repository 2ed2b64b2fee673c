import { DuckDBInstance } from '@duckdb/node-api';
import { inIdOrder, packedBatches } from './packed-batches.ts';
import { annotationRecord, datasetRecord, entryRecord, mediaRecord, type PackedAnnotation } from './records.ts';
import { textSink } from './text-sink.ts';

type Sink = Awaited<ReturnType<typeof textSink>>;

/** The json exporter's file (default options): one document, written entry by entry. */
export async function writeJson(upd: string, out: Sink): Promise<void> {
  await out.write('{"format": "idah-json","format_version": 1,"datasets": [');
  let datasetId: string | undefined;
  let entries = 0;
  for await (const { dataset, entries: batch } of packedBatches(upd)) {
    if (dataset.id !== datasetId) {
      await out.write(`${datasetId === undefined ? '' : ']},'}{"record": ${JSON.stringify(datasetRecord(dataset))},"entries": [`);
      datasetId = dataset.id;
      entries = 0;
    }
    let text = '';
    for (const entry of batch) {
      const annotations = inIdOrder(JSON.parse(entry.annotations) as PackedAnnotation[]).map((row) => annotationRecord(entry.id, row));
      const medias = entry.media ? [mediaRecord(entry.media)] : [];
      text += `${entries++ ? ',' : ''}${JSON.stringify({ record: entryRecord(entry.id, entry.datasetId, entry.metadata), annotations, medias })}`;
    }
    await out.write(text);
  }
  await out.write(`${datasetId === undefined ? '' : ']}'}]}`);
}

const CSV_HEADER = 'dataset_id,dataset_name,entry_id,entry_name,media_filename,annotation_id,shape_type,category,geometry,properties,metadata\n';
const NEEDS_QUOTES = /[",\n\r]/;
const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell as csv-stringify writes it, after the formula guard. */
function cell(value: string): string {
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The csv exporter's file (default options): one row per annotation. */
export async function writeCsv(upd: string, out: Sink): Promise<void> {
  await out.write(CSV_HEADER);
  for await (const { dataset, entries } of packedBatches(upd)) {
    const prefix = `${cell(dataset.id)},${cell(dataset.name)},`;
    let text = '';
    for (const entry of entries) {
      const record = entryRecord(entry.id, entry.datasetId, entry.metadata);
      const filename = entry.media ? (mediaRecord(entry.media).filename as string) : '';
      const entryCells = `${prefix}${cell(entry.id)},${cell((record.name as string) ?? '')},${cell(filename)},`;
      for (const row of inIdOrder(JSON.parse(entry.annotations) as PackedAnnotation[])) {
        const annotation = annotationRecord(entry.id, row);
        const { type, ...geometry } = annotation.dimensions as Record<string, unknown>;
        const { category, ...properties } = annotation.annotation as Record<string, unknown>;
        text += `${entryCells}${cell(annotation.id as string)},${cell(type as string)},${cell((category as string) ?? '')},${cell(JSON.stringify(geometry))},${cell(JSON.stringify(properties))},${cell(JSON.stringify(annotation.metadata))}\n`;
      }
    }
    await out.write(text);
  }
}

const millionths = (value: number) => {
  const m = Math.round(value * 1e6);
  return m > 0 ? (m < 1e6 ? m : 1e6) : 0;
};
const decimals = (m: number) => (m >= 1e6 ? '1.000000' : m >= 100_000 ? `0.${m}` : `0.${String(m).padStart(6, '0')}`);

/** Category ids sorted by code units, as CategoryTable numbers classes (categories resolved by id). */
async function sortedCategories(upd: string): Promise<Map<string, number>> {
  const instance = await DuckDBInstance.create(upd, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    const names = (await connection.runAndReadAll('SELECT DISTINCT category FROM annotations')).getColumns()[0] as string[];
    names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return new Map(names.map((name, index) => [name, index]));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/**
 * The text of the yolo exporter's label files (task detect), every file one after the other in
 * entry order: class ids by sorted category name (read first, in SQL), boxes `cx cy w h` from
 * the points' extent in pixels, clamped to the image, 6 decimals.
 */
export async function writeYoloLabels(upd: string, out: Sink): Promise<void> {
  const classOf = await sortedCategories(upd);
  for await (const { entries } of packedBatches(upd)) {
    let text = '';
    for (const entry of entries) {
      const { width, height } = (JSON.parse(entry.media!.metadata) as { Meta: { width: number; height: number } }).Meta;
      for (const [, , args, category] of inIdOrder(JSON.parse(entry.annotations) as PackedAnnotation[])) {
        let [x1, y1, x2, y2] = [Infinity, Infinity, -Infinity, -Infinity];
        for (const [x, y] of args.points as [number, number][]) {
          const [px, py] = [x * width, y * height];
          if (px < x1) x1 = px;
          if (px > x2) x2 = px;
          if (py < y1) y1 = py;
          if (py > y2) y2 = py;
        }
        const nx = (v: number) => (v < 0 ? 0 : v > width ? width : v) / width;
        const ny = (v: number) => (v < 0 ? 0 : v > height ? height : v) / height;
        [x1, x2, y1, y2] = [nx(x1), nx(x2), ny(y1), ny(y2)];
        text += `${classOf.get(category)} ${decimals(millionths((x1 + x2) / 2))} ${decimals(millionths((y1 + y2) / 2))} ${decimals(millionths(x2 - x1))} ${decimals(millionths(y2 - y1))}\n`;
      }
    }
    await out.write(text);
  }
}
