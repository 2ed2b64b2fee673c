/**
 * The little a job store needs from a database: statements with `?` placeholders, and
 * transactions that take the write lock up front (SQLite `BEGIN IMMEDIATE`, PostgreSQL row
 * locks). The SQL the store writes is shared; `dialect` names the few places that differ.
 */
export interface SqlExecutor {
  /** Rows of a query (or of a statement with RETURNING). */
  all<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a statement; resolves to the number of rows changed. */
  run(sql: string, params?: unknown[]): Promise<number>;
}

export type SqlDialect = 'sqlite' | 'postgres';

export interface SqlDriver extends SqlExecutor {
  readonly dialect: SqlDialect;
  readonly description: string;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it rejects. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Milliseconds to add to this machine's clock to get the database's (0 for SQLite). */
  clockOffsetMs(): Promise<number>;
  /** Is this error a unique-constraint violation? */
  isUniqueViolation(error: unknown): boolean;
  close(): Promise<void>;
}
