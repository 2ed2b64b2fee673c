import {
  type CategoryLabels,
  type CategoryTable,
  type EntryContext,
  type ExifOrientationMode,
  framedImage,
  type ImageItem,
  type ImageSize,
  NO_AREA_REASON,
  parseImageAnnotation,
  type ParsedAnnotation,
  type PixelShape,
  type SkipReport,
  toPixelShape,
} from 'idah-plugin';
import type { LabelSpool } from './label-spool.ts';
import type { YoloTask } from './options.ts';
import { ROOT_REASON, type RowOutcome, rowFor, storedDetectValues } from './yolo-rows.ts';

export interface LabelRowsInput {
  orientation: ExifOrientationMode;
  task: YoloTask;
  labels: CategoryLabels;
  categories: CategoryTable;
  report: SkipReport;
  /** The entry's label file in the output, logged once its annotations went by. */
  dataFile: string;
  /** Where the rows go, after the label file was opened there. */
  spool: LabelSpool;
}

/** The detect values of one box at a time (no array per row). */
const values = new Int32Array(4);

/**
 * The entry's label file as `<provisional class> <coordinates>\n` rows, added to the spool (its
 * file opened there already); what cannot be written is reported. This is convertAnnotations'
 * accounting (a bad annotation goes to `on_error`, a shape YOLO cannot hold is skipped and
 * listed, the data file is logged last) in one loop, without a generator step, a parsed object
 * or a string per annotation: YOLO has a million of them.
 * Every object's category is registered before its shape is converted, so a category seen only
 * on masks (skipped by segment, written by detect) still has its class: ids do not depend on the task.
 */
export async function labelRows(entry: EntryContext, image: ImageItem, input: LabelRowsInput): Promise<void> {
  const { task, labels, categories, report, spool } = input;
  // `stored` keeps the stored pixels: unrotated boxes and polygons take the direct detect row.
  const stored = input.orientation === 'stored';
  const framed = stored ? undefined : await framedImage(image, input.orientation);
  const size: ImageSize = framed ? { width: framed.width, height: framed.height } : { width: image.size.width, height: image.size.height };
  const pixels = (shape: ParsedAnnotation['shape']): PixelShape => (framed ? framed.pixels(shape) : toPixelShape(shape, size.width, size.height));
  const direct = stored && task === 'detect';
  // forEach loops over the annotations the batch holds already, awaiting only a report: an await
  // per annotation (for await) cost more than writing its row.
  await entry.annotations().forEach(({ record }) => {
    let outcome: RowOutcome | undefined;
    let provisional = 0;
    try {
      const { shape, category } = parseImageAnnotation(record, labels);
      if (shape.kind === 'entry-root') outcome = { unsupported: ROOT_REASON };
      else {
        provisional = categories.add(category!);
        // Unrotated boxes and polygons kept as stored: their numbers go to the spool as they are.
        const written = direct ? storedDetectValues(shape, size, values) : undefined;
        if (written) spool.row(provisional, values, 4);
        else outcome = written === false ? { problem: NO_AREA_REASON } : rowFor(pixels(shape), task, size);
      }
    } catch (error) {
      return report.problemFrom(error, idsOf(entry, record.id));
    }
    if (outcome === undefined) return undefined;
    if ('coordinates' in outcome) spool.textRow(provisional, outcome.coordinates);
    else if ('problem' in outcome) return report.problem({ ...idsOf(entry, record.id), reason: outcome.problem });
    else return report.unsupported({ ...idsOf(entry, record.id), reason: outcome.unsupported });
    return undefined;
  });
  await report.logDataFile(entry, input.dataFile);
}

const idsOf = (entry: EntryContext, annotationId: string) => ({ dataset_id: entry.record.dataset_id, entry_id: entry.record.id, annotation_id: annotationId });
