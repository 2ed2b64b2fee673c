import { posix } from 'node:path';
import type { JsonValue, MediaRecord } from '../../records.ts';
import { UPD_ID_MAX_LENGTH, UPD_MEDIA_KEY_MAX_LENGTH } from '../schema.ts';
import { fitsColumn, hasOwn, parseJsonObjectColumn, requireColumnValue } from './column-values.ts';

/** A medias row without its blob (blobs travel apart, and are read only when a media is opened). */
export interface MediaRow {
  /** The entry's resource. */
  id: string;
  key: string;
  media_type: string | null;
  metadata: string;
}

/** Record fields kept in the media's metadata JSON, in the order written. */
export const MEDIA_METADATA_FIELDS = [
  ['filename', 'Filename'],
  ['size', 'Size'],
  ['meta', 'Meta'],
  ['id', 'Media-Id'],
  ['created_at', 'Created-At'],
  ['updated_at', 'Updated-At'],
] as const;

/** `media_type` holds at most 64 characters and no null; other mime types keep their value here. */
const MIME_TYPE_OVERFLOW_KEY = 'Mime-Type';
const MEDIA_TYPE_LIMIT = 64;

export function mediaToRow(record: MediaRecord): MediaRow {
  const what = `media "${String(record.id)}"`;
  const mimeTypeInColumn = fitsColumn(record.mime_type, MEDIA_TYPE_LIMIT);
  const fields: Array<[string, JsonValue]> = MEDIA_METADATA_FIELDS.filter(([field]) => record[field] !== undefined).map(
    ([field, key]) => [key, record[field] as JsonValue],
  );
  if (!mimeTypeInColumn && record.mime_type !== undefined) fields.push([MIME_TYPE_OVERFLOW_KEY, record.mime_type]);
  return {
    id: requireColumnValue(record.resource, `${what} resource (the medias row id)`, UPD_ID_MAX_LENGTH),
    key: requireColumnValue(record.key, `${what} key`, UPD_MEDIA_KEY_MAX_LENGTH),
    media_type: mimeTypeInColumn ? (record.mime_type as string) : null,
    metadata: JSON.stringify(Object.fromEntries(fields)),
  };
}

export interface MediaRowRead {
  id: string;
  key: string;
  media_type: string | null;
  metadata: string | null;
}

/**
 * The inverse of `mediaToRow`. Rows written by other tools may lack `Media-Id` and `Filename`:
 * the id is then `<row id>` (or `<row id>/<key>`) and the filename the key's base name (or the row id).
 */
export function rowToMedia(row: MediaRowRead): MediaRecord {
  const metadata = parseJsonObjectColumn(row.metadata, { column: 'medias.metadata', row: 'media (id/key)', id: `${row.id}/${row.key}` });
  // Plain assignments, not Object.fromEntries over filtered arrays: it runs per media. A field
  // the metadata repeats (Media-Id, Filename) takes its value and keeps its place, as before.
  const record: Record<string, JsonValue> = {
    id: row.key === '' ? row.id : `${row.id}/${row.key}`,
    resource: row.id,
    key: row.key,
    filename: row.key === '' ? row.id : posix.basename(row.key),
  };
  for (const [field, key] of MEDIA_METADATA_FIELDS) if (hasOwn(metadata, key)) record[field] = metadata[key]!;
  if (row.media_type !== null) record.mime_type = row.media_type;
  else if (hasOwn(metadata, MIME_TYPE_OVERFLOW_KEY)) record.mime_type = metadata[MIME_TYPE_OVERFLOW_KEY]!;
  return record as unknown as MediaRecord;
}
