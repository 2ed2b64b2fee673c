import { IdahPluginError } from '../errors.ts';
import { uuidv7 } from '../jobs/uuid7.ts';
import type { EnqueueExportInput, ExportRow, JobRow, ListQuery, Page } from '../queue/job-store.ts';
import { compileList, type ListSpec } from '../queue/sql/list-query.ts';
import { insertExportJob } from '../queue/sql/managing-ops.ts';
import { toIso } from '../queue/sql/rows.ts';
import type { SqlExecutor } from '../queue/sql/sql-driver.ts';
import { emitExports, emitJobs, nowIso, type StoreContext } from '../queue/sql/store-context.ts';
import { checkCronTiming, latestSlotAtOrBefore, nextSlotAfter } from './cron.ts';
import type { CreateScheduleInput, FiredSlot, ScheduleRow, ScheduleSpec, ScheduleStatus, ScheduleStore } from './schedule-store.ts';

type Raw = Record<string, unknown>;

export const SCHEDULE_LIST: ListSpec = {
  resource: 'schedules',
  filters: {
    id: 'text',
    status: 'text',
    exporter: 'text',
    project_id: 'text',
    created_at: 'time',
    updated_at: 'time',
    next_run_at: 'time',
  },
  sorts: ['created_at', 'updated_at', 'next_run_at', 'status', 'id'],
};

/** Due schedules taken per call, so one call stays short however many are due. */
const FIRE_BATCH = 100;

export function scheduleFromRow(raw: Raw): ScheduleRow {
  const spec = typeof raw.spec === 'string' ? (JSON.parse(raw.spec) as ScheduleSpec) : (raw.spec as ScheduleSpec);
  return {
    id: String(raw.id),
    name: raw.name == null ? null : String(raw.name),
    cron: String(raw.cron),
    timezone: String(raw.timezone),
    exporter: String(raw.exporter),
    project_id: raw.project_id == null ? null : String(raw.project_id),
    created_by_id: raw.created_by_id == null ? null : String(raw.created_by_id),
    spec,
    incremental: Number(raw.incremental) === 1,
    status: raw.status as ScheduleStatus,
    next_run_at: toIso(raw.next_run_at),
    last_slot: toIso(raw.last_slot),
    last_job_id: raw.last_job_id == null ? null : String(raw.last_job_id),
    created_at: toIso(raw.created_at) as string,
    updated_at: toIso(raw.updated_at) as string,
  };
}

const slotKey = (scheduleId: string, slot: string) => `schedule:${scheduleId}:${slot}`;

/** The schedules over the job store's database (same SQL on SQLite and PostgreSQL). */
export function createSqlScheduleStore(ctx: StoreContext): ScheduleStore {
  const get = async (id: string): Promise<ScheduleRow | null> => {
    const [raw] = await ctx.db.all<Raw>('SELECT * FROM schedules WHERE id = ?', [id]);
    return raw ? scheduleFromRow(raw) : null;
  };

  return {
    async create(input: CreateScheduleInput): Promise<ScheduleRow> {
      const timing = { cron: input.cron?.trim(), timezone: input.timezone };
      checkCronTiming(timing);
      const nowMs = ctx.nowMs();
      const next = nextSlotAfter(timing, new Date(nowMs));
      if (!next) {
        throw new IdahPluginError('SCHEDULE_INVALID', `cron: the pattern ${JSON.stringify(input.cron)} never fires after now; expected one with future slots`, {
          details: { field: 'cron' },
        });
      }
      const now = new Date(nowMs).toISOString();
      const [raw] = await ctx.db.all<Raw>(
        `INSERT INTO schedules (id, name, cron, timezone, exporter, project_id, created_by_id, spec, incremental, status, next_run_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?) RETURNING *`,
        [
          uuidv7(nowMs),
          input.name ?? null,
          timing.cron,
          input.timezone,
          input.spec.arguments.exporter,
          input.project_id ?? null,
          input.created_by_id ?? null,
          JSON.stringify(input.spec),
          input.incremental ? 1 : 0,
          next.toISOString(),
          now,
          now,
        ],
      );
      return scheduleFromRow(raw as Raw);
    },

    get,

    async list(query?: ListQuery): Promise<Page<ScheduleRow>> {
      const compiled = compileList(SCHEDULE_LIST, query);
      const [count] = await ctx.db.all<{ total: unknown }>(`SELECT COUNT(*) AS total FROM schedules ${compiled.where}`, compiled.params);
      const raws = await ctx.db.all<Raw>(`SELECT * FROM schedules ${compiled.where} ${compiled.orderBy} LIMIT ? OFFSET ?`, [
        ...compiled.params,
        compiled.limit,
        compiled.offset,
      ]);
      return { items: raws.map(scheduleFromRow), total: Number(count?.total ?? 0), page: compiled.page };
    },

    async delete(id: string): Promise<boolean> {
      return (await ctx.db.run('DELETE FROM schedules WHERE id = ?', [id])) > 0;
    },

    async setStatus(id: string, status: ScheduleStatus): Promise<ScheduleRow | null> {
      const schedule = await get(id);
      if (!schedule) return null;
      if (schedule.status === status) return schedule;
      const nowMs = ctx.nowMs();
      // Resuming starts from the next slot after now: what was missed while paused is skipped.
      const next = status === 'active' ? nextSlotAfter(schedule, new Date(nowMs))?.toISOString() ?? null : schedule.next_run_at;
      const [raw] = await ctx.db.all<Raw>('UPDATE schedules SET status = ?, next_run_at = ?, updated_at = ? WHERE id = ? RETURNING *', [
        status,
        next,
        new Date(nowMs).toISOString(),
        id,
      ]);
      return raw ? scheduleFromRow(raw) : null;
    },

    async fireDue(now?: Date): Promise<FiredSlot[]> {
      const at = now ?? new Date(ctx.nowMs());
      const due = await ctx.db.all<Raw>(
        `SELECT * FROM schedules WHERE status = 'active' AND next_run_at IS NOT NULL AND next_run_at <= ? ORDER BY next_run_at, id LIMIT ?`,
        [at.toISOString(), FIRE_BATCH],
      );
      const fired: FiredSlot[] = [];
      for (const raw of due) {
        const slot = await fireOne(ctx, scheduleFromRow(raw), at);
        if (slot) fired.push(slot);
      }
      return fired;
    },
  };
}

