import { open, stat } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { describeThrown, IdahPluginError } from '../../errors.ts';
import { decodeMetadataValue } from '../../upd/file-metadata.ts';
import {
  SUPPORTED_UPD_SCHEMA_VERSIONS,
  UPD_CORE_COLUMNS,
  UPD_LEGACY_ANNOTATION_COLUMNS,
  UPD_METADATA_KEYS,
  UPD_SCHEMA_TYPE,
  UPD_TABLE_NAMES,
  type UpdAnnotationColumns,
  type UpdTableName,
} from '../../upd/schema.ts';

const invalid = (path: string, problem: string, cause?: unknown): IdahPluginError =>
  new IdahPluginError('SOURCE_INVALID', `UPD file ${path}: ${problem}`, { cause, details: { path } });

/** A DuckDB database file starts with an 8-byte checksum, then the magic "DUCK". */
const DUCKDB_MAGIC = Buffer.from('DUCK');
const MAGIC_OFFSET = 8;

/** Checks, without opening it as a database, that `path` is a DuckDB file. */
export async function assertDuckDbFile(path: string): Promise<void> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw invalid(path, 'expected a DuckDB database file, found a directory or special file');
    size = info.size;
  } catch (error) {
    if (error instanceof IdahPluginError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw invalid(path, code === 'ENOENT' ? 'expected a DuckDB database file, found no file' : `cannot be read (${code})`, error);
  }
  const header = Buffer.alloc(16);
  let length: number;
  try {
    const handle = await open(path, 'r');
    try {
      ({ bytesRead: length } = await handle.read(header, 0, header.length, 0));
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw invalid(path, `cannot be read (${(error as NodeJS.ErrnoException).code ?? describeThrown(error)})`, error);
  }
  const magic = header.subarray(MAGIC_OFFSET, MAGIC_OFFSET + DUCKDB_MAGIC.length);
  if (length < MAGIC_OFFSET + DUCKDB_MAGIC.length || !magic.equals(DUCKDB_MAGIC)) {
    const start = JSON.stringify(header.subarray(0, length).toString('latin1'));
    const found = size === 0 ? 'an empty file' : `a file starting with ${start} (${size} bytes)`;
    throw invalid(path, `expected a DuckDB database file ("DUCK" at byte ${MAGIC_OFFSET}), found ${found}`);
  }
}

/** What the file's metadata table says; checked before any read. */
export interface UpdFileInfo {
  schemaVersion: string;
  builtBy: string | undefined;
  flavor: string | undefined;
  authoredBy: string | undefined;
  /** `category` (+ `properties`), or the earlier schema's single `annotation` column. */
  annotationColumns: UpdAnnotationColumns;
}

/** Checks the opened database is a UPD file this reader understands: type, version, core tables. */
export async function assertUpdSchema(connection: DuckDBConnection, path: string): Promise<UpdFileInfo> {
  const columnsByTable = await readColumnsByTable(connection);
  if (!columnsByTable.has('metadata')) {
    const found = [...columnsByTable.keys()].join(', ') || 'no tables';
    throw invalid(path, `not a UPD file: expected a "metadata" table with Schema-Type "${UPD_SCHEMA_TYPE}", found ${found}`);
  }
  assertColumns(path, 'metadata', columnsByTable);
  const metadata = await readFileMetadata(connection);
  const schemaType = metadata.get(UPD_METADATA_KEYS.schemaType);
  if (schemaType !== UPD_SCHEMA_TYPE) {
    const found = schemaType === undefined ? 'no Schema-Type' : `Schema-Type ${JSON.stringify(schemaType)}`;
    throw invalid(path, `not a UPD file: expected Schema-Type "${UPD_SCHEMA_TYPE}", found ${found}`);
  }
  const version = metadata.get(UPD_METADATA_KEYS.schemaVersion);
  if (version === undefined || !SUPPORTED_UPD_SCHEMA_VERSIONS.includes(version)) {
    const found = version === undefined ? 'no Schema-Version' : `Schema-Version ${JSON.stringify(version)}`;
    throw invalid(path, `unsupported UPD version: expected Schema-Version ${SUPPORTED_UPD_SCHEMA_VERSIONS.join(' or ')}, found ${found}`);
  }
  const annotationColumns = hasLegacyAnnotations(columnsByTable) ? 'annotation' : 'category';
  for (const table of UPD_TABLE_NAMES) if (table !== 'annotations' || annotationColumns === 'category') assertColumns(path, table, columnsByTable);
  return {
    schemaVersion: version,
    builtBy: metadata.get(UPD_METADATA_KEYS.schemaBuiltBy),
    flavor: metadata.get(UPD_METADATA_KEYS.schemaFlavor),
    authoredBy: metadata.get(UPD_METADATA_KEYS.authoredBy),
    annotationColumns,
  };
}

/** The earlier schema: an `annotation` column and no `category` (IDAH's exporter through updcli 1.0). */
function hasLegacyAnnotations(columnsByTable: Map<string, Set<string>>): boolean {
  const columns = columnsByTable.get('annotations');
  return columns !== undefined && !columns.has('category') && UPD_LEGACY_ANNOTATION_COLUMNS.every((column) => columns.has(column));
}

function assertColumns(path: string, table: UpdTableName, columnsByTable: Map<string, Set<string>>): void {
  const columns = columnsByTable.get(table);
  if (!columns) throw invalid(path, `lacks the core table "${table}"; expected tables ${UPD_TABLE_NAMES.join(', ')}`);
  const missing = UPD_CORE_COLUMNS[table].filter((column) => !columns.has(column));
  if (missing.length > 0) {
    throw invalid(path, `table "${table}" lacks column(s) ${missing.join(', ')}; expected ${UPD_CORE_COLUMNS[table].join(', ')}, found ${[...columns].join(', ')}`);
  }
}

async function readColumnsByTable(connection: DuckDBConnection): Promise<Map<string, Set<string>>> {
  const reader = await connection.runAndReadAll(
    `SELECT table_name, column_name FROM duckdb_columns() WHERE database_name = current_database() AND schema_name = 'main'`,
  );
  const tables = new Map<string, Set<string>>();
  for (const [table, column] of reader.getRows() as Array<[string, string]>) {
    const columns = tables.get(table) ?? new Set<string>();
    columns.add(column);
    tables.set(table, columns);
  }
  return tables;
}

async function readFileMetadata(connection: DuckDBConnection): Promise<Map<string, string>> {
  const reader = await connection.runAndReadAll('SELECT key::VARCHAR, value::VARCHAR FROM metadata');
  const entries = (reader.getRows() as Array<[string | null, string | null]>)
    .filter((row): row is [string, string] => row[0] !== null && row[1] !== null)
    .map(([key, value]) => [key, decodeMetadataValue(value)] as const);
  return new Map(entries);
}
