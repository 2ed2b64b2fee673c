import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  categoryLabelsOf,
  CategoryTable,
  entryOptions,
  type ExportContext,
  type Exporter,
  type ImageFileType,
  imageOutputName,
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
import { LabelRows } from './label-rows.ts';
import { type YoloOptions, yoloOptions } from './options.ts';

/**
 * The Ultralytics layout: `images/<split>/<name>`, `labels/<split>/<stem>.txt` (an empty file
 * for an image without labels) and `data.yaml`. Class ids are 0-based in the order of the
 * category names (CategoryTable), taken from every annotation whatever its shape, so the same
 * data gives the same ids with every task.
 */
export class YoloExport implements Exporter<YoloOptions> {
  name = 'YOLO (Ultralytics)';
  description =
    'Ultralytics YOLO dataset: data.yaml, images/<split>/ and labels/<split>/<stem>.txt with normalised boxes (detect) or polygons (segment).';
  options = yoloOptions;

  async export(context: ExportContext<YoloOptions>) {
    const { task, include_medias, splits, reproducible } = context.options;
    const report = new SkipReport(context);
    const categories = new CategoryTable();
    const names = new UniqueNames();
    const assigner = splitAssigner(splits);
    // Images per split; declared splits are written even when empty.
    const imagesPerSplit = new Map(assigner.declared.map((split) => [split, 0]));
    const spool = new LabelSpool(context.io.tempPath('labels.spool'));
    const copier = new MediaCopier(context.io, include_medias, { files: context, report });
    const labelRows = new LabelRows({ orientation: context.options.exif_orientation, task, categories, report, spool });

    try {
      for await (const dataset of context.datasets) {
        const labels = categoryLabelsOf(dataset.record.labeling_configuration, { names: context.options.category_names });
        for await (const entry of dataset.entries()) {
          const image = await readImageItem(entry, report);
          if (!image) continue;
          const named = await imageOutputName(image, ULTRALYTICS_TYPES, 'Ultralytics');
          if ('problem' in named) {
            await report.problem({ dataset_id: dataset.id, entry_id: entry.id, reason: named.problem });
            continue;
          }
          const split = assigner.splitOf(entry.record);
          imagesPerSplit.set(split, (imagesPerSplit.get(split) ?? 0) + 1);
          const fileName = names.claim(named.name);
          const labelFile = `labels/${split}/${splitFileExtension(fileName)[0]}.txt`;
          await spool.openFile(labelFile);
          await labelRows.write(entry, image, labels, labelFile);
          await copier.copy(entry, image.original, `images/${split}/${fileName}`);
        }
      }
      await copier.finish();
      context.logger.debug(`read every entry; writing ${spool.fileCount} label files`);
      const root = context.io.directory;
      // A split without images still gets its (empty) folders; the others get them from their files.
      for (const [split, count] of imagesPerSplit) {
        if (count > 0) continue;
        mkdirSync(join(root, 'labels', split), { recursive: true });
        if (include_medias !== 'none') mkdirSync(join(root, 'images', split), { recursive: true });
      }
      await spool.writeLabelFiles(context.io, categories.finalIds().map((id) => id - 1), context.signal, entryOptions(reproducible));
    } finally {
      await copier.settle();
      await spool.close().catch(() => undefined);
    }
    const classNames = categories.categories().map((category) => category.name);
    // data.yaml names the splits that hold images (all of them when none does).
    const filled = [...imagesPerSplit].filter(([, count]) => count > 0).map(([split]) => split);
    const yamlSplits = filled.length > 0 ? filled : [...imagesPerSplit.keys()];
    await context.io.writeFile('data.yaml', dataYaml({ splits: yamlSplits, names: classNames, task }));
    await report.writeInto();
    context.logger.debug('label files and data.yaml written');
    await zipImageExport(context.io, reproducible);
  }
}

/** Image types Ultralytics loads (its IMG_FORMATS; GIF is a video format there). */
const ULTRALYTICS_TYPES: readonly ImageFileType[] = ['jpeg', 'png', 'webp', 'bmp', 'tiff'];