/**
 * One due schedule: moves it past `at` with a compare-and-set on `next_run_at` and inserts the
 * slot's job in the same transaction. Another process that got there first changed
 * `next_run_at` (zero rows here) or holds the slot's unique key (the insert fails and this
 * transaction rolls back); either way this call creates nothing.
 */
async function fireOne(ctx: StoreContext, schedule: ScheduleRow, at: Date): Promise<FiredSlot | null> {
  const due = schedule.next_run_at as string;
  const latest = latestSlotAtOrBefore(schedule, at);
  // Missed slots (every server was down) run once: the latest one passed.
  const slot = (latest && latest.getTime() >= Date.parse(due) ? latest : new Date(due)).toISOString();
  const next = nextSlotAfter(schedule, at)?.toISOString() ?? null;
  try {
    const result = await ctx.db.transaction(async (tx) => {
      const moved = await tx.run(
        `UPDATE schedules SET next_run_at = ?, last_slot = ?, updated_at = ? WHERE id = ? AND status = 'active' AND next_run_at = ?`,
        [next, slot, nowIso(ctx), schedule.id, due],
      );
      if (moved === 0) return null;
      const since = schedule.incremental ? await lastWatermark(tx, schedule.id) : null;
      const rows = await insertExportJob(ctx, tx, slotInput(schedule, slot, since, ctx.nowMs()), { schedule_id: schedule.id, schedule_slot: slot });
      await tx.run('UPDATE schedules SET last_job_id = ? WHERE id = ?', [String(rows.jobRaw.id), schedule.id]);
      return { ...rows, since };
    });
    if (!result) return null;
    const [job] = emitJobs(ctx, [result.jobRaw]);
    const [row] = emitExports(ctx, [result.exportRaw]);
    return { schedule_id: schedule.id, slot, since: result.since, job: job as JobRow, export: row as ExportRow };
  } catch (error) {
    if (ctx.db.isUniqueViolation(error)) return null;
    throw error;
  }
}

/** The start of the latest completed export of the schedule: everything changed before it is exported. */
async function lastWatermark(tx: SqlExecutor, scheduleId: string): Promise<string | null> {
  const [row] = await tx.all<{ since: unknown }>(
    `SELECT MAX(exports.watermark) AS since FROM exports JOIN jobs ON jobs.id = exports.job_id
     WHERE exports.schedule_id = ? AND jobs.status = 'completed' AND exports.watermark IS NOT NULL`,
    [scheduleId],
  );
  const since = toIso(row?.since);
  return since ? new Date(since).toISOString() : null;
}

function slotInput(schedule: ScheduleRow, slot: string, since: string | null, nowMs: number): EnqueueExportInput {
  const { spec } = schedule;
  return {
    arguments: {
      ...spec.arguments,
      source: since ? { ...spec.arguments.source, updated_since: since } : spec.arguments.source,
      ...(spec.destination ? { destination: spec.destination } : {}),
    },
    project_id: schedule.project_id,
    created_by_id: schedule.created_by_id,
    ...(spec.priority !== undefined ? { priority: spec.priority } : {}),
    ...(spec.max_attempts !== undefined ? { max_attempts: spec.max_attempts } : {}),
    unicity: slotKey(schedule.id, slot),
    expires_at: spec.keep_ms ? new Date(nowMs + spec.keep_ms).toISOString() : null,
    destination: spec.destination ?? null,
    since,
  };
}
