import { IdahPluginError } from '../../errors.ts';
import type { ChangeFeed } from '../change-feed.ts';
import type { ExportRow, JobDetails, JobRow, RetryPolicy } from '../job-store.ts';
import { exportFromRow, jobFromRow } from './rows.ts';
import type { SqlDriver } from './sql-driver.ts';

/** What the store's operations share: the database, its clock, the policies and the feed. */
export interface StoreContext {
  db: SqlDriver;
  /** The database's clock (this machine's, corrected by the offset measured at open). */
  nowMs(): number;
  retry: RetryPolicy;
  deliveryRetry: RetryPolicy;
  maxReschedules: number;
  maxLogsPerJob: number;
  feed: ChangeFeed;
}

export const nowIso = (ctx: StoreContext, plusMs = 0) => new Date(ctx.nowMs() + plusMs).toISOString();

/** `FOR UPDATE` where row locks exist; SQLite's write transactions already hold the whole database. */
export const forUpdate = (ctx: StoreContext, skipLocked = false) =>
  ctx.db.dialect === 'postgres' ? (skipLocked ? ' FOR UPDATE SKIP LOCKED' : ' FOR UPDATE') : '';

/** A fresh random lease token, computed per row by the database. */
export const newTokenSql = (ctx: StoreContext) =>
  ctx.db.dialect === 'postgres' ? 'gen_random_uuid()::text' : 'lower(hex(randomblob(16)))';

/** Gives back the attempt a claim took (a reschedule or a drain is not a failure). */
export const GIVE_BACK_ATTEMPT = 'attempt = CASE WHEN attempt > 0 THEN attempt - 1 ELSE 0 END';

/** Clears the lease columns (the last worker stays in `locked_by` for the record). */
export const CLEAR_LEASE = 'lease_token = NULL, lease_until = NULL';

/**
 * SQL that sets the given top-level keys of `details`, keeping the others (the same shallow
 * merge on both databases). Empty when there is nothing to merge.
 */
export function mergeDetailsSql(ctx: StoreContext, details: JobDetails | undefined): { sql: string; params: unknown[] } {
  const keys = Object.keys(details ?? {});
  if (!details || keys.length === 0) return { sql: '', params: [] };
  if (ctx.db.dialect === 'postgres') return { sql: ', details = details || ?::jsonb', params: [JSON.stringify(details)] };
  const bad = keys.find((key) => !/^[A-Za-z0-9_]+$/.test(key));
  if (bad) throw new IdahPluginError('USAGE', `job details: keys are letters, digits and _, got ${JSON.stringify(bad)}`);
  const pairs = keys.map((key) => `'$.${key}', json(?)`).join(', ');
  return { sql: `, details = json_set(details, ${pairs})`, params: keys.map((key) => JSON.stringify(details[key])) };
}

export function emitJobs(ctx: StoreContext, raws: Record<string, unknown>[]): JobRow[] {
  const jobs = raws.map(jobFromRow);
  for (const job of jobs) ctx.feed.publish({ kind: 'job', job });
  return jobs;
}

export function emitExports(ctx: StoreContext, raws: Record<string, unknown>[]): ExportRow[] {
  const rows = raws.map(exportFromRow);
  for (const row of rows) ctx.feed.publish({ kind: 'export', export: row });
  return rows;
}
