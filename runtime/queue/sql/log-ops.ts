import type { JobLogInput, JobLogPage, JobLogRow } from '../job-store.ts';
import { logFromRow } from './rows.ts';
import { forUpdate, nowIso, type StoreContext } from './store-context.ts';

const ROWS_PER_INSERT = 100;
const LEVELS = new Set(['debug', 'info', 'warn', 'error']);

/**
 * Appends in order with per-job sequence numbers. The job row's `log_count` is the counter
 * (locked for the transaction), so concurrent appenders never share a number; past the bound
 * lines are only counted.
 */
export async function appendLogs(ctx: StoreContext, jobId: string, lines: JobLogInput[]): Promise<void> {
  if (lines.length === 0) return;
  const kept = await ctx.db.transaction(async (tx) => {
    const [job] = await tx.all<{ log_count: unknown }>(`SELECT log_count FROM jobs WHERE id = ?${forUpdate(ctx)}`, [jobId]);
    if (!job) return [];
    const count = Number(job.log_count);
    const room = Math.max(0, ctx.maxLogsPerJob - count);
    const stored = lines.slice(0, room).map(
      (line, index): JobLogRow => ({
        job_id: jobId,
        seq: count + index + 1,
        at: line.at ?? nowIso(ctx),
        level: LEVELS.has(line.level) ? line.level : 'info',
        message: line.message,
        file: line.file ?? null,
      }),
    );
    for (let start = 0; start < stored.length; start += ROWS_PER_INSERT) {
      const chunk = stored.slice(start, start + ROWS_PER_INSERT);
      await tx.run(
        `INSERT INTO job_logs (job_id, seq, at, level, message, file) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
        chunk.flatMap((row) => [row.job_id, row.seq, row.at, row.level, row.message, row.file ? JSON.stringify(row.file) : null]),
      );
    }
    await tx.run('UPDATE jobs SET log_count = log_count + ?, logs_truncated = logs_truncated + ? WHERE id = ?', [
      stored.length,
      lines.length - stored.length,
      jobId,
    ]);
    return stored;
  });
  if (kept.length > 0) ctx.feed.publish({ kind: 'log', job_id: jobId, lines: kept });
}

export async function readLogs(ctx: StoreContext, jobId: string, options: { after?: number; limit?: number } = {}): Promise<JobLogPage> {
  const after = Math.max(0, Math.floor(options.after ?? 0));
  const limit = Math.min(10_000, Math.max(1, Math.floor(options.limit ?? 1000)));
  const raws = await ctx.db.all<Record<string, unknown>>(
    'SELECT * FROM job_logs WHERE job_id = ? AND seq > ? ORDER BY seq LIMIT ?',
    [jobId, after, limit],
  );
  const [job] = await ctx.db.all<{ logs_truncated: unknown }>('SELECT logs_truncated FROM jobs WHERE id = ?', [jobId]);
  const lines = raws.map(logFromRow);
  return { lines, truncated: Number(job?.logs_truncated ?? 0), next_after: lines.at(-1)?.seq ?? after };
}
