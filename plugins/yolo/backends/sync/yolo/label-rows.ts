import {
  type AnnotationContext,
  type CategoryLabels,
  type CategoryTable,
  type EntryContext,
  type ExifOrientationMode,
  type FramedImage,
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
  categories: CategoryTable;
  report: SkipReport;
  /** Where the rows go, after each entry's label file was opened there. */
  spool: LabelSpool;
}

/**
 * Each entry's label file as `<provisional class> <coordinates>\n` rows, added to the spool (the
 * file opened there already); what cannot be written is reported. This is convertAnnotations'
 * accounting (a bad annotation goes to `on_error`, a shape YOLO cannot hold is skipped and
 * listed, the data file is logged last) in one loop, without a generator step, a parsed object
 * or a string per annotation: YOLO has a million of them. One instance serves the whole export,
 * one entry at a time (each `write` awaited before the next): the entry is held in fields, so no closure is made per entry (from sources, tsx
 * names each one with a property definition). Every object's category is registered before its
 * shape is converted, so a category seen only on masks (skipped by segment, written by detect)
 * still has its class: ids do not depend on the task.
 */
export class LabelRows {
  readonly #input: LabelRowsInput;
  /** The detect values of one box at a time (no array per row). */
  readonly #values = new Int32Array(4);
  #entry: EntryContext | undefined;
  #labels: CategoryLabels | undefined;
  #size: ImageSize = { width: 0, height: 0 };
  #framed: FramedImage | undefined;
  /** Detect rows of unrotated boxes and polygons kept as stored: their numbers go to the spool as they are. */
  #direct = false;

  constructor(input: LabelRowsInput) {
    this.#input = input;
  }

  async write(entry: EntryContext, image: ImageItem, labels: CategoryLabels, dataFile: string): Promise<void> {
    const { orientation, task, report } = this.#input;
    // `stored` keeps the stored pixels: unrotated boxes and polygons take the direct detect row.
    const stored = orientation === 'stored';
    const framed = stored ? undefined : await framedImage(image, orientation);
    this.#entry = entry;
    this.#labels = labels;
    this.#framed = framed;
    this.#size = framed ? { width: framed.width, height: framed.height } : { width: image.size.width, height: image.size.height };
    this.#direct = stored && task === 'detect';
    // forEach loops over the annotations the batch holds already, awaiting only a report: an await
    // per annotation (for await) cost more than writing its row.
    await entry.annotations().forEach(this.#annotation);
    await report.logDataFile(entry, dataFile);
  }

  /** One annotation of the entry being written: its row, or a report (the only promise returned). */
  readonly #annotation = ({ record }: AnnotationContext): Promise<void> | undefined => {
    const { task, categories, report, spool } = this.#input;
    const size = this.#size;
    let outcome: RowOutcome | undefined;
    let provisional = 0;
    try {
      const { shape, category } = parseImageAnnotation(record, this.#labels!);
      if (shape.kind === 'entry-root') outcome = { unsupported: ROOT_REASON };
      else {
        provisional = categories.add(category!);
        const written = this.#direct ? storedDetectValues(shape, size, this.#values) : undefined;
        if (written) spool.row(provisional, this.#values, 4);
        else outcome = written === false ? { problem: NO_AREA_REASON } : rowFor(this.#pixels(shape), task, size);
      }
    } catch (error) {
      return report.problemFrom(error, this.#ids(record.id));
    }
    if (outcome === undefined) return undefined;
    if ('coordinates' in outcome) spool.textRow(provisional, outcome.coordinates);
    else if ('problem' in outcome) return report.problem({ ...this.#ids(record.id), reason: outcome.problem });
    else return report.unsupported({ ...this.#ids(record.id), reason: outcome.unsupported });
    return undefined;
  };

  #pixels(shape: ParsedAnnotation['shape']): PixelShape {
    return this.#framed ? this.#framed.pixels(shape) : toPixelShape(shape, this.#size.width, this.#size.height);
  }

  #ids(annotationId: string) {
    const entry = this.#entry!.record;
    return { dataset_id: entry.dataset_id, entry_id: entry.id, annotation_id: annotationId };
  }
}
