import { IdahPluginError } from '../../errors.ts';
import type { AnnotationPayload, AnnotationRecord, Dimensions, JsonObject, JsonValue } from '../../records.ts';
import { UPD_ID_MAX_LENGTH } from '../schema.ts';
import {
  fitsColumn,
  isJsonObject,
  parseJsonColumn,
  parseJsonObjectColumn,
  requireColumnValue,
  setOwn,
} from './column-values.ts';

export interface AnnotationRow {
  id: string;
  entry_id: string;
  shape_type: string;
  shape_args: string;
  category: string;
  properties: string;
  metadata: string;
}

/** Record fields kept in the annotation's metadata JSON, beside the record's own metadata. */
export const ANNOTATION_METADATA_FIELDS = [
  ['created_by_email', 'Created-By'],
  ['created_at', 'Created-At'],
  ['updated_at', 'Updated-At'],
  ['project_id', 'Project-Id'],
  ['dataset_id', 'Dataset-Id'],
] as const;
const RESERVED_METADATA_KEYS: readonly string[] = ANNOTATION_METADATA_FIELDS.map(([, key]) => key);
const FIELD_OF_METADATA_KEY = new Map(ANNOTATION_METADATA_FIELDS.map(([field, key]) => [key as string, field]));

/** The payload key the `category` column stands for. */
const CATEGORY = 'category';

/**
 * `category` is NOT NULL in UPD. A non-empty well-formed string goes to the column; anything
 * else (absent, "", null, a number) leaves the column "" and stays in `properties.category`,
 * where absent stays absent.
 */
export function annotationToRow(record: AnnotationRecord): AnnotationRow {
  const what = `annotation "${String(record.id)}"`;
  const { type, ...geometry } = record.dimensions;
  const { category, ...properties } = record.annotation;
  const categoryInColumn = fitsColumn(category) && category !== '';
  return {
    id: requireColumnValue(record.id, `${what} id`, UPD_ID_MAX_LENGTH),
    entry_id: requireColumnValue(record.entry_id, `${what} entry_id`, UPD_ID_MAX_LENGTH),
    shape_type: requireColumnValue(type, `${what} dimensions.type`, UPD_ID_MAX_LENGTH),
    shape_args: JSON.stringify(geometry),
    category: categoryInColumn ? category : '',
    properties: JSON.stringify(categoryInColumn ? properties : record.annotation),
    metadata: JSON.stringify(annotationMetadata(record, what)),
  };
}

function annotationMetadata(record: AnnotationRecord, what: string): JsonObject {
  const own = record.metadata ?? {};
  if (!isJsonObject(own)) {
    throw new IdahPluginError('EXPORT_FAILED', `UPD: ${what}: metadata: expected a JSON object or null, got ${typeof own}`);
  }
  const metadata: JsonObject = {};
  for (const [field, key] of ANNOTATION_METADATA_FIELDS) {
    if (record[field] !== undefined) metadata[key] = record[field] as JsonValue;
  }
  for (const key of Object.keys(own)) {
    if (RESERVED_METADATA_KEYS.includes(key)) {
      throw new IdahPluginError(
        'EXPORT_FAILED',
        `UPD: ${what}: metadata key "${key}" is reserved for the record's own field; expected metadata without the keys ${RESERVED_METADATA_KEYS.join(', ')}`,
      );
    }
    setOwn(metadata, key, own[key]);
  }
  return metadata;
}

/** A row as read: 1.1's `category` + `properties`, or the earlier schema's whole value in `annotation`. */
export type AnnotationRowRead = {
  id: string;
  entry_id: string;
  shape_type: string;
  shape_args: string | null;
  metadata: string | null;
} & ({ category: string | null; properties: string | null; annotation?: undefined } | { annotation: string | null; category?: undefined; properties?: undefined });

/** The inverse of `annotationToRow`; `metadata` always comes back as an object. Plain loops: it runs per annotation. */
export function rowToAnnotation(row: AnnotationRowRead): AnnotationRecord {
  const dimensions: Dimensions = { type: row.shape_type };
  const args = parseJsonColumn(row.shape_args, { column: 'annotations.shape_args', row: 'annotation', id: row.id });
  if (isJsonObject(args)) {
    for (const key of Object.keys(args)) if (key !== 'type') setOwn(dimensions, key, args[key]);
  } else {
    // Other tools may store non-object shape args (the RFC shows `[x1, y1, x2, y2]`).
    dimensions.args = args;
  }

  const properties =
    row.annotation !== undefined
      ? parseJsonObjectColumn(row.annotation, { column: 'annotations.annotation', row: 'annotation', id: row.id })
      : parseJsonObjectColumn(row.properties, { column: 'annotations.properties', row: 'annotation', id: row.id });
  let annotation: AnnotationPayload = properties;
  if (row.category) {
    annotation = { [CATEGORY]: row.category };
    for (const key of Object.keys(properties)) if (key !== CATEGORY) setOwn(annotation, key, properties[key]);
  }

  const stored = parseJsonObjectColumn(row.metadata, { column: 'annotations.metadata', row: 'annotation', id: row.id });
  const metadata: JsonObject = {};
  const record: AnnotationRecord = { id: row.id, entry_id: row.entry_id, dimensions, annotation, metadata };
  for (const key of Object.keys(stored)) {
    const field = FIELD_OF_METADATA_KEY.get(key);
    if (field) record[field] = stored[key] as string;
    else setOwn(metadata, key, stored[key]);
  }
  return record;
}
