import { rm } from 'node:fs/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import type { JsonObject, JsonValue } from '../records.ts';

/**
 * UPD files written the way IDAH writes them at HEAD (app/sync/.../exports/upd/exporter.rb
 * through updcli's `--annotation` option): updcli's earlier schema, whose annotations hold the
 * whole IDAH value `{ category, attributes }` in one `annotation` column; `shape_args` is the
 * stored `dimensions` without `type`; record attributes travel in Capitalized-Dashed metadata;
 * media rows carry updcli's default metadata and NO image size (only the blob knows it).
 */

/** updcli's schema with the `annotation` column (sql/schema.sql before 1.1; JSON columns). */
const IDAH_UPD_DDL = [
  `CREATE TABLE datasets (id VARCHAR PRIMARY KEY CHECK(length(id) <= 64), name VARCHAR NOT NULL CHECK(length(name) <= 64), modality VARCHAR NOT NULL CHECK(length(modality) <= 64), metadata JSON default '{}')`,
  `CREATE TABLE medias (id VARCHAR NOT NULL CHECK(length(id) <= 64), key VARCHAR NOT NULL CHECK(length(key) <= 256), blob_data BLOB, media_type VARCHAR CHECK(length(media_type) <= 64), metadata JSON DEFAULT '{}', PRIMARY KEY (id, key))`,
  `CREATE TABLE entries (id VARCHAR PRIMARY KEY CHECK(length(id) <= 64), dataset_id VARCHAR NOT NULL REFERENCES datasets(id) ON DELETE RESTRICT, media_url VARCHAR NOT NULL, metadata JSON DEFAULT '{}')`,
  `CREATE INDEX idx_entries_dataset_id ON entries (dataset_id)`,
  `CREATE TABLE annotations (id VARCHAR PRIMARY KEY CHECK(length(id) <= 64), entry_id VARCHAR NOT NULL REFERENCES entries(id) ON DELETE RESTRICT, shape_type VARCHAR NOT NULL CHECK(length(shape_type) <= 64), shape_args JSON NOT NULL, annotation JSON NOT NULL, metadata JSON DEFAULT '{}')`,
  `CREATE INDEX idx_annotations_entry_id ON annotations (entry_id)`,
  `CREATE INDEX idx_annotations_type ON annotations (shape_type)`,
  `CREATE TABLE metadata (key VARCHAR PRIMARY KEY CHECK(length(key) <= 64), value JSON NOT NULL)`,
];

const FILE_METADATA: Array<[string, string]> = [
  ['Schema-Type', 'Universal Portable Dataset'],
  ['Schema-Version', '1.0'],
  ['Schema-Built-By', 'updcli v1.0'],
  ['Schema-Flavor', 'None'],
];

export interface IdahUpdAnnotation {
  id: string;
  /** The stored `dimensions`, `type` included, exactly as IDAH keeps them (tiles merged in for masks). */
  dimensions: { type: string; [key: string]: JsonValue };
  /** The stored value: `{ category, attributes }`. */
  annotation: JsonObject;
  /** The annotation's own metadata (snake_case keys, as in IDAH); written Capitalized-Dashed. */
  metadata?: JsonObject;
  created_by_email?: string;
}

export interface IdahUpdEntry {
  id: string;
  name: string;
  /** The entry's resource: the medias row id, and `local:<resource>` in media_url. */
  resource: string;
  status?: string;
  /** The original file (key ""), or none when the export left media out (media_url is then IDAH's URL). */
  original?: { bytes: Buffer; mime_type: string };
  annotations: IdahUpdAnnotation[];
}

export interface IdahUpdDataset {
  id: string;
  name: string;
  modality: string;
  labeling_configuration: JsonObject;
  entries: IdahUpdEntry[];
}

/** IDAH's API time format, as its exporter copies it: "2025-12-17 06:08:26 +0000". */
export const IDAH_TIME = '2026-08-01 09:30:00 +0000';

