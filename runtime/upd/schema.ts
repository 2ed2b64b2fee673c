/**
 * The UPD core schema (github.com/idah-ai/updcli): the current RFC, Schema-Version 1.1, whose
 * annotations carry `category` and an opaque `properties` JSON (updcli `sql/schema.sql`). The
 * statements follow the RFC's text: dataset signatures hash the CREATE TABLE statements, so
 * other tools must see the same ones.
 *
 * DuckDB notes: `VARCHAR(64)` would not be enforced by DuckDB (it ignores the length), so the
 * 64-character limits are CHECK constraints, as the RFC writes them. DuckDB 1.5 accepts
 * `ON DELETE RESTRICT` and enforces the foreign keys (also through the appender).
 */
export const UPD_SCHEMA_TYPE = 'Universal Portable Dataset';
/** The version this package writes: the current RFC. */
export const UPD_SCHEMA_VERSION = '1.1';
/**
 * Versions read. "1.1" is the current RFC; "0.2" is what this package wrote before (the same
 * tables); "1.0" is updcli's earlier schema, with one `annotation` JSON column where 1.1 has
 * `category` and `properties`, the one IDAH's UPD exporter fills (UPD_LEGACY_ANNOTATION_COLUMNS).
 * The columns found decide how annotations are read, whatever the version says.
 */
export const SUPPORTED_UPD_SCHEMA_VERSIONS: readonly string[] = ['0.2', '1.0', '1.1'];
export const DEFAULT_UPD_FLAVOR = 'Vanilla';

/** Global metadata keys (RFC §3.2.1). Values are stored as JSON text. */
export const UPD_METADATA_KEYS = {
  schemaType: 'Schema-Type',
  schemaVersion: 'Schema-Version',
  schemaBuiltBy: 'Schema-Built-By',
  schemaFlavor: 'Schema-Flavor',
  authoredBy: 'Authored-By',
} as const;

/** Limits the schema's CHECK constraints enforce, in characters (code points). */
export const UPD_ID_MAX_LENGTH = 64;
export const UPD_MEDIA_KEY_MAX_LENGTH = 256;

export const METADATA_TABLE_DDL = `CREATE TABLE IF NOT EXISTS metadata (
    key VARCHAR NOT NULL PRIMARY KEY CHECK(length(key) <= 64),
    value VARCHAR NOT NULL
)`;

export const DATASETS_TABLE_DDL = `CREATE TABLE IF NOT EXISTS datasets (
    id VARCHAR NOT NULL PRIMARY KEY CHECK(length(id) <= 64),
    name VARCHAR NOT NULL CHECK(length(name) <= 64),
    modality VARCHAR NOT NULL CHECK(length(modality) <= 64),
    metadata VARCHAR DEFAULT '{}'
)`;

export const MEDIAS_TABLE_DDL = `CREATE TABLE IF NOT EXISTS medias (
    id VARCHAR NOT NULL CHECK(length(id) <= 64),
    key VARCHAR NOT NULL CHECK(length(key) <= 256),
    blob_data BLOB,
    media_type VARCHAR CHECK(length(media_type) <= 64),
    metadata VARCHAR DEFAULT '{}',
    PRIMARY KEY (id, key)
)`;

export const ENTRIES_TABLE_DDL = `CREATE TABLE IF NOT EXISTS entries (
    id VARCHAR NOT NULL PRIMARY KEY CHECK(length(id) <= 64),
    dataset_id VARCHAR NOT NULL REFERENCES datasets(id) ON DELETE RESTRICT,
    media_url VARCHAR NOT NULL,
    metadata VARCHAR DEFAULT '{}'
)`;

export const ANNOTATIONS_TABLE_DDL = `CREATE TABLE IF NOT EXISTS annotations (
    id VARCHAR NOT NULL PRIMARY KEY CHECK(length(id) <= 64),
    entry_id VARCHAR NOT NULL REFERENCES entries(id) ON DELETE RESTRICT,
    shape_type VARCHAR NOT NULL CHECK(length(shape_type) <= 64),
    shape_args VARCHAR NOT NULL,
    category VARCHAR NOT NULL,
    properties VARCHAR NOT NULL DEFAULT '{}',
    metadata VARCHAR DEFAULT '{}'
)`;

/** In creation order: a referenced table comes before the tables referencing it. */
export const UPD_TABLES_DDL: readonly string[] = [
  METADATA_TABLE_DDL,
  DATASETS_TABLE_DDL,
  MEDIAS_TABLE_DDL,
  ENTRIES_TABLE_DDL,
  ANNOTATIONS_TABLE_DDL,
];

/** Secondary indexes. A writer may create them after loading, which is faster than maintaining them. */
export const UPD_INDEXES_DDL: readonly string[] = [
  'CREATE INDEX IF NOT EXISTS idx_entries_dataset_id ON entries (dataset_id)',
  'CREATE INDEX IF NOT EXISTS idx_annotations_entry_id ON annotations (entry_id)',
  'CREATE INDEX IF NOT EXISTS idx_annotations_shape_type ON annotations (shape_type)',
];

/** The core tables and the columns a reader relies on, in CREATE TABLE order. */
export const UPD_CORE_COLUMNS = {
  metadata: ['key', 'value'],
  datasets: ['id', 'name', 'modality', 'metadata'],
  medias: ['id', 'key', 'blob_data', 'media_type', 'metadata'],
  entries: ['id', 'dataset_id', 'media_url', 'metadata'],
  annotations: ['id', 'entry_id', 'shape_type', 'shape_args', 'category', 'properties', 'metadata'],
} as const satisfies Record<string, readonly string[]>;

export type UpdTableName = keyof typeof UPD_CORE_COLUMNS;

/** The annotations columns of updcli's earlier schema (RFC 0.2 Beta, updcli 1.0): the whole IDAH value in `annotation`. */
export const UPD_LEGACY_ANNOTATION_COLUMNS = ['id', 'entry_id', 'shape_type', 'shape_args', 'annotation', 'metadata'] as const;

/** How a file's annotations carry their label: `category` + `properties` (1.1), or one `annotation` JSON (1.0). */
export type UpdAnnotationColumns = 'category' | 'annotation';
export const UPD_TABLE_NAMES = Object.keys(UPD_CORE_COLUMNS) as UpdTableName[];
