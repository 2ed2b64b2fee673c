import type { EntryContext } from '../context/entry-context.ts';
import type { AnnotationPayload } from '../records.ts';
import { categoryPathOf } from './categories.ts';
import type { SkipReport } from './error-policy.ts';
import { type ImageShape, parseImageShape } from './geometry.ts';

/** What a format makes of one annotation: its value, a problem with the data, or a shape it cannot hold. */
export type Conversion<T> = T | { problem: string } | { unsupported: string };

export interface ImageAnnotation {
  id: string;
  shape: ImageShape;
  /** The category path (`vehicles/car`). */
  category: string;
  payload: AnnotationPayload;
}

/**
 * An entry's annotations, each parsed (category, shape) and converted by `convert`; only the
 * converted ones are yielded. A bad annotation (it does not parse, the conversion throws or
 * says `problem`) goes to the `on_error` policy; a shape the format cannot hold (`unsupported`)
 * is skipped and reported whatever the policy. Once every annotation went by, the entry's data
 * file (`options.dataFile`, its path in the output) is logged under `data_file`.
 */
export async function* convertImageAnnotations<T extends object>(
  entry: EntryContext,
  report: SkipReport,
  convert: (annotation: ImageAnnotation) => Conversion<T>,
  options: { dataFile?: string } = {},
): AsyncGenerator<{ annotation: ImageAnnotation; value: T }> {
  for await (const { record } of entry.annotations()) {
    const ids = { dataset_id: entry.record.dataset_id, entry_id: entry.record.id, annotation_id: record.id };
    let annotation: ImageAnnotation;
    let outcome: Conversion<T>;
    try {
      const category = categoryPathOf(record.annotation);
      annotation = { id: record.id, shape: parseImageShape(record.dimensions), category, payload: record.annotation };
      outcome = convert(annotation);
    } catch (error) {
      await report.problemFrom(error, ids);
      continue;
    }
    if ('problem' in outcome) await report.problem({ ...ids, reason: outcome.problem });
    else if ('unsupported' in outcome) await report.unsupported({ ...ids, reason: outcome.unsupported });
    else yield { annotation, value: outcome as T };
  }
  await report.logDataFile(entry, options.dataFile ?? null);
}
