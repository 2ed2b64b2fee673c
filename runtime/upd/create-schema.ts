import type { DuckDBConnection } from '@duckdb/node-api';
import { fileMetadataRows, type UpdFileMetadataOptions } from './file-metadata.ts';
import { UPD_INDEXES_DDL, UPD_TABLES_DDL } from './schema.ts';

/** Creates the core tables in an empty database and writes the file's metadata. */
export async function createUpdTables(connection: DuckDBConnection, metadata: UpdFileMetadataOptions): Promise<void> {
  for (const statement of UPD_TABLES_DDL) await connection.run(statement);
  for (const [key, value] of fileMetadataRows(metadata)) {
    await connection.run('INSERT INTO metadata (key, value) VALUES ($1, $2)', [key, value]);
  }
}

/** Creates the secondary indexes (after a bulk load, where building them once is cheapest). */
export async function createUpdIndexes(connection: DuckDBConnection): Promise<void> {
  for (const statement of UPD_INDEXES_DDL) await connection.run(statement);
}

/** The whole schema at once: tables, metadata and indexes. */
export async function createUpdSchema(connection: DuckDBConnection, metadata: UpdFileMetadataOptions): Promise<void> {
  await createUpdTables(connection, metadata);
  await createUpdIndexes(connection);
}
