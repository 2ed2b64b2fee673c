import {
  type CategoryLabels,
  type CategoryTable,
  type EntryContext,
  type ExifOrientationMode,
  framedImage,
  type ImageItem,
  type ImageSize,
  parseImageAnnotation,
  type ParsedAnnotation,
  type PixelShape,
  type SkipReport,
  toPixelShape,
} from 'idah-plugin';
import type { YoloTask } from './options.ts';
import { ROOT_REASON, type RowOutcome, rowFor, storedDetectRow } from './yolo-rows.ts';

export interface LabelRowsInput {
  orientation: ExifOrientationMode;
  task: YoloTask;
  labels: CategoryLabels;
  categories: CategoryTable;
  report: SkipReport;
  /** The entry's label file in the output, logged once its annotations went by. */
  dataFile: string;
}

/**
 * The entry's label file as `<provisional class> <coordinates>\n` rows; what cannot be written
 * is reported. This is convertAnnotations' accounting (a bad annotation goes to `on_error`, a
 * shape YOLO cannot hold is skipped and listed, the data file is logged last) in one loop,
 * without a generator step and a parsed object per annotation: YOLO has a million of them.
 * Every object's category is registered before its shape is converted, so a category seen only
 * on masks (skipped by segment, written by detect) still has its class: ids do not depend on the task.
 */
export async function labelRows(entry: EntryContext, image: ImageItem, input: LabelRowsInput): Promise<string> {
  const { task, labels, categories, report } = input;
  // `stored` keeps the stored pixels: unrotated boxes and polygons take the direct detect row.
  const stored = input.orientation === 'stored';
  const framed = stored ? undefined : await framedImage(image, input.orientation);
  const size: ImageSize = framed ? { width: framed.width, height: framed.height } : { width: image.size.width, height: image.size.height };
  const pixels = (shape: ParsedAnnotation['shape']): PixelShape => (framed ? framed.pixels(shape) : toPixelShape(shape, size.width, size.height));
  const direct = stored && task === 'detect';
  let text = '';
  for await (const { record } of entry.annotations()) {
    let outcome: RowOutcome;
    let provisional = 0;
    try {
      const { shape, category } = parseImageAnnotation(record, labels);
      if (shape.kind === 'entry-root') outcome = { unsupported: ROOT_REASON };
      else {
        provisional = categories.add(category!);
        outcome = (direct ? storedDetectRow(shape, size) : undefined) ?? rowFor(pixels(shape), task, size);
      }
    } catch (error) {
      await report.problemFrom(error, idsOf(entry, record.id));
      continue;
    }
    if ('coordinates' in outcome) text += `${provisional} ${outcome.coordinates}\n`;
    else if ('problem' in outcome) await report.problem({ ...idsOf(entry, record.id), reason: outcome.problem });
    else await report.unsupported({ ...idsOf(entry, record.id), reason: outcome.unsupported });
  }
  await report.logDataFile(entry, input.dataFile);
  return text;
}

const idsOf = (entry: EntryContext, annotationId: string) => ({ dataset_id: entry.record.dataset_id, entry_id: entry.record.id, annotation_id: annotationId });
