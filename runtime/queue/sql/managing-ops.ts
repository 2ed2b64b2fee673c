import { attemptsOf, type Destination, parseDestination } from '../../destinations/destination-schema.ts';
import { IdahPluginError, isIdahPluginError } from '../../errors.ts';
import { uuidv7 } from '../../jobs/uuid7.ts';
import type { EnqueueExportInput, ExportRow, JobRow, ListQuery, Page } from '../job-store.ts';
import { compileList, EXPORT_LIST, JOB_LIST, type ListSpec } from './list-query.ts';
import { exportFromRow, jobFromRow } from './rows.ts';
import type { SqlExecutor } from './sql-driver.ts';
import { CLEAR_LEASE, emitExports, emitJobs, forUpdate, nowIso, type StoreContext } from './store-context.ts';

type Raw = Record<string, unknown>;
const EXPORT_ID = /^[0-9]{1,18}$/;

/** The destination either field carries, checked strictly (a schedule's and a request's go through here). */
function destinationOf(input: EnqueueExportInput): Destination | null {
  const given = input.arguments?.destination ?? input.destination ?? null;
  if (given === null) return null;
  if (input.arguments?.destination && input.destination && JSON.stringify(input.arguments.destination) !== JSON.stringify(input.destination)) {
    throw new IdahPluginError('DESTINATION_INVALID', 'enqueue export: arguments.destination and destination differ; give one');
  }
  try {
    return parseDestination(given, { field: 'arguments.destination', pointer: '/arguments/destination' });
  } catch (error) {
    if (isIdahPluginError(error)) throw new IdahPluginError(error.code, `enqueue export: ${error.message}`, { ...(error.details ? { details: error.details } : {}) });
    throw error;
  }
}

function checkEnqueueInput(input: EnqueueExportInput): void {
  const problems: string[] = [];
  if (typeof input.arguments?.exporter !== 'string' || !input.arguments.exporter) problems.push(`arguments.exporter: expected an exporter id, got ${JSON.stringify(input.arguments?.exporter)}`);
  if (input.priority !== undefined && !Number.isInteger(input.priority)) problems.push(`priority: expected an integer, got ${JSON.stringify(input.priority)}`);
  if (input.max_attempts !== undefined && !(Number.isInteger(input.max_attempts) && input.max_attempts >= 1 && input.max_attempts <= 100)) {
    problems.push(`max_attempts: expected an integer from 1 to 100, got ${JSON.stringify(input.max_attempts)}`);
  }
  for (const field of ['scheduled_at', 'expires_at', 'since'] as const) {
    const value = input[field];
    if (value !== undefined && value !== null && Number.isNaN(Date.parse(value))) problems.push(`${field}: expected an ISO 8601 time, got ${JSON.stringify(value)}`);
  }
  if (problems.length > 0) throw new IdahPluginError('USAGE', `enqueue export: ${problems.join('; ')}`, { details: { problems } });
}

/** The schedule slot a job runs, when a schedule created it. */
export interface ScheduleLink {
  schedule_id: string;
  schedule_slot: string;
}

/**
 * Inserts the export row and its pending job inside the caller's transaction (an enqueue, or a
 * schedule's slot); the caller publishes the rows once it commits.
 */
