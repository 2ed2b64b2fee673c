import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';
import type { SqlDriver, SqlExecutor } from '../sql/sql-driver.ts';

/**
 * SQLite through better-sqlite3: one connection per store, WAL so readers never wait, and a
 * busy timeout so writers of several processes queue instead of failing. Calls are
 * synchronous underneath; a promise chain keeps one transaction's statements from
 * interleaving with another caller's in this process.
 */
// Required when a store opens (CommonJS, native): commands without a job store never load it.
const require = createRequire(import.meta.url);

export function openSqliteDriver(path: string, options: { busyTimeoutMs?: number } = {}): SqlDriver {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const BetterSqlite3 = require('better-sqlite3') as typeof Database;
  const db = new BetterSqlite3(path);
  db.pragma('journal_mode = WAL');
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');

  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const bind = (params: unknown[] = []) => params.map((value) => (value === undefined ? null : value));
  const direct: SqlExecutor = {
    all: async <T>(sql: string, params?: unknown[]) => {
      const statement = prepare(sql);
      if (!statement.reader) {
        statement.run(...bind(params));
        return [] as T[];
      }
      return statement.all(...bind(params)) as T[];
    },
    run: async (sql, params) => prepare(sql).run(...bind(params)).changes,
  };

  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const result = queue.then(work);
    queue = result.catch(() => {});
    return result;
  };

  return {
    dialect: 'sqlite',
    description: `sqlite:${path}`,
    all: (sql, params) => exclusive(() => direct.all(sql, params)),
    run: (sql, params) => exclusive(() => direct.run(sql, params)),
    transaction: (work) =>
      exclusive(async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await work(direct);
          db.exec('COMMIT');
          return result;
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw error;
        }
      }),
    clockOffsetMs: async () => 0,
    isUniqueViolation: (error) =>
      typeof (error as { code?: unknown })?.code === 'string' &&
      ((error as { code: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' ||
        (error as { code: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY'),
    close: () =>
      exclusive(async () => {
        if (db.open) db.close();
      }),
  };
}
