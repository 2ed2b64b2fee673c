import {
  type CategoryLabels,
  categoryLabelsOf,
  CategoryTable,
  type DatasetContext,
  type EntryContext,
  entryOptions,
  type ExportContext,
  type Exporter,
  framedImage,
  imageExportOptions,
  imageOutputName,
  MediaCopier,
  outputTimestamp,
  readImageItem,
  SkipReport,
  splitAssigner,
  UniqueNames,
  z,
  zipImageExport,
} from 'idah-plugin';
import { entryObjects, type EntryObjectsInput } from './entry-objects.ts';
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

/** Everything one export run shares. */
interface Run {
  context: ExportContext<Options>;
  report: SkipReport;
  names: UniqueNames;
  categories: CategoryTable;
  splitOf: (entry: EntryContext) => string;
  writerFor: (split: string) => InstancesWriter;
  media: MediaCopier;
  /** What converting an entry's annotations takes, but its labels. */
  convert: Omit<EntryObjectsInput, 'labels'>;
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
        writer = InstancesWriter.open(context.io.tempPath(`images-${split}.json`), context.io.tempPath(`annotations-${split}.jsonl`), infoJson);
        writers.set(split, writer);
      }
      return writer;
    };
    const assigner = splitAssigner(splits);
    for (const split of assigner.declared) writerFor(split);
    const report = new SkipReport(context);
    const categories = new CategoryTable();
    const categoryNames = context.options.category_names;
    const run: Run = {
      context,
      report,
      names: new UniqueNames(),
      categories,
      splitOf: (entry) => assigner.splitOf(entry.record),
      writerFor,
      media: new MediaCopier(context.io, context.options.include_medias, { files: context, report }),
      convert: {
        report,
        categories,
        categoryNames,
        geometry: { ellipseVertices: context.options.ellipse_vertices, rle: context.options.rle },
        storedFrame: context.options.exif_orientation === 'stored',
      },
    };

    try {
      // Datasets in the order asked and entries in the source's order (by id) are deterministic already.
      for await (const dataset of context.datasets) {
        const labels = categoryLabelsOf(dataset.record.labeling_configuration, { names: categoryNames });
        for await (const entry of dataset.entries()) await exportEntry(run, dataset, labels, entry);
      }
      await run.media.finish();
    } catch (error) {
      await Promise.allSettled([...writers.values()].map((writer) => writer.discard()));
      throw error;
    } finally {
      await run.media.settle();
    }

    const finalIds = run.categories.finalIds();
    const categoriesJson = JSON.stringify(run.categories.categories().map(({ id, leaf, supercategory }) => ({ id, name: leaf, supercategory })));
    // Straight into the output zip: the file is never written whole to the disk.
    for (const split of [...writers.keys()].sort()) {
      await context.io.writeEntry(`annotations/instances_${split}.json`, writers.get(split)!.contents(finalIds, categoriesJson), entryOptions(reproducible));
    }
    const images = [...writers.values()].reduce((sum, writer) => sum + writer.imageCount, 0);
    const annotations = [...writers.values()].reduce((sum, writer) => sum + writer.annotationCount, 0);
    context.logger.info(`COCO: ${images} images, ${annotations} annotations, ${run.categories.size} categories in ${writers.size} split(s)`);
    await run.report.writeInto();
    await zipImageExport(context.io, reproducible);
  }
}

async function exportEntry(run: Run, dataset: DatasetContext, labels: CategoryLabels, entry: EntryContext): Promise<void> {
  const { report } = run;
  const image = await readImageItem(entry, report);
  if (!image) return;
  const named = await imageOutputName(image, undefined, 'COCO');
  if ('problem' in named) {
    await report.problem({ dataset_id: dataset.id, entry_id: entry.id, reason: named.problem });
    return;
  }
  const framed = await framedImage(image, run.context.options.exif_orientation);
  const { width, height } = framed;
  const { objects, tags } = await entryObjects(entry, framed, { ...run.convert, labels });
  const fileName = run.names.claim(named.name);
  const split = run.splitOf(entry);
  const writer = run.writerFor(split);
  const imageId = await writer.addImage(fileName, width, height, tags.length > 0 ? `,"tags":[${tags.join(',')}]` : '');
  await run.media.copy(entry, image.original, `images/${split}/${fileName}`);
  const waiting = writer.addAnnotations(imageId, objects);
  if (waiting) await waiting;
  await report.logDataFile(entry, `annotations/instances_${split}.json`);
}
