import { retryDelayMs } from '../backoff.ts';
import {
  type ClaimedJob,
  type ClaimOptions,
  type CompleteInput,
  type ExpiredLease,
  type FailInput,
  type FailOutcome,
  type HeartbeatResult,
  type HeartbeatUpdate,
  type JobDetails,
  type Lease,
  NOT_RETRIED_CODES,
  type RescheduleInput,
} from '../job-store.ts';
import { exportFromRow, toIso } from './rows.ts';
import type { SqlExecutor } from './sql-driver.ts';
import {
  CLEAR_LEASE,
  emitExports,
  emitJobs,
  forUpdate,
  GIVE_BACK_ATTEMPT,
  mergeDetailsSql,
  newTokenSql,
  nowIso,
  type StoreContext,
} from './store-context.ts';

type Raw = Record<string, unknown>;
const FENCE = 'id = ? AND lease_token = ? AND status = ?';
const fence = (lease: Lease) => [lease.job_id, lease.token, 'running'];

/** Takes due pending jobs: one UPDATE over a locked, skipped-if-busy selection. */
export async function claim(ctx: StoreContext, options: ClaimOptions): Promise<ClaimedJob[]> {
  if (options.limit < 1) return [];
  const now = nowIso(ctx);
  const until = nowIso(ctx, options.leaseMs);
  const raws = await ctx.db.all<Raw>(
    `UPDATE jobs SET status = 'running', attempt = attempt + 1, lease_token = ${newTokenSql(ctx)}, lease_until = ?,
       locked_by = ?, heartbeat_at = ?, started_at = COALESCE(started_at, ?), updated_at = ?, cancel_requested_at = NULL
     WHERE status = 'pending' AND id IN (
       SELECT id FROM jobs WHERE status = 'pending' AND scheduled_at <= ?
       ORDER BY priority DESC, scheduled_at ASC, id ASC LIMIT ?${forUpdate(ctx, true)})
     RETURNING *`,
    [until, options.workerId, now, now, now, now, options.limit],
  );
  const jobs = emitJobs(ctx, raws).sort(
    (a, b) => b.priority - a.priority || a.scheduled_at.localeCompare(b.scheduled_at) || a.id.localeCompare(b.id),
  );
  if (jobs.length === 0) return [];
  const exports = (
    await ctx.db.all<Raw>(`SELECT * FROM exports WHERE job_id IN (${jobs.map(() => '?').join(', ')})`, jobs.map((job) => job.id))
  ).map(exportFromRow);
  return jobs.map((job) => ({
    job,
    export: exports.find((row) => row.job_id === job.id) ?? null,
    lease: { job_id: job.id, token: job.lease_token as string, worker_id: options.workerId, attempt: job.attempt, until },
  }));
}

export async function heartbeat(ctx: StoreContext, lease: Lease, leaseMs: number, update: HeartbeatUpdate = {}): Promise<HeartbeatResult> {
  const now = nowIso(ctx);
  const until = nowIso(ctx, leaseMs);
  const merge = mergeDetailsSql(ctx, update.details);
  const raws = await ctx.db.all<Raw>(
    `UPDATE jobs SET lease_until = ?, heartbeat_at = ?, updated_at = ?, progress = COALESCE(?, progress)${merge.sql}
     WHERE ${FENCE} RETURNING *`,
    [until, now, now, update.progress ?? null, ...merge.params, ...fence(lease)],
  );
  const [job] = emitJobs(ctx, raws);
  if (!job) return { lost: true, cancelRequested: false };
  lease.until = until;
  return { lost: false, cancelRequested: job.cancel_requested_at !== null, until };
}

