import type { EntryContext } from '../context/entry-context.ts';
import type { AnnotationPayload } from '../records.ts';
import { categoryPathOf } from './categories.ts';
import type { SkipReport } from './error-policy.ts';
import { type ImageShape, parseImageShape } from './geometry.ts';

import type { Conversion } from './shapes/convert-annotations.ts';

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
 * is skipped and reported whatever the policy.
 */
export async function* convertImageAnnotations<T extends object>(
  entry: EntryContext,
  report: SkipReport,
  convert: (annotation: ImageAnnotation) => Conversion<T>,
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
}
