import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { ExportContext, type RequestedStop } from '../context/export-context.ts';
import { ExportFailureSignal, RescheduleSignal } from '../context/control-signals.ts';
import { emptyFileLog } from '../context/file-log.ts';
import { ProgressTracker } from '../context/progress.ts';
import { describeThrown, IdahPluginError, isIdahPluginError } from '../errors.ts';
import type { Exporter, ExporterClass, ModalitySelector } from '../exporter.ts';
import type { EntryFilter } from '../sources/filters.ts';
import type { ExportStep } from '../steps/export-step.ts';
import { ExportIoView } from '../io/export-io.ts';
import { IoContext } from '../io/io-context.ts';
import { publishOutput } from '../io/publish.ts';
import { slugify } from '../io/slugify.ts';
import { createStagingFolder } from '../io/staging.ts';
import { createLogger, type LogSink, stderrSink } from '../logger.ts';
import type { DataSource } from '../sources/data-source.ts';
import { exporterSteps } from '../steps/exporter-steps.ts';
import { StepWorkflow } from '../steps/step-workflow.ts';
import { AttemptReports } from './attempt-reports.ts';
import { createJobRecord, type JobEvent, type JobOutput, type JobRecord, type JobStatus, MAX_SKIPPED_IN_RECORD } from './job-record.ts';
import { checkModalities, resolveDatasets } from './resolve-datasets.ts';
import { pluginLocationOf } from './thrown-location.ts';
import { validateOptions } from './validate-options.ts';

export interface ExportJobRequest {
  /** The exporter to run: its id (`Module::Class`), class, plugin, and the modalities it serves. */
  exporter: { id: string; exporterClass: ExporterClass; plugin?: { name: string }; selector?: ModalitySelector };
  source: DataSource;
  datasetIds: readonly string[] | 'all';
  /** The entry filter `source` is already narrowed by, recorded in the job's arguments. */
  entryFilter?: EntryFilter;
  options?: unknown;
  /** Where the output is published on success. */
  outDir: string;
  signal?: AbortSignal;
  onEvent?: (event: JobEvent) => void;
  logSink?: LogSink;
  /** How many times an export may reschedule itself (default 5). */
  maxReschedules?: number;
  /**
   * What `context.reschedule()` does: `wait` (default) sleeps and runs again in this call;
   * `return` ends the call with the record `pending`, `scheduled_at` set and `retry_count`
   * counted, for a queue to run again later.
   */
  reschedule?: 'wait' | 'return';
  /** The job's id when a queue already gave it one (default a new uuid v7). */
  jobId?: string;
  /** Reschedules the job already had before this call (a queue's earlier runs). */
  retryCount?: number;
  /** Where each run's io area is made (default the OS temp folder). */
  workRoot?: string;
  batchSize?: number;
  /** Keep the whole per-file log beside the output as `<output>.files.ndjson` (see AttemptReports.keepBeside). */
  keepFileLog?: boolean;
  /** How long a cancelled step may take to stop before its rollback starts anyway (default 5 s). */
  cancelGraceMs?: number;
}

const DEFAULT_BATCH_SIZE = 1000;

/**
 * Runs an export as a job: pending -> running -> completed | errored | cancelled.
 * The output is staged and published only on success; the io area is removed in every outcome.
 * Never throws: every failure ends in the returned record.
 */
