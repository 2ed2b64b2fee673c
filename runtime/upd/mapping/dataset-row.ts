import type { DatasetRecord, JsonValue } from '../../records.ts';
import { fromUpdKey } from '../keys.ts';
import { UPD_ID_MAX_LENGTH } from '../schema.ts';
import {
  attributesToUpdMetadata,
  fitsColumn,
  hasOwn,
  parseJsonObjectColumn,
  requireColumnValue,
  setOwn,
  truncateForColumn,
} from './column-values.ts';

export interface DatasetRow {
  id: string;
  name: string;
  modality: string;
  metadata: string;
}

/** `name` and `modality` columns hold at most 64 characters; a longer value keeps its full text here. */
const NAME_OVERFLOW_KEY = 'Name';
const MODALITY_OVERFLOW_KEY = 'Modality';
const COLUMN_LIMIT = 64;

export function datasetToRow(record: DatasetRecord): DatasetRow {
  const { id, name, modality, ...attributes } = record;
  const what = `dataset "${String(id)}"`;
  const metadata = attributesToUpdMetadata(what, attributes);
  const overflow: Record<string, JsonValue> = {};
  if (!fitsColumn(name, COLUMN_LIMIT)) overflow[NAME_OVERFLOW_KEY] = name;
  if (!fitsColumn(modality, COLUMN_LIMIT)) overflow[MODALITY_OVERFLOW_KEY] = modality;
  return {
    id: requireColumnValue(id, `${what} id`, UPD_ID_MAX_LENGTH),
    name: fitsColumn(name, COLUMN_LIMIT) ? name : truncateForColumn(name, COLUMN_LIMIT),
    modality: fitsColumn(modality, COLUMN_LIMIT) ? modality : truncateForColumn(modality, COLUMN_LIMIT),
    metadata: JSON.stringify({ ...metadata, ...overflow }),
  };
}

export interface DatasetRowRead {
  id: string;
  name: string;
  modality: string;
  metadata: string | null;
}

export function rowToDataset(row: DatasetRowRead): DatasetRecord {
  const metadata = parseJsonObjectColumn(row.metadata, { column: 'datasets.metadata', row: 'dataset', id: row.id });
  const record: DatasetRecord = {
    id: row.id,
    name: hasOwn(metadata, NAME_OVERFLOW_KEY) ? (metadata[NAME_OVERFLOW_KEY] as string) : row.name,
    modality: hasOwn(metadata, MODALITY_OVERFLOW_KEY) ? (metadata[MODALITY_OVERFLOW_KEY] as string) : row.modality,
  };
  for (const key of Object.keys(metadata)) {
    if (key === NAME_OVERFLOW_KEY || key === MODALITY_OVERFLOW_KEY) continue;
    const name = fromUpdKey(key);
    if (name !== 'id' && name !== 'name' && name !== 'modality') setOwn(record, name, metadata[key]);
  }
  return record;
}
