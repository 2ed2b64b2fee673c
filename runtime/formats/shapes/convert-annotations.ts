import type { EntryContext } from '../../context/entry-context.ts';
import type { SkipReport } from '../error-policy.ts';
import type { CategoryLabels } from './labels.ts';
import { type ParsedAnnotation, parseImageAnnotation } from './parse-annotation.ts';

/** What a format makes of one annotation: its value, a problem with the data, or a shape it cannot hold. */
export type Conversion<T> = T | { problem: string } | { unsupported: string };

/**
 * An entry's annotations, each parsed (parseImageAnnotation) and converted by `convert`; only
 * the converted ones are yielded. A bad annotation (it does not parse, `convert` throws or says
 * `problem`) goes to the `on_error` policy; a shape the format cannot hold (`unsupported`, e.g.
 * `entry-root` where the format has no image-level field) is skipped and reported whatever the
 * policy. So every annotation is accounted for: written, or listed in skipped.json. When
 * `options.dataFile` (the entry's file in the output) is given, it is logged under `data_file`
 * once every annotation went by; formats that write one file for many entries log it themselves.
 */
export async function* convertAnnotations<T extends object>(
  entry: EntryContext,
  report: SkipReport,
  labels: CategoryLabels,
  convert: (annotation: ParsedAnnotation) => Conversion<T>,
  options: { dataFile?: string } = {},
): AsyncGenerator<{ annotation: ParsedAnnotation; value: T }> {
  for await (const { record } of entry.annotations()) {
    const ids = { dataset_id: entry.record.dataset_id, entry_id: entry.record.id, annotation_id: record.id };
    let annotation: ParsedAnnotation;
    let outcome: Conversion<T>;
    try {
      annotation = parseImageAnnotation(record, labels);
      outcome = convert(annotation);
    } catch (error) {
      await report.problemFrom(error, ids);
      continue;
    }
    if ('problem' in outcome) await report.problem({ ...ids, reason: outcome.problem });
    else if ('unsupported' in outcome) await report.unsupported({ ...ids, reason: outcome.unsupported });
    else yield { annotation, value: outcome as T };
  }
  if (options.dataFile !== undefined) await report.logDataFile(entry, options.dataFile);
}
