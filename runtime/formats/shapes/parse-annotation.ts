import { IdahPluginError } from '../../errors.ts';
import type { AnnotationRecord } from '../../records.ts';
import type { CategoryLabels } from './labels.ts';
import { parseIdahShape } from './parse-shape.ts';
import type { IdahShape, ResolvedAttribute, ResolvedCategory } from './types.ts';

/** One annotation as read from IDAH: its shape, its category and attributes with their names. */
export interface ParsedAnnotation {
  id: string;
  /** `dimensions.type` as stored, e.g. `idah-image:bounding-box` or `entry:root`. */
  type: string;
  shape: IdahShape;
  /** Required on shapes; on `entry-root` undefined when the classification has no category. */
  category: ResolvedCategory | undefined;
  /** From `annotation.attributes`. */
  attributes: ResolvedAttribute[];
  record: AnnotationRecord;
}

/**
 * Parses a record's shape and resolves its category (`annotation.category`, a labeling
 * configuration id) and attributes. Errors are SOURCE_INVALID and name the annotation.
 */
export function parseImageAnnotation(record: AnnotationRecord, labels: CategoryLabels): ParsedAnnotation {
  let shape: IdahShape;
  try {
    shape = parseIdahShape(record.dimensions);
  } catch (error) {
    if (error instanceof IdahPluginError) throw new IdahPluginError(error.code, `annotation "${record.id}": ${error.message}`);
    throw error;
  }
  const type = record.dimensions.type;
  const payload = (record.annotation ?? {}) as Record<string, unknown>;
  const category = payload.category;
  let resolved: ResolvedCategory | undefined;
  if (typeof category === 'string' && category.trim() !== '') resolved = labels.category(type, category);
  else if (shape.kind !== 'entry-root' || category !== undefined) {
    throw new IdahPluginError('SOURCE_INVALID', `annotation "${record.id}": expected annotation.category to be a non-empty labeling-configuration id, got ${JSON.stringify(category) ?? 'nothing'}`);
  }
  return { id: record.id, type, shape, category: resolved, attributes: labels.attributes(type, payload.attributes), record };
}