/** The commit point: the job completes and its export records the file, or nothing happens. */
export async function complete(ctx: StoreContext, lease: Lease, input: CompleteInput): Promise<boolean> {
  const now = nowIso(ctx);
  const merge = mergeDetailsSql(ctx, input.details);
  const result = await ctx.db.transaction(async (tx) => {
    const jobs = await tx.all<Raw>(
      `UPDATE jobs SET status = 'completed', progress = 1, ${CLEAR_LEASE}, finished_at = ?, updated_at = ?,
         error = NULL, error_code = NULL${merge.sql}
       WHERE ${FENCE} RETURNING *`,
      [now, now, ...merge.params, ...fence(lease)],
    );
    if (jobs.length === 0) return { published: false, jobs, exports: [] as Raw[] };
    const file = input.file;
    // The job's first start is the export's watermark: every change before it is in the output.
    const exports = await tx.all<Raw>(
      // A file with a destination is due for delivery now; no file means nothing to deliver.
      `UPDATE exports SET file_id = ?, filename = ?, mime_type = ?, size = ?, etag = ?, updated_at = ?, watermark = ?,
         destination_status = CASE WHEN destination IS NOT NULL AND ? = 1 THEN 'pending' ELSE 'none' END,
         destination_attempts = 0, destination_next_at = ?
       WHERE job_id = ? AND status = 'active' RETURNING *`,
      [
        file?.key ?? null, file?.filename ?? null, file?.mime_type ?? null, file?.size ?? 0, file?.etag ?? null, now,
        toIso(jobs[0]?.started_at), file ? 1 : 0, file ? now : null, lease.job_id,
      ],
    );
    if (exports.length > 0 || !file) return { published: true, jobs, exports };
    // The export was deleted while the job ran: publish nothing, end the job cancelled.
    const cancelled = await tx.all<Raw>(
      `UPDATE jobs SET status = 'cancelled', error = ?, error_code = 'EXPORT_CANCELLED', updated_at = ? WHERE id = ? RETURNING *`,
      ['the export was deleted while its job ran', now, lease.job_id],
    );
    return { published: false, jobs: cancelled, exports };
  });
  emitJobs(ctx, result.jobs);
  emitExports(ctx, result.exports);
  return result.published;
}

/** Reads the fenced job inside a write transaction, or undefined when the lease is lost. */
async function fencedJob(ctx: StoreContext, tx: SqlExecutor, lease: Lease): Promise<Raw | undefined> {
  const rows = await tx.all<Raw>(`SELECT * FROM jobs WHERE ${FENCE}${forUpdate(ctx)}`, fence(lease));
  return rows[0];
}

export async function fail(ctx: StoreContext, lease: Lease, input: FailInput): Promise<FailOutcome | null> {
  const now = nowIso(ctx);
  const merge = mergeDetailsSql(ctx, input.details);
  const result = await ctx.db.transaction(async (tx) => {
    const job = await fencedJob(ctx, tx, lease);
    if (!job) return null;
    const attempt = Number(job.attempt);
    const retryable = input.retryable !== false && !NOT_RETRIED_CODES.has(input.error_code) && input.error_code !== 'EXPORT_CANCELLED';
    if (retryable && attempt < Number(job.max_attempts)) {
      const scheduledAt = nowIso(ctx, retryDelayMs(attempt, ctx.retry));
      const rows = await tx.all<Raw>(
        `UPDATE jobs SET status = 'pending', ${CLEAR_LEASE}, scheduled_at = ?, updated_at = ?, error = ?, error_code = ?${merge.sql}
         WHERE ${FENCE} RETURNING *`,
        [scheduledAt, now, input.error, input.error_code, ...merge.params, ...fence(lease)],
      );
      return { rows, outcome: { status: 'pending', scheduled_at: scheduledAt } as FailOutcome };
    }
    const rows = await tx.all<Raw>(
      `UPDATE jobs SET status = 'errored', ${CLEAR_LEASE}, finished_at = ?, updated_at = ?, error = ?, error_code = ?${merge.sql}
       WHERE ${FENCE} RETURNING *`,
      [now, now, input.error, input.error_code, ...merge.params, ...fence(lease)],
    );
    return { rows, outcome: { status: 'errored' } as FailOutcome };
  });
  if (!result) return null;
  emitJobs(ctx, result.rows);
  return result.outcome;
}

export async function reschedule(ctx: StoreContext, lease: Lease, input: RescheduleInput): Promise<FailOutcome | null> {
  const now = nowIso(ctx);
  const merge = mergeDetailsSql(ctx, input.details);
  const result = await ctx.db.transaction(async (tx) => {
    const job = await fencedJob(ctx, tx, lease);
    if (!job) return null;
    if (Number(job.retry_count) >= ctx.maxReschedules) {
      const rows = await tx.all<Raw>(
        `UPDATE jobs SET status = 'errored', ${CLEAR_LEASE}, finished_at = ?, updated_at = ?, error = ?, error_code = 'RESCHEDULE_LIMIT'${merge.sql}
         WHERE ${FENCE} RETURNING *`,
        [now, now, `the export rescheduled itself more than ${ctx.maxReschedules} times; giving up`, ...merge.params, ...fence(lease)],
      );
      return { rows, outcome: { status: 'errored' } as FailOutcome };
    }
    const rows = await tx.all<Raw>(
      `UPDATE jobs SET status = 'pending', ${CLEAR_LEASE}, ${GIVE_BACK_ATTEMPT}, retry_count = retry_count + 1,
         scheduled_at = ?, updated_at = ?${merge.sql}
       WHERE ${FENCE} RETURNING *`,
      [input.scheduled_at, now, ...merge.params, ...fence(lease)],
    );
    return { rows, outcome: { status: 'pending', scheduled_at: input.scheduled_at } as FailOutcome };
  });
  if (!result) return null;
  emitJobs(ctx, result.rows);
  return result.outcome;
}

