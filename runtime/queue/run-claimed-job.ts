import { mkdir, rm } from 'node:fs/promises';
import { describeDestination } from '../destinations/destination-schema.ts';
import { describeThrown, isIdahPluginError } from '../errors.ts';
import type { ExportRunner, ExportRunRequest } from '../jobs/export-runner.ts';
import { jobLogRows } from '../jobs/job-log-rows.ts';
import type { JobEvent, JobRecord } from '../jobs/job-record.ts';
import { MAX_FILE_LOG_IN_RECORD } from '../context/file-log.ts';
import type { LogEntry, Logger } from '../logger.ts';
import type { JsonObject } from '../records.ts';
import type { OutputStorage } from '../storage/output-storage.ts';
import { attemptStagingDir, attemptStorageKey } from './attempt-paths.ts';
import type { ClaimedJob, JobDetails, JobLogInput, JobStore } from './job-store.ts';

export interface JobRunEnvironment {
  store: JobStore;
  storage: OutputStorage;
  runner: ExportRunner;
  stateDir: string;
  plugins: ExportRunRequest['plugins'];
  leaseMs: number;
  heartbeatMs: number;
  logger: Logger;
}

/** Why the worker stopped a run: the user cancelled it, another worker owns it now, or the worker is going away. */
export type StopReason = 'cancel' | 'lost' | 'drain';

export interface RunningJob {
  jobId: string;
  /** Stops the run; the reason decides what is written afterwards. */
  stop(reason: StopReason): void;
  done: Promise<void>;
}

/** Record fields that have columns (or are the worker's own business); every other field goes to `details`. */
const COLUMN_FIELDS = new Set([
  'id', 'job_class', 'arguments', 'exporter', 'status', 'progress', 'retry_count', 'error', 'error_code',
  'scheduled_at', 'created_at', 'updated_at', 'started_at', 'finished_at', 'output',
]);

export function detailsOf(record: JobRecord, progress: { entries_read: number; entries_total: number }): JobDetails {
  const details: JsonObject = { entries_read: progress.entries_read, entries_total: progress.entries_total };
  for (const [field, value] of Object.entries(record)) {
    if (!COLUMN_FIELDS.has(field) && value !== undefined) details[field] = JSON.parse(JSON.stringify(value)) as JsonObject[string];
  }
  return details;
}

const PROGRESS_STEP = 0.01;
const MIN_PROGRESS_BEAT_MS = 250;

/**
 * Runs one claimed job to its end: the export through the runner (reschedules handed back),
 * heartbeats with progress, the output stored under an attempt-scoped key, then the fenced
 * completion. Whatever happens, the attempt's staging folder is removed and an object that
 * could not be published is deleted.
 */
