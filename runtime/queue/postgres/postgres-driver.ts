import { createRequire } from 'node:module';
import type pg from 'pg';
import type { SqlDriver, SqlExecutor } from '../sql/sql-driver.ts';

export interface PostgresDriverOptions {
  /** A `postgres://` connection string. */
  url: string;
  /** The schema the tables live in (default `public`); created by `migrate()`. */
  schema?: string;
  /** Connections in the pool (default 4). */
  poolSize?: number;
}

/** `?` placeholders become `$1, $2, ...` (the store's SQL never holds a literal `?`). */
export function toNumberedPlaceholders(sql: string): string {
  let index = 0;
  return sql.replace(/\?/g, () => `$${++index}`);
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

// Required when a store opens (CommonJS): commands without PostgreSQL never load it.
const require = createRequire(import.meta.url);

/** PostgreSQL through a `pg` pool; the schema is pinned with the connection's `search_path`. */
export function openPostgresDriver(options: PostgresDriverOptions): SqlDriver {
  const schema = options.schema ?? 'public';
  const { Pool } = require('pg') as typeof pg;
  const pool = new Pool({
    connectionString: options.url,
    max: options.poolSize ?? 4,
    options: `-c search_path=${quoteIdentifier(schema)}`,
  });
  // An idle client's error (the server restarted) must not crash the process; the next query reconnects.
  pool.on('error', () => {});

  const executor = (client: pg.Pool | pg.PoolClient): SqlExecutor => ({
    all: async <T>(sql: string, params: unknown[] = []) =>
      (await client.query(toNumberedPlaceholders(sql), params)).rows as T[],
    run: async (sql, params = []) => (await client.query(toNumberedPlaceholders(sql), params)).rowCount ?? 0,
  });
  const direct = executor(pool);
  const safeUrl = describeUrl(options.url);

  return {
    dialect: 'postgres',
    description: `${safeUrl} (schema ${schema})`,
    all: direct.all,
    run: direct.run,
    transaction: async (work) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(executor(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    clockOffsetMs: async () => {
      const before = Date.now();
      const rows = await direct.all<{ now: Date }>('SELECT clock_timestamp() AS now');
      const after = Date.now();
      const now = rows[0]?.now;
      return now ? now.getTime() - (before + after) / 2 : 0;
    },
    isUniqueViolation: (error) => (error as { code?: unknown })?.code === '23505',
    close: () => pool.end(),
  };
}

/** The URL without its password, for messages and the health check. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres (unparsable URL)';
  }
}
