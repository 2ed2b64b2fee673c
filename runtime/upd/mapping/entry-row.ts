import type { EntryRecord } from '../../records.ts';
import { fromUpdKey } from '../keys.ts';
import { UPD_ID_MAX_LENGTH } from '../schema.ts';
import { attributesToUpdMetadata, parseJsonObjectColumn, requireColumnValue, setOwn } from './column-values.ts';

export interface EntryRow {
  id: string;
  dataset_id: string;
  /** `local:<resource>`, a URL or a path; "" when the entry has no media (the column is NOT NULL). */
  media_url: string;
  metadata: string;
}

/**
 * Every attribute but `id` and `dataset_id` goes to the metadata: `Name`, `Priority`, `Wf-Step`,
 * `Status`, `Resource`, `Assigned-To-Id`, ..., `Created-At`, `Updated-At`.
 */
export function entryToRow(record: EntryRecord, mediaUrl: string | null | undefined): EntryRow {
  const { id, dataset_id, ...attributes } = record;
  const what = `entry "${String(id)}"`;
  return {
    id: requireColumnValue(id, `${what} id`, UPD_ID_MAX_LENGTH),
    dataset_id: requireColumnValue(dataset_id, `${what} dataset_id`, UPD_ID_MAX_LENGTH),
    media_url: mediaUrl == null ? '' : requireColumnValue(mediaUrl, `${what} media url`),
    metadata: JSON.stringify(attributesToUpdMetadata(what, attributes)),
  };
}

export interface EntryRowRead {
  id: string;
  dataset_id: string;
  metadata: string | null;
}

export function rowToEntry(row: EntryRowRead): EntryRecord {
  const metadata = parseJsonObjectColumn(row.metadata, { column: 'entries.metadata', row: 'entry', id: row.id });
  const record: EntryRecord = { id: row.id, dataset_id: row.dataset_id };
  for (const key of Object.keys(metadata)) {
    const name = fromUpdKey(key);
    if (name !== 'id' && name !== 'dataset_id') setOwn(record, name, metadata[key]);
  }
  return record;
}