export function runClaimedJob(env: JobRunEnvironment, claimed: ClaimedJob): RunningJob {
  const { job, lease } = claimed;
  const controller = new AbortController();
  // A draining worker lets a finished export's copy to storage complete; cancel and a lost lease stop it too.
  const storing = new AbortController();
  let stopReason: StopReason | undefined;
  const stop = (reason: StopReason) => {
    if (stopReason) return;
    stopReason = reason;
    const why = new Error(reason === 'cancel' ? 'cancelled' : reason === 'lost' ? 'the lease was lost' : 'the worker is stopping');
    controller.abort(why);
    if (reason !== 'drain') storing.abort(why);
  };

  const staging = attemptStagingDir(env.stateDir, job.id, lease);
  const exportId = claimed.export?.id ?? job.arguments.export_id;
  const key = attemptStorageKey(exportId, lease);
  const logs: JobLogInput[] = [
    { level: 'info', message: `attempt ${lease.attempt} of ${job.max_attempts} on worker ${lease.worker_id}` },
  ];
  // Each attempt reports its own progress from 0 (a retried job does not keep the last attempt's).
  const progress = { value: 0, sent: -1, entries_read: 0, entries_total: 0 };
  // Steps, metrics and the file log's counts as the run reports them; sent with the next heartbeat.
  const live = new LiveReports();
  let lastBeat = Date.now();
  let beating: Promise<void> | undefined;

  const beat = () => {
    if (beating) return beating;
    lastBeat = Date.now();
    beating = (async () => {
      try {
        const sent = progress.value;
        const result = await env.store.heartbeat(lease, env.leaseMs, {
          progress: sent,
          details: { entries_read: progress.entries_read, entries_total: progress.entries_total, ...live.take() },
        });
        progress.sent = sent;
        if (result.lost) stop('lost');
        else if (result.cancelRequested) stop('cancel');
      } catch (error) {
        // The store is unreachable: keep running while the lease may still hold, then give up.
        env.logger.warn(`heartbeat of job ${job.id} failed: ${describeThrown(error)}`);
        if (Date.now() > Date.parse(lease.until)) stop('lost');
      }
      const lines = logs.splice(0);
      if (lines.length > 0) await env.store.appendLogs(job.id, lines).catch(() => logs.unshift(...lines));
    })().finally(() => {
      beating = undefined;
    });
    return beating;
  };
  const timer = setInterval(() => void beat(), env.heartbeatMs);

  const onEvent = (event: JobEvent) => {
    if (event.event === 'file_log') {
      // One stored log line per exported file, with its entry (the store numbers the lines).
      for (const row of jobLogRows(event, 1)) logs.push({ level: row.level, message: row.message, at: row.time, file: { ...row.file } as JsonObject });
    }
    if (event.event === 'step') logs.push(...jobLogRows(event, 1).map((row) => ({ level: row.level, message: row.message, at: row.time })));
    if (live.note(event)) return;
    if (event.event !== 'progress') return;
    progress.value = Math.max(progress.value, event.progress);
    progress.entries_read = event.entries_read;
    progress.entries_total = event.entries_total;
    if (progress.value - progress.sent >= PROGRESS_STEP && Date.now() - lastBeat >= MIN_PROGRESS_BEAT_MS) void beat();
  };
  const logSink = (entry: LogEntry) => {
    logs.push({ level: entry.level, message: `[${entry.source}] ${entry.message}`, at: entry.time });
  };

  const done = (async () => {
    let record: JobRecord | undefined;
    try {
      await mkdir(staging, { recursive: true });
      record = await env.runner({
        jobId: job.id,
        retryCount: job.retry_count,
        exporter: job.arguments.exporter,
        plugins: env.plugins,
        source: job.arguments.source,
        datasetIds: job.arguments.dataset_ids,
        options: job.arguments.options,
        outDir: staging,
        signal: controller.signal,
        onEvent,
        logSink,
        reschedule: 'return',
        ...(job.arguments.timeout_ms ? { timeoutMs: job.arguments.timeout_ms } : {}),
      });
      clearInterval(timer);
      await beating;
      await finish(record);
    } catch (error) {
      env.logger.error(`job ${job.id}: ${describeThrown(error)}`);
      await settleFailure(describeThrown(error), isIdahPluginError(error) ? error.code : 'WORKER_FAILED');
    } finally {
      clearInterval(timer);
      await beating;
      await rm(staging, { recursive: true, force: true }).catch(() => {});
    }
  })();

  async function flushLogs(): Promise<void> {
    const lines = logs.splice(0);
    if (lines.length > 0) await env.store.appendLogs(job.id, lines).catch(() => {});
  }

  async function finish(record: JobRecord): Promise<void> {
    const details = detailsOf(record, progress);
    if (stopReason === 'lost') {
      logs.push({ level: 'warn', message: `worker ${lease.worker_id} lost the lease of attempt ${lease.attempt}; its result is dropped` });
      await flushLogs();
      return;
    }
    if (stopReason === 'drain' && record.status !== 'completed' && record.status !== 'errored') {
      logs.push({ level: 'info', message: `worker ${lease.worker_id} is stopping; the job goes back to the queue` });
      await flushLogs();
      await env.store.release(lease);
      return;
    }
    if (record.status === 'completed') {
      await publish(record, details);
      return;
    }
    await flushLogs();
    if (record.status === 'pending') {
      await env.store.reschedule(lease, { scheduled_at: record.scheduled_at, details });
    } else if (record.status === 'cancelled') {
      await env.store.finishCancelled(lease, details);
    } else {
      await env.store.fail(lease, {
        error: record.error ?? 'the export failed',
        error_code: record.error_code ?? 'EXPORT_THREW',
        details,
      });
    }
  }

  async function publish(record: JobRecord, details: JobDetails): Promise<void> {
    const output = record.output;
    let stored = false;
    try {
      const file = output
        ? await env.storage
            .put(key, output.path, { mimeType: output.mime_type, filename: output.filename, signal: storing.signal })
            .then((object) => {
              stored = true;
              return { key, filename: output.filename, mime_type: object.mimeType, size: object.size, etag: object.etag };
            })
        : null;
      await flushLogs();
      const published = await env.store.complete(lease, { file, details });
      if (!published && stored) await env.storage.delete(key);
      // The delivery queue takes it from here (startDeliveryWorker); the job is done either way.
      const destination = claimed.export?.destination;
      if (published && destination) {
        const message = file ? `the file is due for delivery to ${describeDestination(destination)}` : 'no file was written: nothing to deliver';
        await env.store.appendLogs(job.id, [{ level: 'info', message }]).catch(() => {});
      }
    } catch (error) {
      if (stored && !(await isPublished())) await env.storage.delete(key).catch(() => {});
      if (stopReason === 'cancel') {
        await flushLogs();
        await env.store.finishCancelled(lease, details);
      } else if (stopReason === 'drain') {
        await flushLogs();
        await env.store.release(lease);
      } else if (stopReason !== 'lost') {
        logs.push({ level: 'error', message: `storing the output failed: ${describeThrown(error)}` });
        await flushLogs();
        await env.store.fail(lease, { error: describeThrown(error), error_code: isIdahPluginError(error) ? error.code : 'STORAGE_FAILED', details });
      }
    }
  }

  /**
   * After a failed completion call: did it commit anyway (the answer was lost, not the write)?
   * When the store cannot say, the object is kept: an orphan is better than a published file gone.
   */
  async function isPublished(): Promise<boolean> {
    try {
      return (await env.store.exportsOfJobs([job.id])).some((row) => row.file_id === key);
    } catch {
      env.logger.warn(`job ${job.id}: cannot tell whether ${key} was published; keeping it`);
      return true;
    }
  }

  async function settleFailure(message: string, code: string): Promise<void> {
    await flushLogs();
    if (stopReason === 'lost') return;
    if (stopReason === 'drain') await env.store.release(lease).catch(() => {});
    else await env.store.fail(lease, { error: message, error_code: code }).catch(() => {});
  }

  return { jobId: job.id, stop, done };
}