export async function insertExportJob(
  ctx: StoreContext,
  tx: SqlExecutor,
  input: EnqueueExportInput,
  link: ScheduleLink | null = null,
): Promise<{ exportRaw: Raw; jobRaw: Raw }> {
  checkEnqueueInput(input);
  const destination = destinationOf(input);
  const now = nowIso(ctx);
  const jobId = uuidv7(ctx.nowMs());
  const [exportRaw] = await tx.all<Raw>(
    `INSERT INTO exports (job_id, project_id, created_by_id, size, created_at, updated_at, exporter, status, expires_at, destination,
       destination_status, destination_max_attempts, schedule_id, schedule_slot, since)
     VALUES (?, ?, ?, 0, ?, ?, ?, 'active', ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    [
      jobId,
      input.project_id ?? null,
      input.created_by_id ?? null,
      now,
      now,
      input.arguments.exporter,
      input.expires_at ? new Date(input.expires_at).toISOString() : null,
      destination ? JSON.stringify(destination) : null,
      destination ? 'pending' : 'none',
      destination ? attemptsOf(destination) : 0,
      link?.schedule_id ?? null,
      link?.schedule_slot ?? null,
      input.since ? new Date(input.since).toISOString() : null,
    ],
  );
  const exportId = String(exportRaw?.id);
  const [jobRaw] = await tx.all<Raw>(
    `INSERT INTO jobs (id, job_class, arguments, priority, status, unicity, scheduled_at, created_at, updated_at, exporter, max_attempts, details,
       schedule_id, schedule_slot)
     VALUES (?, 'export', ?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    [
      jobId,
      JSON.stringify({ ...input.arguments, ...(destination ? { destination } : {}), export_id: exportId }),
      input.priority ?? 0,
      input.unicity ?? null,
      input.scheduled_at ? new Date(input.scheduled_at).toISOString() : now,
      now,
      now,
      input.arguments.exporter,
      input.max_attempts ?? 3,
      '{}',
      link?.schedule_id ?? null,
      link?.schedule_slot ?? null,
    ],
  );
  return { exportRaw: exportRaw as Raw, jobRaw: jobRaw as Raw };
}

export async function enqueueExport(ctx: StoreContext, input: EnqueueExportInput): Promise<{ export: ExportRow; job: JobRow }> {
  checkEnqueueInput(input);
  const unicity = input.unicity ?? null;
  try {
    const result = await ctx.db.transaction((tx) => insertExportJob(ctx, tx, input));
    const [job] = emitJobs(ctx, [result.jobRaw]);
    const [row] = emitExports(ctx, [result.exportRaw]);
    return { job: job as JobRow, export: row as ExportRow };
  } catch (error) {
    if (!unicity || !ctx.db.isUniqueViolation(error)) throw error;
    throw await duplicate(ctx, unicity);
  }
}

async function duplicate(ctx: StoreContext, unicity: string): Promise<IdahPluginError> {
  const rows = await ctx.db.all<Raw>(
    `SELECT jobs.id AS job_id, exports.id AS export_id FROM jobs LEFT JOIN exports ON exports.job_id = jobs.id
     WHERE jobs.unicity = ? AND jobs.status IN ('pending', 'running')`,
    [unicity],
  );
  const found = rows[0];
  return new IdahPluginError('JOB_DUPLICATE', `a job with unicity ${JSON.stringify(unicity)} is already pending or running`, {
    details: { job_id: found ? String(found.job_id) : null, export_id: found?.export_id == null ? null : String(found.export_id) },
  });
}

export async function cancel(ctx: StoreContext, jobId: string): Promise<JobRow | null> {
  const now = nowIso(ctx);
  let raws = await ctx.db.all<Raw>(
    `UPDATE jobs SET status = 'cancelled', finished_at = ?, updated_at = ?, error = 'cancelled', error_code = 'EXPORT_CANCELLED'
     WHERE id = ? AND status = 'pending' RETURNING *`,
    [now, now, jobId],
  );
  if (raws.length === 0) {
    raws = await ctx.db.all<Raw>(
      `UPDATE jobs SET cancel_requested_at = ?, updated_at = ? WHERE id = ? AND status = 'running' AND cancel_requested_at IS NULL RETURNING *`,
      [now, now, jobId],
    );
  }
  if (raws.length > 0) return emitJobs(ctx, raws)[0] as JobRow;
  return getJob(ctx, jobId);
}

export async function retry(ctx: StoreContext, jobId: string): Promise<JobRow | null> {
  const now = nowIso(ctx);
  let raws: Raw[];
  try {
    raws = await ctx.db.all<Raw>(
      `UPDATE jobs SET status = 'pending', ${CLEAR_LEASE}, attempt = 0, retry_count = 0, progress = 0, error = NULL, error_code = NULL,
         cancel_requested_at = NULL, started_at = NULL, finished_at = NULL, scheduled_at = ?, updated_at = ?, details = ?
       WHERE id = ? AND status IN ('errored', 'cancelled')
         AND EXISTS (SELECT 1 FROM exports WHERE exports.job_id = jobs.id AND exports.status = 'active')
       RETURNING *`,
      [now, now, '{}', jobId],
    );
  } catch (error) {
    const job = await getJob(ctx, jobId);
    if (job?.unicity && ctx.db.isUniqueViolation(error)) throw await duplicate(ctx, job.unicity);
    throw error;
  }
  if (raws.length > 0) return emitJobs(ctx, raws)[0] as JobRow;
  const job = await getJob(ctx, jobId);
  if (!job) return null;
  const why =
    job.status === 'errored' || job.status === 'cancelled' ? 'its export was deleted or expired' : `it is ${job.status}`;
  throw new IdahPluginError('JOB_STATE_CONFLICT', `job ${jobId} cannot be retried: ${why}; only errored or cancelled jobs can`, {
    details: { status: job.status },
  });
}

export async function deleteJob(ctx: StoreContext, jobId: string): Promise<{ deleted: boolean; storageKeys: string[] }> {
  const now = nowIso(ctx);
  const result = await ctx.db.transaction(async (tx) => {
    const [job] = await tx.all<Raw>(`SELECT status FROM jobs WHERE id = ?${forUpdate(ctx)}`, [jobId]);
    if (!job) return { deleted: false, storageKeys: [] as string[], exports: [] as Raw[] };
    if (job.status === 'pending' || job.status === 'running') {
      throw new IdahPluginError('JOB_STATE_CONFLICT', `job ${jobId} is ${String(job.status)}; cancel it before deleting it`, {
        details: { status: job.status },
      });
    }
    const files = await tx.all<{ file_id: string }>(
      `SELECT file_id FROM exports WHERE job_id = ? AND status = 'active' AND file_id IS NOT NULL`,
      [jobId],
    );
    const exports = await tx.all<Raw>(
      `UPDATE exports SET status = 'deleted', deleted_at = ?, updated_at = ? WHERE job_id = ? AND status <> 'deleted' RETURNING *`,
      [now, now, jobId],
    );
    await tx.run('DELETE FROM job_logs WHERE job_id = ?', [jobId]);
    await tx.run('DELETE FROM jobs WHERE id = ?', [jobId]);
    return { deleted: true, storageKeys: files.map((file) => String(file.file_id)), exports };
  });
  emitExports(ctx, result.exports);
  return { deleted: result.deleted, storageKeys: result.storageKeys };
}

export async function deleteExport(ctx: StoreContext, exportId: string): Promise<{ export: ExportRow; storageKey: string | null } | null> {
  if (!EXPORT_ID.test(exportId)) return null;
  const now = nowIso(ctx);
  const result = await ctx.db.transaction(async (tx) => {
    const [before] = await tx.all<Raw>(`SELECT * FROM exports WHERE id = ?${forUpdate(ctx)}`, [exportId]);
    if (!before) return null;
    if (before.status === 'deleted') return { raw: before, storageKey: null, changed: false };
    const [raw] = await tx.all<Raw>(
      `UPDATE exports SET status = 'deleted', deleted_at = ?, updated_at = ? WHERE id = ? RETURNING *`,
      [now, now, exportId],
    );
    const storageKey = before.status === 'active' && before.file_id != null ? String(before.file_id) : null;
    return { raw: raw as Raw, storageKey, changed: true };
  });
  if (!result) return null;
  const row = result.changed ? (emitExports(ctx, [result.raw])[0] as ExportRow) : exportFromRow(result.raw);
  await cancel(ctx, row.job_id);
  return { export: row, storageKey: result.storageKey };
}

export async function expireExports(ctx: StoreContext, before: string): Promise<Array<{ export_id: string; storageKey: string }>> {
  const now = nowIso(ctx);
  const raws = await ctx.db.all<Raw>(
    `UPDATE exports SET status = 'expired', updated_at = ?
     WHERE status = 'active' AND (created_at < ? OR (expires_at IS NOT NULL AND expires_at <= ?))
       AND job_id NOT IN (SELECT id FROM jobs WHERE status IN ('pending', 'running'))
     RETURNING *`,
    [now, new Date(before).toISOString(), now],
  );
  return emitExports(ctx, raws)
    .filter((row) => row.file_id !== null)
    .map((row) => ({ export_id: row.id, storageKey: row.file_id as string }));
}

export async function getJob(ctx: StoreContext, jobId: string): Promise<JobRow | null> {
  const [raw] = await ctx.db.all<Raw>('SELECT * FROM jobs WHERE id = ?', [jobId]);
  return raw ? jobFromRow(raw) : null;
}

export async function getExport(ctx: StoreContext, exportId: string): Promise<ExportRow | null> {
  if (!EXPORT_ID.test(exportId)) return null;
  const [raw] = await ctx.db.all<Raw>('SELECT * FROM exports WHERE id = ?', [exportId]);
  return raw ? exportFromRow(raw) : null;
}

export async function exportsOfJobs(ctx: StoreContext, jobIds: string[]): Promise<ExportRow[]> {
  if (jobIds.length === 0) return [];
  const raws = await ctx.db.all<Raw>(
    `SELECT * FROM exports WHERE job_id IN (${jobIds.map(() => '?').join(', ')}) ORDER BY id`,
    jobIds,
  );
  return raws.map(exportFromRow);
}

async function list<T>(ctx: StoreContext, spec: ListSpec, query: ListQuery | undefined, map: (raw: Raw) => T): Promise<Page<T>> {
  const compiled = compileList(spec, query);
  const [count] = await ctx.db.all<{ total: unknown }>(`SELECT COUNT(*) AS total FROM ${spec.resource} ${compiled.where}`, compiled.params);
  const raws = await ctx.db.all<Raw>(
    `SELECT * FROM ${spec.resource} ${compiled.where} ${compiled.orderBy} LIMIT ? OFFSET ?`,
    [...compiled.params, compiled.limit, compiled.offset],
  );
  return { items: raws.map(map), total: Number(count?.total ?? 0), page: compiled.page };
}

export const listJobs = (ctx: StoreContext, query?: ListQuery) => list(ctx, JOB_LIST, query, jobFromRow);
export const listExports = (ctx: StoreContext, query?: ListQuery) => list(ctx, EXPORT_LIST, query, exportFromRow);

/** Rows changed at or after `since`, for the change feed's poll. */
export async function changedRows(ctx: StoreContext, since: string): Promise<{ jobs: JobRow[]; exports: ExportRow[] }> {
  const jobs = await ctx.db.all<Raw>('SELECT * FROM jobs WHERE updated_at >= ? ORDER BY updated_at LIMIT 2000', [since]);
  const exports = await ctx.db.all<Raw>('SELECT * FROM exports WHERE updated_at >= ? ORDER BY updated_at LIMIT 2000', [since]);
  return { jobs: jobs.map(jobFromRow), exports: exports.map(exportFromRow) };
}