/** `group_id` -> `Group-Id`, as IDAH's exporter renames metadata keys. */
const dashed = (key: string) => key.split('_').map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('-');

/** Writes `datasets` into a new UPD file at `path` the way IDAH's exporter does (any file there is replaced). */
export async function writeIdahUpd(path: string, datasets: readonly IdahUpdDataset[]): Promise<void> {
  await rm(path, { force: true });
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  try {
    for (const statement of IDAH_UPD_DDL) await connection.run(statement);
    for (const [key, value] of FILE_METADATA) await connection.run('INSERT INTO metadata VALUES ($1, $2)', [key, JSON.stringify(value)]);
    for (const dataset of datasets) await writeDataset(connection, dataset);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

type Connection = Awaited<ReturnType<DuckDBInstance['connect']>>;

async function writeDataset(connection: Connection, dataset: IdahUpdDataset): Promise<void> {
  const completed = dataset.entries.filter((entry) => (entry.status ?? 'completed') === 'completed').length;
  const metadata = {
    'Labeling-Configuration': dataset.labeling_configuration,
    'Workflow-Configuration': {},
    Labels: [],
    Status: 'in_progress',
    Progress: dataset.entries.length === 0 ? 0 : Math.round((completed / dataset.entries.length) * 100),
    'Entries-Total-Count': dataset.entries.length,
    'Entries-Completed-Count': completed,
    'Entries-In-Progress-Count': dataset.entries.length - completed,
    'Created-At': IDAH_TIME,
    'Updated-At': IDAH_TIME,
  };
  await connection.run('INSERT INTO datasets VALUES ($1, $2, $3, $4)', [dataset.id, dataset.name, dataset.modality, JSON.stringify(metadata)]);
  for (const [index, entry] of dataset.entries.entries()) {
    const entryMetadata = {
      Name: entry.name,
      Priority: index,
      'Wf-Step': 'annotate',
      Status: entry.status ?? 'completed',
      Resource: entry.resource,
      'Assigned-To-Id': null,
      'Submitted-By-Id': null,
      'Reviewed-By-Id': null,
      'Created-At': IDAH_TIME,
      'Updated-At': IDAH_TIME,
    };
    const mediaUrl = entry.original ? `local:${entry.resource}` : `http://localhost:3000/api/v1/media/medias/files/${entry.resource}`;
    await connection.run('INSERT INTO entries VALUES ($1, $2, $3, $4)', [entry.id, dataset.id, mediaUrl, JSON.stringify(entryMetadata)]);
    for (const annotation of entry.annotations) {
      const { type, ...shapeArgs } = annotation.dimensions;
      const own = Object.fromEntries(Object.entries(annotation.metadata ?? {}).map(([key, value]) => [dashed(key), value]));
      const annotationMetadata = { ...own, 'Created-By': annotation.created_by_email ?? 'annotator@example.com', 'Created-At': IDAH_TIME, 'Updated-At': IDAH_TIME };
      await connection.run('INSERT INTO annotations VALUES ($1, $2, $3, $4, $5, $6)', [
        annotation.id,
        entry.id,
        type,
        JSON.stringify(shapeArgs),
        JSON.stringify(annotation.annotation),
        JSON.stringify(annotationMetadata),
      ]);
    }
    if (entry.original) {
      // updcli's default media metadata: no file name, no size.
      const mediaMetadata = { 'Created-At': '2026-08-01 11:30:00+02:00', 'Updated-At': null, 'Created-by': 'updcli' };
      const prepared = await connection.prepare('INSERT INTO medias VALUES ($1, $2, $3, $4, $5)');
      prepared.bindVarchar(1, entry.resource);
      prepared.bindVarchar(2, '');
      prepared.bindBlob(3, new Uint8Array(entry.original.bytes));
      prepared.bindVarchar(4, entry.original.mime_type);
      prepared.bindVarchar(5, JSON.stringify(mediaMetadata));
      await prepared.run();
    }
  }
}