/**
 * What a running attempt has reported beyond progress: its steps (by name, in order), its
 * latest metrics and its file log's counts with the first entries. `take()` hands over what
 * changed since the last call, as `details` fields of the job (the heartbeat's throttle).
 */
class LiveReports {
  readonly #steps = new Map<string, JsonObject>();
  #metrics: JsonObject | undefined;
  readonly #fileLog = { total: 0, failed: 0, entries: [] as JsonObject[], path: null };
  #changed = new Set<'steps' | 'metrics' | 'file_log'>();

  /** Records a step, metrics or file log event; false for any other event. */
  note(event: JobEvent): boolean {
    if (event.event === 'step') {
      this.#steps.set(event.step.name, { ...event.step } as unknown as JsonObject);
      this.#changed.add('steps');
    } else if (event.event === 'metrics') {
      this.#metrics = JSON.parse(JSON.stringify(event.metrics)) as JsonObject;
      this.#changed.add('metrics');
    } else if (event.event === 'file_log') {
      for (const entry of event.entries) {
        this.#fileLog.total += 1;
        if (entry.status === 'failed') this.#fileLog.failed += 1;
        if (this.#fileLog.entries.length < MAX_FILE_LOG_IN_RECORD) this.#fileLog.entries.push({ ...entry } as unknown as JsonObject);
      }
      this.#changed.add('file_log');
    } else {
      return false;
    }
    return true;
  }

  take(): JobDetails {
    const details: JsonObject = {};
    if (this.#changed.has('steps')) details.steps = [...this.#steps.values()];
    if (this.#changed.has('metrics') && this.#metrics) details.metrics = this.#metrics;
    if (this.#changed.has('file_log')) details.file_log = { ...this.#fileLog, entries: [...this.#fileLog.entries] } as unknown as JsonObject;
    this.#changed = new Set();
    return details;
  }
}
