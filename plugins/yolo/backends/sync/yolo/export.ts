import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  CategoryIndex,
  convertImageAnnotations,
  type EntryContext,
  type ExportContext,
  type Exporter,
  type ImageItem,
  MediaCopier,
  readImageItem,
  SkipReport,
  splitAssigner,
  splitFileExtension,
  UniqueNames,
  zipImageExport,
} from 'idah-plugin';
import { dataYaml } from './data-yaml.ts';
import { LabelSpool } from './label-spool.ts';
import { type YoloOptions, yoloOptions, type YoloTask } from './options.ts';
import { rowFor } from './yolo-rows.ts';

/**
 * The Ultralytics layout: `images/<split>/<name>`, `labels/<split>/<stem>.txt` (an empty file
 * for an image without labels) and `data.yaml`. Class ids are 0-based in the sorted order of
 * the category paths (CategoryIndex), so the same categories always get the same ids.
 */
export class YoloExport implements Exporter<YoloOptions> {
  name = 'YOLO (Ultralytics)';
  description =
    'Ultralytics YOLO dataset: data.yaml, images/<split>/ and labels/<split>/<stem>.txt with normalised boxes (detect) or polygons (segment).';
  options = yoloOptions;

  async export(context: ExportContext<YoloOptions>) {
    const { task, include_medias, splits, reproducible } = context.options;
    const report = new SkipReport(context);
    const categories = new CategoryIndex();
    const names = new UniqueNames();
    const assigner = splitAssigner(splits);
    // Images per split; declared splits are written even when empty.
    const imagesPerSplit = new Map(assigner.declared.map((split) => [split, 0]));
    const spool = new LabelSpool(context.io.tempPath('labels.spool'));
    const copier = new MediaCopier(context.io, include_medias, { report });

    try {
      for await (const dataset of context.datasets) {
        for await (const entry of dataset.entries()) {
          const image = await readImageItem(entry, report);
          if (!image) continue;
          const split = assigner.splitOf(entry.record);
          imagesPerSplit.set(split, (imagesPerSplit.get(split) ?? 0) + 1);
          const fileName = names.claim(image.sourceName);
          const rows = await labelRows(entry, image, task, categories, report);
          await spool.add(`labels/${split}/${splitFileExtension(fileName)[0]}.txt`, rows);
          await copier.copy(entry, image.original, `images/${split}/${fileName}`);
        }
      }
      await copier.finish();
      context.logger.debug(`read every entry; writing ${spool.fileCount} label files`);
      const root = context.io.directory;
      for (const split of imagesPerSplit.keys()) {
        mkdirSync(join(root, 'labels', split), { recursive: true });
        if (include_medias !== 'none') mkdirSync(join(root, 'images', split), { recursive: true });
      }
      await spool.writeLabelFiles(root, categories.finalIds().map((id) => id - 1), context.signal);
    } finally {
      await copier.settle();
      await spool.close().catch(() => undefined);
    }
    const classNames = categories.categories().map((category) => category.path);
    // data.yaml names the splits that hold images (all of them when none does).
    const filled = [...imagesPerSplit].filter(([, count]) => count > 0).map(([split]) => split);
    const yamlSplits = filled.length > 0 ? filled : [...imagesPerSplit.keys()];
    await context.io.writeFile('data.yaml', dataYaml({ splits: yamlSplits, names: classNames, task }));
    await report.writeInto();
    context.logger.debug('label files and data.yaml written');
    await zipImageExport(context.io, reproducible);
  }
}

/** The entry's rows, `<provisional class> <coordinates>`; what cannot be written is reported. */
async function labelRows(entry: EntryContext, image: ImageItem, task: YoloTask, categories: CategoryIndex, report: SkipReport): Promise<string[]> {
  const rows: string[] = [];
  const converted = convertImageAnnotations(entry, report, ({ shape }) => rowFor(shape, task, image.size));
  for await (const { annotation, value } of converted) rows.push(`${categories.add(annotation.category)} ${value.coordinates}`);
  return rows;
}