export async function runExportJob(request: ExportJobRequest): Promise<JobRecord> {
  const signal = request.signal ?? new AbortController().signal;
  const job = createJobRecord({
    jobId: request.jobId,
    exporterId: request.exporter.id,
    plugin: request.exporter.plugin?.name ?? null,
    datasetIds: request.datasetIds,
    options: request.options,
    entryFilter: request.entryFilter,
    retryCount: request.retryCount,
  });

  const emit = (event: JobEvent) => {
    try {
      request.onEvent?.(event);
    } catch {
      // A listener's failure must not change the job's outcome.
    }
  };
  const setStatus = (status: JobStatus, changes: Partial<JobRecord> = {}) => {
    Object.assign(job, changes, { status, updated_at: new Date().toISOString() });
    if (status === 'running') job.started_at ??= job.updated_at;
    if (status === 'completed' || status === 'errored' || status === 'cancelled') job.finished_at = job.updated_at;
    emit({ event: 'status', job: { ...job } });
  };
  emit({ event: 'status', job: { ...job } });

  const maxReschedules = request.maxReschedules ?? 5;
  for (;;) {
    setStatus('running');
    const outcome = await runAttempt(request, job, signal, emit);
    if (outcome.kind === 'completed') return finish(setStatus, job, 'completed', { output: outcome.output, progress: 1 });
    if (signal.aborted) return finish(setStatus, job, 'cancelled', { error: 'cancelled', error_code: 'EXPORT_CANCELLED' });
    if (outcome.kind === 'errored') {
      return finish(setStatus, job, 'errored', { error: outcome.error, error_code: outcome.code, error_plugin: outcome.plugin });
    }
    if (job.retry_count >= maxReschedules) {
      return finish(setStatus, job, 'errored', {
        error: `the export rescheduled itself more than ${maxReschedules} times; giving up`,
        error_code: 'RESCHEDULE_LIMIT',
      });
    }
    setStatus('pending', {
      retry_count: job.retry_count + 1,
      scheduled_at: new Date(Date.now() + outcome.afterMs).toISOString(),
    });
    if (request.reschedule === 'return') return { ...job };
    try {
      await sleep(outcome.afterMs, undefined, { signal });
    } catch {
      return finish(setStatus, job, 'cancelled', { error: 'cancelled', error_code: 'EXPORT_CANCELLED' });
    }
  }
}

function finish(
  setStatus: (status: JobStatus, changes?: Partial<JobRecord>) => void,
  job: JobRecord,
  status: JobStatus,
  changes: Partial<JobRecord>,
): JobRecord {
  setStatus(status, changes);
  return { ...job };
}

type AttemptOutcome =
  | { kind: 'completed'; output: JobOutput | null }
  /** `plugin`: the plugin the error names (its code threw, or it said so), if any. */
  | { kind: 'errored'; error: string; code: string; plugin: string | null }
  | { kind: 'rescheduled'; afterMs: number };

