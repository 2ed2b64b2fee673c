import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  convertImageAnnotations,
  type EntryContext,
  type ExportContext,
  type Exporter,
  type ImageItem,
  type JsonObject,
  MediaCopier,
  readImageItem,
  SkipReport,
  splitAssigner,
  splitFileExtension,
  UniqueNames,
  zipImageExport,
} from 'idah-plugin';
import { annotationXml, type VocObject } from './annotation-xml.ts';
import { ImageSets } from './image-sets.ts';
import { type PascalVocOptions, pascalVocOptions } from './options.ts';
import { difficultOf, poseOf, truncatedOf } from './payload-flags.ts';
import { vocBoxFor } from './voc-box.ts';

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
    const assigner = splitAssigner(splits);
    const annotationsFolder = join(context.io.directory, 'Annotations');
    mkdirSync(annotationsFolder, { recursive: true });
    const imageSets = new ImageSets((split) => context.io.resolve(`ImageSets/Main/${split}.txt`));
    const copier = new MediaCopier(context.io, include_medias, { report });
    try {
      for (const split of assigner.declared) imageSets.ensure(split);
      for await (const dataset of context.datasets) {
        for await (const entry of dataset.entries()) {
          const image = await readImageItem(entry, report);
          if (!image) continue;
          const fileName = names.claim(image.sourceName);
          const [stem] = splitFileExtension(fileName);
          const objects = await vocObjects(entry, image, report);
          const { width, height } = image.size;
          const depth = depthOf(image.original.record.meta);
          writeFileSync(join(annotationsFolder, `${stem}.xml`), annotationXml({ fileName, database: dataset.record.name, width, height, depth, objects }, pixel_base));
          await imageSets.add(assigner.splitOf(entry.record), stem);
          await copier.copy(entry, image.original, `JPEGImages/${fileName}`);
        }
      }
      await copier.finish();
    } finally {
      await copier.settle();
      await imageSets.close();
    }
    if (include_medias !== 'none') mkdirSync(join(context.io.directory, 'JPEGImages'), { recursive: true });
    await report.writeInto();
    await zipImageExport(context.io, reproducible);
  }
}

/** The entry's objects; lines and bad annotations are reported. */
async function vocObjects(entry: EntryContext, image: ImageItem, report: SkipReport): Promise<VocObject[]> {
  const objects: VocObject[] = [];
  for await (const { annotation, value } of convertImageAnnotations(entry, report, ({ shape }) => vocBoxFor(shape, image.size))) {
    const { category: name, payload } = annotation;
    const { edges } = value;
    objects.push({ name, pose: poseOf(payload), truncated: truncatedOf(payload, edges.touchesEdge), difficult: difficultOf(payload), edges });
  }
  return objects;
}

/** Channels per pixel from media meta (`depth` or `channels`), else 3: the size comes without decoding the image. */
function depthOf(meta: JsonObject | null | undefined): number {
  for (const value of [meta?.depth, meta?.channels]) {
    if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  }
  return 3;
}
