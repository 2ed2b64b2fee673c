/**
 * IDAH records <-> UPD rows: IDAH's UPD exporter mapping (reference §9) and its exact inverse,
 * so records -> rows -> records is the identity under these rules:
 *
 * - Absent vs null: an optional field that is absent (undefined) is not written and comes back
 *   absent; a field that is null is written as JSON null and comes back null.
 * - Typed columns: a value goes to its column (`datasets.name`, `annotations.category`,
 *   `medias.media_type`) only when the column can hold it exactly (a well-formed string within the
 *   CHECK limit; a non-empty one for `category`). Otherwise the column gets a stand-in ("" or a
 *   truncated name, or NULL) and the value itself stays in the row's JSON beside it (`Name`,
 *   `properties.category`, `Mime-Type`), where absent stays absent.
 * - Required keys (ids, `dimensions.type`, media key) that do not fit are refused with an error.
 * - Attribute names must be lower-case snake_case (`created_at` <-> `Created-At`); others are refused.
 * - An annotation's `metadata` comes back as an object: absent or null metadata comes back `{}`.
 *   Its keys `Created-By`, `Created-At`, `Updated-At`, `Project-Id`, `Dataset-Id` belong to the
 *   record's own fields, so record metadata using them is refused.
 * - Values are JSON: JSON's limits apply (-0 comes back 0; NaN and Infinity come back null).
 */
export { datasetToRow, rowToDataset, type DatasetRow, type DatasetRowRead } from './mapping/dataset-row.ts';
export { entryToRow, rowToEntry, type EntryRow, type EntryRowRead } from './mapping/entry-row.ts';
export {
  annotationToRow,
  rowToAnnotation,
  annotationOfValues,
  ANNOTATION_METADATA_FIELDS,
  type AnnotationRow,
  type AnnotationRowRead,
} from './mapping/annotation-row.ts';
export { mediaToRow, rowToMedia, MEDIA_METADATA_FIELDS, type MediaRow, type MediaRowRead } from './mapping/media-row.ts';