async function runAttempt(
  request: ExportJobRequest,
  job: JobRecord,
  signal: AbortSignal,
  emit: (event: JobEvent) => void,
): Promise<AttemptOutcome> {
  const pluginName = request.exporter.plugin?.name;
  const logger = createLogger(pluginName ?? request.exporter.id, request.logSink ?? stderrSink);
  let workDir: string | undefined;
  let io: IoContext | undefined;
  let tracker: ProgressTracker | undefined;
  let context: ExportContext<unknown> | undefined;
  let reports: AttemptReports | undefined;
  let workflow: StepWorkflow | undefined;
  let published: JobOutput | null = null;
  const requestedStop: RequestedStop = {};
  Object.assign(job, { steps: [], metrics: {}, file_log: emptyFileLog() });
  try {
    const exporter = new request.exporter.exporterClass();
    const steps = exporterSteps(exporter, pluginName);
    const options = validateOptions(exporter.options, request.options, pluginName);
    const datasets = await resolveDatasets(request.source, request.datasetIds);
    checkModalities(datasets, request.exporter.selector, request.exporter.id, pluginName);
    const counts = await Promise.all(datasets.map((dataset) => request.source.countEntries(dataset.id, {})));
    tracker = new ProgressTracker({
      entryCounts: new Map(datasets.map((dataset, index) => [dataset.id, counts[index] ?? 0])),
      report: (value) => {
        job.progress = value;
        emit({
          event: 'progress',
          job_id: job.id,
          progress: value,
          entries_read: tracker?.entriesRead ?? 0,
          entries_total: tracker?.totalEntries ?? 0,
        });
      },
    });
    workDir = await createStagingFolder(request.workRoot ?? tmpdir());
    reports = new AttemptReports(job, workDir, emit, () => workflow?.currentStep ?? 'file');
    io = new IoContext({
      workDir,
      exporterSlug: slugify(exporter.name || request.exporter.exporterClass.name),
      now: new Date(),
      plugin: pluginName,
      beforeZip: reports.writeErrorFileList,
    });
    context = new ExportContext({
      datasets,
      options,
      io: new ExportIoView(io),
      logger,
      plugin: pluginName,
      onSkipped: (item) => {
        job.skipped_total += 1;
        if (job.skipped.length < MAX_SKIPPED_IN_RECORD) job.skipped.push(item);
      },
      read: {
        source: request.source,
        signal,
        progress: tracker,
        batchSize: request.batchSize ?? request.source.preferredBatchSize ?? DEFAULT_BATCH_SIZE,
      },
      metrics: reports.metrics,
      fileLog: reports.fileLog,
      requestedStop,
    });
    const started = context;
    if (steps) {
      workflow = new StepWorkflow({
        steps: steps as ReadonlyArray<ExportStep<unknown>>,
        context,
        progress: tracker,
        signal,
        ...(request.cancelGraceMs !== undefined ? { cancelGraceMs: request.cancelGraceMs } : {}),
        onChange: (step) => {
          job.steps = job.steps.map((record) => (record.name === step.name ? step : record));
          emit({ event: 'step', job_id: job.id, step });
        },
      });
      job.steps = workflow.records;
      await workflow.run();
    } else {
      await untilAborted(Promise.resolve().then(() => (exporter as Exporter<unknown>).export(started)), signal);
    }
    const stop = stopOutcome(requestedStop.signal);
    if (stop) {
      // A stop the exporter asked for and then swallowed still undoes the steps.
      await workflow?.rollback();
      return stop;
    }
    signal.throwIfAborted();
    const staged = await io.finalize(signal);
    signal.throwIfAborted();
    const output = staged ? await publishOutput(staged, request.outDir, { signal, ...(pluginName ? { plugin: pluginName } : {}) }) : null;
    published = output;
    tracker.complete();
    return { kind: 'completed', output };
  } catch (thrown) {
    tracker?.stop();
    // Steps that all ran are rolled back too when what came after them (zip, publish) failed.
    await workflow?.rollback();
    // What the exporter asked for wins over what it threw afterwards.
    const stop = stopOutcome(requestedStop.signal) ?? stopOutcome(thrown);
    if (stop) return stop;
    if (!signal.aborted) {
      const stack = thrown instanceof Error && typeof thrown.stack === 'string' ? thrown.stack : null;
      emit({ event: 'thrown', job_id: job.id, message: describeThrown(thrown), location: pluginLocationOf(thrown) ?? null, stack });
    }
    // An IdahPluginError names its plugin (or none, when the host failed); anything else came from the exporter's code.
    if (isIdahPluginError(thrown)) return { kind: 'errored', error: describeThrown(thrown), code: thrown.code, plugin: thrown.plugin ?? null };
    return { kind: 'errored', error: describeThrown(thrown), code: 'EXPORT_THREW', plugin: pluginName ?? null };
  } finally {
    await reports?.close();
    if (request.keepFileLog) await reports?.keepBeside(request.outDir, published).catch(() => {});
    await io?.dispose().catch(() => {});
    if (workDir) await rm(workDir, { recursive: true, force: true }).catch(() => {});
  }
}

function stopOutcome(stop: unknown): AttemptOutcome | undefined {
  if (stop instanceof ExportFailureSignal) return { kind: 'errored', error: stop.message, code: stop.code, plugin: stop.plugin ?? null };
  if (stop instanceof RescheduleSignal) return { kind: 'rescheduled', afterMs: stop.afterMs };
  return undefined;
}

/** Stops waiting for an export that ignores cancellation: the job ends when the signal fires. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    // The export's own rejection (it sees the same signal) must not go unhandled: that ends the process.
    work.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason ?? new IdahPluginError('EXPORT_CANCELLED', 'cancelled'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