export async function finishCancelled(ctx: StoreContext, lease: Lease, details?: JobDetails): Promise<boolean> {
  const now = nowIso(ctx);
  const merge = mergeDetailsSql(ctx, details);
  const raws = await ctx.db.all<Raw>(
    `UPDATE jobs SET status = 'cancelled', ${CLEAR_LEASE}, finished_at = ?, updated_at = ?, error = 'cancelled',
       error_code = 'EXPORT_CANCELLED'${merge.sql}
     WHERE ${FENCE} RETURNING *`,
    [now, now, ...merge.params, ...fence(lease)],
  );
  return emitJobs(ctx, raws).length > 0;
}

export async function release(ctx: StoreContext, lease: Lease): Promise<boolean> {
  const raws = await ctx.db.all<Raw>(
    `UPDATE jobs SET status = 'pending', ${CLEAR_LEASE}, ${GIVE_BACK_ATTEMPT}, updated_at = ? WHERE ${FENCE} RETURNING *`,
    [nowIso(ctx), ...fence(lease)],
  );
  return emitJobs(ctx, raws).length > 0;
}

/** Takes back every expired lease: retried with backoff, cancelled if asked, errored out of attempts. */
export async function requeueExpired(ctx: StoreContext): Promise<ExpiredLease[]> {
  const now = nowIso(ctx);
  const result = await ctx.db.transaction(async (tx) => {
    const expired = await tx.all<Raw>(
      `SELECT * FROM jobs WHERE status = 'running' AND lease_until < ? ORDER BY lease_until LIMIT 100${forUpdate(ctx, true)}`,
      [now],
    );
    const changed: Raw[] = [];
    const leases: ExpiredLease[] = [];
    for (const job of expired) {
      const attempt = Number(job.attempt);
      const reason = `the lease of worker ${String(job.locked_by)} expired at ${toIso(job.lease_until)} (attempt ${attempt} of ${Number(job.max_attempts)})`;
      const token = String(job.lease_token);
      let status: ExpiredLease['status'] = 'errored';
      let rows: Raw[];
      if (job.cancel_requested_at !== null) {
        status = 'cancelled';
        rows = await tx.all<Raw>(
          `UPDATE jobs SET status = 'cancelled', ${CLEAR_LEASE}, finished_at = ?, updated_at = ?, error = 'cancelled', error_code = 'EXPORT_CANCELLED'
           WHERE id = ? AND lease_token = ? RETURNING *`,
          [now, now, job.id, token],
        );
      } else if (attempt < Number(job.max_attempts)) {
        status = 'pending';
        rows = await tx.all<Raw>(
          `UPDATE jobs SET status = 'pending', ${CLEAR_LEASE}, scheduled_at = ?, updated_at = ?, error = ?, error_code = 'LEASE_EXPIRED'
           WHERE id = ? AND lease_token = ? RETURNING *`,
          [nowIso(ctx, retryDelayMs(attempt, ctx.retry)), now, reason, job.id, token],
        );
      } else {
        rows = await tx.all<Raw>(
          `UPDATE jobs SET status = 'errored', ${CLEAR_LEASE}, finished_at = ?, updated_at = ?, error = ?, error_code = 'LEASE_EXPIRED'
           WHERE id = ? AND lease_token = ? RETURNING *`,
          [now, now, reason, job.id, token],
        );
      }
      changed.push(...rows);
      const exportRows = await tx.all<{ id: unknown }>('SELECT id FROM exports WHERE job_id = ?', [job.id]);
      leases.push({
        job_id: String(job.id),
        export_id: exportRows[0] ? String(exportRows[0].id) : null,
        token,
        worker_id: job.locked_by === null ? null : String(job.locked_by),
        attempt,
        status,
      });
    }
    return { changed, leases };
  });
  emitJobs(ctx, result.changed);
  return result.leases;
}
