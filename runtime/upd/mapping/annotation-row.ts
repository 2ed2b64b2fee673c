import { IdahPluginError } from '../../errors.ts';
import type { AnnotationPayload, AnnotationRecord, Dimensions, JsonObject, JsonValue } from '../../records.ts';
import { UPD_ID_MAX_LENGTH } from '../schema.ts';
import {
  fitsColumn,
  isJsonObject,
  parseJsonColumn,
  parseJsonObjectColumn,
  requireColumnValue,
  requireJsonObject,
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
    metadata: annotationMetadataJson(record, what),
  };
}

/** The last metadata text made of record fields alone, and those fields' values. */
let lastFieldsOnly: { values: unknown[]; json: string } | undefined;

/**
 * The metadata column's text. Without metadata of its own an annotation's text is made of its
 * record fields alone, which the annotations of one entry, or one import, mostly share: the
 * last such text is reused when every field is the same string (a quarter of the writer's
 * mapping).
 */
function annotationMetadataJson(record: AnnotationRecord, what: string): string {
  const own = record.metadata;
  const fieldsOnly = own === undefined || own === null || (isJsonObject(own) && Object.keys(own).length === 0);
  if (!fieldsOnly) return JSON.stringify(annotationMetadata(record, what));
  const last = lastFieldsOnly;
  if (last !== undefined) {
    let same = true;
    for (let index = 0; same && index < ANNOTATION_METADATA_FIELDS.length; index += 1) same = record[ANNOTATION_METADATA_FIELDS[index]![0]] === last.values[index];
    if (same) return last.json;
  }
  const json = JSON.stringify(annotationMetadata(record, what));
  const values = ANNOTATION_METADATA_FIELDS.map(([field]) => record[field]);
  // Only strings: an object there could change before the next record.
  lastFieldsOnly = values.every((value) => value === undefined || typeof value === 'string') ? { values, json } : undefined;
  return json;
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

/** The inverse of `annotationToRow`; `metadata` always comes back as an object. */
export function rowToAnnotation(row: AnnotationRowRead): AnnotationRecord {
  const place = (column: string) => ({ column: `annotations.${column}`, row: 'annotation', id: row.id });
  const args = parseJsonColumn(row.shape_args, place('shape_args'));
  const properties =
    row.annotation !== undefined
      ? parseJsonObjectColumn(row.annotation, place('annotation'))
      : parseJsonObjectColumn(row.properties, place('properties'));
  const metadata = parseJsonObjectColumn(row.metadata, place('metadata'));
  return annotationOfValues(row.id, row.entry_id, row.shape_type, args, row.category ?? null, properties, metadata, row.annotation !== undefined ? 'annotation' : 'properties');
}

/**
 * `rowToAnnotation` once the JSON columns are parsed (a source may parse many rows at once).
 * `properties` is 1.1's `properties` or the earlier schema's `annotation`, `category` NULL there.
 * Plain loops: it runs per annotation.
 */
export function annotationOfValues(
  id: string,
  entryId: string,
  shapeType: string,
  args: JsonValue,
  category: string | null,
  properties: JsonValue,
  storedMetadata: JsonValue,
  column = 'properties',
): AnnotationRecord {
  const dimensions: Dimensions = { type: shapeType };
  if (isJsonObject(args)) {
    for (const key of Object.keys(args)) if (key !== 'type') setOwn(dimensions, key, args[key]);
  } else {
    // Other tools may store non-object shape args (the RFC shows `[x1, y1, x2, y2]`).
    dimensions.args = args;
  }
  // The places are built only for the error: this runs per annotation.
  const payload = isJsonObject(properties) ? properties : requireJsonObject(properties, { column: `annotations.${column}`, row: 'annotation', id });
  let annotation: AnnotationPayload = payload;
  if (category) {
    annotation = { [CATEGORY]: category };
    for (const key of Object.keys(payload)) if (key !== CATEGORY) setOwn(annotation, key, payload[key]);
  }
  const stored = isJsonObject(storedMetadata) ? storedMetadata : requireJsonObject(storedMetadata, { column: 'annotations.metadata', row: 'annotation', id });
  const metadata: JsonObject = {};
  const record: AnnotationRecord = { id, entry_id: entryId, dimensions, annotation, metadata };
  for (const key of Object.keys(stored)) {
    const field = FIELD_OF_METADATA_KEY.get(key);
    if (field) record[field] = stored[key] as string;
    else setOwn(metadata, key, stored[key]);
  }
  return record;
}
