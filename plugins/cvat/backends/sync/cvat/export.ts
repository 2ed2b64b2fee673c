import {
  CategoryIndex,
  convertImageAnnotations,
  type EntryContext,
  type ExportContext,
  type Exporter,
  type ImageItem,
  MediaCopier,
  outputTimestamp,
  readImageItem,
  SkipReport,
  splitAssigner,
  UniqueNames,
  zipImageExport,
} from 'idah-plugin';
import { type CvatOptions, cvatOptions } from './options.ts';
import { cvatElementFor } from './cvat-shapes.ts';
import { SplitDocuments } from './split-documents.ts';

/**
 * CVAT for images 1.1: without the `splits` option, CVAT's own task export (`annotations.xml`
 * and `images/<name>`); with it, one document per split, `<split>.xml`, beside the same
 * `images/` (Datumaro's CVAT layout: each file is a subset named after it). Every image is
 * listed, with or without shapes; names are unique across the export.
 */
export class CvatExport implements Exporter<CvatOptions> {
  name = 'CVAT for images 1.1';
  description = 'CVAT for images 1.1 XML: labels in meta, boxes, polygons, polylines, ellipses (circles too) and masks in CVAT\'s RLE, with the images.';
  options = cvatOptions;

  async export(context: ExportContext<CvatOptions>) {
    const { include_medias, splits, reproducible } = context.options;
    const report = new SkipReport(context);
    const categories = new CategoryIndex();
    const names = new UniqueNames();
    const assigner = splitAssigner(splits);
    const datasetNames: string[] = [];
    const documents = new SplitDocuments((split) => context.io.tempPath(`images-${split}.xml`));
    const copier = new MediaCopier(context.io, include_medias, { report });
    try {
      for (const split of assigner.declared) documents.ensure(split);
      for await (const dataset of context.datasets) {
        datasetNames.push(dataset.record.name);
        for await (const entry of dataset.entries()) {
          const image = await readImageItem(entry, report);
          if (!image) continue;
          const fileName = names.claim(image.sourceName);
          const shapes = await shapeElements(entry, image, categories, report);
          await documents.addImage(assigner.splitOf(entry.record), fileName, image.size.width, image.size.height, shapes);
          await copier.copy(entry, image.original, `images/${fileName}`);
        }
      }
      await copier.finish();
      const fileOf = (split: string) => (splits === undefined ? 'annotations.xml' : `${split}.xml`);
      const labels = categories.categories().map((category) => category.path);
      const timestamp = outputTimestamp(reproducible).toISOString();
      await documents.writeDocuments((split) => context.io.resolve(fileOf(split)), { name: datasetNames.join(', '), labels, timestamp });
    } finally {
      await copier.settle();
      await documents.close();
    }
    await report.writeInto();
    await zipImageExport(context.io, reproducible);
  }
}

/** The entry's shapes as CVAT elements; bad annotations are reported. */
async function shapeElements(entry: EntryContext, image: ImageItem, categories: CategoryIndex, report: SkipReport): Promise<string[]> {
  const elements: string[] = [];
  const converted = convertImageAnnotations(entry, report, ({ shape, category, payload }) =>
    cvatElementFor(shape, image.size, { label: category, occluded: isOccluded(payload.occluded) }),
  );
  for await (const { annotation, value } of converted) {
    categories.add(annotation.category);
    elements.push(value.element);
  }
  return elements;
}

/** `occluded` from the label payload: true, 1, "1" and "true" are yes. */
function isOccluded(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 'true';
}
