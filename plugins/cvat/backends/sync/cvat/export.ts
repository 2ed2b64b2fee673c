import {
  attributeText,
  attributeValue,
  type CategoryLabels,
  categoryLabelsOf,
  type CategoryNames,
  convertAnnotations,
  type EntryContext,
  type ExportContext,
  type Exporter,
  type FramedImage,
  framedImage,
  imageOutputName,
  MediaCopier,
  outputTimestamp,
  readImageItem,
  SkipReport,
  splitAssigner,
  type ResolvedAttribute,
  UniqueNames,
  zipImageExport,
} from 'idah-plugin';
import { type CvatOptions, cvatOptions } from './options.ts';
import { CvatLabels } from './cvat-labels.ts';
import { cvatElementFor, cvatTag } from './cvat-shapes.ts';
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
    const labels = new CvatLabels();
    const names = new UniqueNames();
    const assigner = splitAssigner(splits);
    const datasetNames: string[] = [];
    const documents = new SplitDocuments((split) => context.io.tempPath(`images-${split}.xml`));
    const copier = new MediaCopier(context.io, include_medias, { files: context, report });
    try {
      for (const split of assigner.declared) documents.ensure(split);
      for await (const dataset of context.datasets) {
        datasetNames.push(dataset.record.name);
        const categoryLabels = categoryLabelsOf(dataset.record.labeling_configuration, { names: context.options.category_names });
        for await (const entry of dataset.entries()) {
          const image = await readImageItem(entry, report);
          if (!image) continue;
          const named = await imageOutputName(image, undefined, 'CVAT');
          if ('problem' in named) {
            await report.problem({ dataset_id: dataset.id, entry_id: entry.id, reason: named.problem });
            continue;
          }
          const fileName = names.claim(named.name);
          const framed = await framedImage(image, context.options.exif_orientation);
          const split = assigner.splitOf(entry.record);
          const dataFile = splits === undefined ? 'annotations.xml' : `${split}.xml`;
          const shapes = await shapeElements(entry, framed, categoryLabels, context.options.category_names, labels, report, dataFile);
          await documents.addImage(split, fileName, framed.width, framed.height, shapes);
          await copier.copy(entry, image.original, `images/${fileName}`);
        }
      }
      await copier.finish();
      const fileOf = (split: string) => (splits === undefined ? 'annotations.xml' : `${split}.xml`);
      const timestamp = outputTimestamp(reproducible).toISOString();
      await documents.writeDocuments((split) => context.io.resolve(fileOf(split)), { name: datasetNames.join(', '), labels: labels.labels(), timestamp });
    } finally {
      await copier.settle();
      await documents.close();
    }
    await report.writeInto();
    await zipImageExport(context.io, reproducible);
  }
}

/** VOC-style fields taken from attributes of that id or label: `occluded` is CVAT's own. */
const isOccludedAttribute = (attribute: ResolvedAttribute) => attribute.id.toLowerCase() === 'occluded' || attribute.label.toLowerCase() === 'occluded';

/** The entry's shapes and tags as CVAT elements; bad annotations are reported. */
async function shapeElements(
  entry: EntryContext,
  framed: FramedImage,
  categoryLabels: CategoryLabels,
  names: CategoryNames,
  labels: CvatLabels,
  report: SkipReport,
  dataFile: string,
): Promise<string[]> {
  const elements: string[] = [];
  const size = { width: framed.width, height: framed.height };
  const converted = convertAnnotations(entry, report, categoryLabels, ({ shape, category, attributes }) => {
    if (shape.kind === 'entry-root' && !category) return { unsupported: 'an entry:root without a category has no CVAT tag (a tag needs a label)' };
    const label = labels.nameOf(category!.id, category!.path);
    const occludedAttribute = attributes.find(isOccludedAttribute);
    const written = attributes.filter((attribute) => attribute !== occludedAttribute).map((attribute) => ({ name: attribute.name, value: attributeText(attributeValue(attribute, names)) }));
    labels.addAttributes(label, written.map((attribute) => attribute.name));
    if (shape.kind === 'entry-root') return { element: cvatTag(label, written) };
    return cvatElementFor(framed.pixels(shape), size, { label, occluded: isOccluded(occludedAttribute?.value), attributes: written });
  }, { dataFile });
  for await (const { value } of converted) elements.push(value.element);
  return elements;
}

/** `occluded`: true, 1, "1" and "true" are yes. */
function isOccluded(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 'true';
}
