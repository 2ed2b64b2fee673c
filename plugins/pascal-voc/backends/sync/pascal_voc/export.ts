import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  attributeText,
  attributeValue,
  type CategoryLabels,
  categoryLabelsOf,
  type CategoryNames,
  convertAnnotations,
  type EntryContext,
  entryOptions,
  type ExportContext,
  type Exporter,
  type FramedImage,
  framedImage,
  imageOutputName,
  type JsonObject,
  MediaCopier,
  readImageItem,
  SkipReport,
  splitAssigner,
  splitFileExtension,
  type ResolvedAttribute,
  UniqueNames,
  zipImageExport,
} from 'idah-plugin';
import { annotationXml, type VocAttribute, type VocObject, type VocTag } from './annotation-xml.ts';
import { ImageSets } from './image-sets.ts';
import { type PascalVocOptions, pascalVocOptions } from './options.ts';
import { difficultOf, extraAttributes, occludedOf, poseOf, truncatedOf } from './payload-flags.ts';
import { vocBoxFor } from './voc-box.ts';
import { vocImageFileName, VocLabels } from './voc-names.ts';

/**
 * Pascal VOC: `Annotations/<stem>.xml` per image (every image, with or without objects),
 * `JPEGImages/<name>` (the original file as it is, whatever its format) and
 * `ImageSets/Main/<split>.txt`. Names are unique across the export, so the flat folders
 * never overwrite one image with another.
 */
export class PascalVocExport implements Exporter<PascalVocOptions> {
  name = 'Pascal VOC';
  description = 'Pascal VOC: Annotations/<stem>.xml with integer pixel boxes, JPEGImages/ and ImageSets/Main/<split>.txt.';
  options = pascalVocOptions;

  async export(context: ExportContext<PascalVocOptions>) {
    const { include_medias, splits, reproducible, pixel_base } = context.options;
    const report = new SkipReport(context);
    const names = new UniqueNames();
    const labels = new VocLabels();
    const assigner = splitAssigner(splits);
    // Annotation files go straight into the output zip (io.writeEntry), never onto the disk.
    const entryDate = entryOptions(reproducible);
    let annotationFiles = 0;
    const imageSets = new ImageSets((split) => context.io.resolve(`ImageSets/Main/${split}.txt`));
    const copier = new MediaCopier(context.io, include_medias, { files: context, report });
    try {
      for (const split of assigner.declared) imageSets.ensure(split);
      for await (const dataset of context.datasets) {
        const categoryLabels = categoryLabelsOf(dataset.record.labeling_configuration, { names: context.options.category_names });
        for await (const entry of dataset.entries()) {
          const image = await readImageItem(entry, report);
          if (!image) continue;
          const named = await imageOutputName(image, undefined, 'Pascal VOC');
          if ('problem' in named) {
            await report.problem({ dataset_id: dataset.id, entry_id: entry.id, reason: named.problem });
            continue;
          }
          const fileName = names.claim(vocImageFileName(named.name));
          const [stem] = splitFileExtension(fileName);
          const framed = await framedImage(image, context.options.exif_orientation);
          const { objects, tags } = await vocObjects(entry, framed, categoryLabels, context.options.category_names, labels, report, `Annotations/${stem}.xml`);
          const { width, height } = framed;
          const depth = depthOf(image.original.record.meta);
          await context.io.writeEntry(`Annotations/${stem}.xml`, annotationXml({ fileName, database: dataset.record.name, width, height, depth, objects, tags }, pixel_base), entryDate);
          annotationFiles += 1;
          await imageSets.add(assigner.splitOf(entry.record), stem);
          await copier.copy(entry, image.original, `JPEGImages/${fileName}`);
        }
      }
      await copier.finish();
    } finally {
      await copier.settle();
      await imageSets.close();
    }
    if (annotationFiles === 0) mkdirSync(join(context.io.directory, 'Annotations'), { recursive: true });
    if (include_medias !== 'none') mkdirSync(join(context.io.directory, 'JPEGImages'), { recursive: true });
    await context.io.writeFile('labelmap.txt', labels.labelmapText());
    await report.writeInto();
    await zipImageExport(context.io, reproducible);
  }
}

function vocAttributes(attributes: readonly ResolvedAttribute[], names: CategoryNames): VocAttribute[] {
  return attributes.map((attribute) => ({ name: attribute.name, value: attributeText(attributeValue(attribute, names)) }));
}

/** The entry's objects and image-level tags (entry:root); lines and bad annotations are reported. */
async function vocObjects(
  entry: EntryContext,
  framed: FramedImage,
  categoryLabels: CategoryLabels,
  names: CategoryNames,
  labels: VocLabels,
  report: SkipReport,
  dataFile: string,
): Promise<{ objects: VocObject[]; tags: VocTag[] }> {
  const objects: VocObject[] = [];
  const tags: VocTag[] = [];
  const size = { width: framed.width, height: framed.height };
  const converted = convertAnnotations(entry, report, categoryLabels, (annotation) => {
    if (annotation.shape.kind === 'entry-root') return { tag: true as const };
    return vocBoxFor(framed.pixels(annotation.shape), size);
  }, { dataFile });
  for await (const { annotation, value } of converted) {
    const { category, attributes } = annotation;
    if ('tag' in value) {
      tags.push({ name: category?.path, attributes: vocAttributes(attributes, names) });
      continue;
    }
    const { edges } = value;
    objects.push({
      name: labels.nameOf(category!.id, category!.path),
      pose: poseOf(attributes),
      truncated: truncatedOf(attributes, edges.touchesEdge),
      difficult: difficultOf(attributes),
      occluded: occludedOf(attributes),
      edges,
      attributes: vocAttributes(extraAttributes(attributes), names),
    });
  }
  return { objects, tags };
}

/** Channels per pixel from media meta (`depth` or `channels`), else 3: the size comes without decoding the image. */
function depthOf(meta: JsonObject | null | undefined): number {
  for (const value of [meta?.depth, meta?.channels]) {
    if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  }
  return 3;
}
