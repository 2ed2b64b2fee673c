import { DuckDBInstance } from '@duckdb/node-api';

/**
 * Runs SQL against a real UPD file (read-write) to make it hostile: bad JSON, odd ids, rows other
 * tools could write. `dropConstraints` first rebuilds every table without its keys (as a tool
 * writing no PRIMARY KEY or REFERENCES would), so orphans and duplicate ids can be inserted.
 */
export async function tamperUpd(path: string, statements: readonly string[], { dropConstraints = false } = {}): Promise<void> {
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  try {
    if (dropConstraints) {
      // Referencing tables go first, and come back in the reverse order.
      for (const table of ['annotations', 'entries', 'medias', 'datasets']) {
        await connection.run(`CREATE TABLE loose_${table} AS SELECT * FROM ${table}`);
        await connection.run(`DROP TABLE ${table}`);
      }
      for (const table of ['datasets', 'medias', 'entries', 'annotations']) {
        await connection.run(`ALTER TABLE loose_${table} RENAME TO ${table}`);
      }
    }
    for (const statement of statements) await connection.run(statement);
    await connection.run('CHECKPOINT');
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** A SQL string literal. */
export const sqlText = (text: string): string => `'${text.replaceAll("'", "''")}'`;
