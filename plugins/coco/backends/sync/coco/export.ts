import {
  type AnnotationContext,
  CategoryIndex,
  categoryPathOf,
  type DatasetContext,
  type EntryContext,
  type ExportContext,
  type Exporter,
  imageExportOptions,
  imageSizeOf,
  MediaCopier,
  originalMediaOf,
  outputTimestamp,
  parseImageShape,
  SkipReport,
  splitAssigner,
  UniqueNames,
  z,
  zipImageExport,
} from 'idah-plugin';
import { cocoGeometryJson, type CocoGeometryOptions } from './coco-geometry.ts';
import { cocoInfoJson, InstancesWriter } from './instances-writer.ts';

const options = z.object({
  ...imageExportOptions,
  rle: z
    .enum(['uncompressed', 'compressed'])
    .default('uncompressed')
    .describe('Masks as COCO RLE with a counts list ("uncompressed", as in COCO\'s own files) or pycocotools\' compressed string'),
  ellipse_vertices: z.number().int().min(8).max(360).default(32).describe('Vertices of the polygon each circle and ellipse becomes'),
});
type Options = z.output<typeof options>;

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Everything one export run shares. */
interface Run {
  context: ExportContext<Options>;
  report: SkipReport;
  names: UniqueNames;
  categories: CategoryIndex;
  splitOf: (entry: EntryContext) => string;
  writerFor: (split: string) => InstancesWriter;
  media: MediaCopier;
  geometry: CocoGeometryOptions;
}

/**
 * COCO instances JSON (README.md): `annotations/instances_<split>.json` and, unless
 * `include_medias` is "none", the images under `images/<split>/`, zipped.
 */
export class CocoExport implements Exporter<Options> {
  name = 'COCO';
  description = 'COCO instances JSON (detection and segmentation) per split, with the images; ids from 1, categories with supercategories.';
  options = options;

  async export(context: ExportContext<Options>) {
    const { splits, reproducible } = context.options;
    const infoJson = cocoInfoJson(outputTimestamp(reproducible));
    const writers = new Map<string, InstancesWriter>();
    const writerFor = (split: string) => {
      let writer = writers.get(split);
      if (!writer) {
        const path = context.io.resolve(`annotations/instances_${split}.json`);
        writer = InstancesWriter.open(path, context.io.tempPath(`annotations-${split}.jsonl`), infoJson);
        writers.set(split, writer);
      }
      return writer;
    };
    const assigner = splitAssigner(splits);
    for (const split of assigner.declared) writerFor(split);
    const report = new SkipReport(context);
    const run: Run = {
      context,
      report,
      names: new UniqueNames(),
      categories: new CategoryIndex(),
      splitOf: (entry) => assigner.splitOf(entry.record),
      writerFor,
      media: new MediaCopier(context.io, context.options.include_medias, { report }),
      geometry: { ellipseVertices: context.options.ellipse_vertices, rle: context.options.rle },
    };

    try {
      // Datasets in the order asked and entries in the source's order (by id) are deterministic already.
      for await (const dataset of context.datasets) {
        for await (const entry of dataset.entries()) await exportEntry(run, dataset, entry);
      }
      await run.media.finish();
    } catch (error) {
      await Promise.allSettled([...writers.values()].map((writer) => writer.discard()));
      throw error;
    } finally {
      await run.media.settle();
    }

    const finalIds = run.categories.finalIds();
    const categoriesJson = JSON.stringify(run.categories.categories().map(({ id, name, supercategory }) => ({ id, name, supercategory })));
    for (const split of [...writers.keys()].sort()) await writers.get(split)!.finish(finalIds, categoriesJson);
    const images = [...writers.values()].reduce((sum, writer) => sum + writer.imageCount, 0);
    const annotations = [...writers.values()].reduce((sum, writer) => sum + writer.annotationCount, 0);
    context.logger.info(`COCO: ${images} images, ${annotations} annotations, ${run.categories.size} categories in ${writers.size} split(s)`);
    await run.report.writeInto();
    await zipImageExport(context.io, reproducible);
  }
}

async function exportEntry(run: Run, dataset: DatasetContext, entry: EntryContext): Promise<void> {
  const { context, report } = run;
  const item = { dataset_id: dataset.id, entry_id: entry.id };
  const original = await originalMediaOf(entry);
  if (!original) {
    await report.problem({ ...item, reason: 'expected an original media (key "") to take the image and its size from, got none' });
    return;
  }
  let size: { width: number; height: number };
  try {
    size = await imageSizeOf(original);
  } catch (error) {
    await report.problemFrom(error, item);
    return;
  }
  const fileName = run.names.claim(original.record.filename);
  const split = run.splitOf(entry);
  const writer = run.writerFor(split);
  const imageId = await writer.addImage(fileName, size.width, size.height);
  await run.media.copy(entry, original, `images/${split}/${fileName}`);

  const annotations = context.options.reproducible ? (await entry.annotations().toArray()).sort(byId) : entry.annotations();
  for await (const annotation of annotations) {
    const waiting = exportAnnotation(run, writer, imageId, size, item, annotation);
    if (waiting) await waiting;
  }
}

const LINE_REASON = 'COCO has no line shape (a polyline is neither a box, a polygon nor a mask)';

/** Runs once per annotation, so it stays synchronous unless the writer or the report has to wait. */
function exportAnnotation(
  run: Run,
  writer: InstancesWriter,
  imageId: number,
  size: { width: number; height: number },
  item: { dataset_id: string; entry_id: string },
  annotation: AnnotationContext,
): Promise<void> | undefined {
  const record = annotation.record;
  let geometry: string;
  let category: string;
  try {
    const shape = parseImageShape(record.dimensions);
    if (shape.kind === 'line') return run.report.unsupported({ ...item, annotation_id: record.id, reason: LINE_REASON });
    category = categoryPathOf(record.annotation);
    geometry = cocoGeometryJson(shape, size.width, size.height, run.geometry);
  } catch (error) {
    return run.report.problemFrom(error, { ...item, annotation_id: record.id });
  }
  return writer.addAnnotation(imageId, geometry, run.categories.add(category));
}
