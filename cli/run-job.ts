// Narrow imports, not the host barrel: `export` forks its child sooner when the CLI loads less.
import { IdahPluginError } from '../runtime/errors.ts';
import { createIsolatedRunner } from '../runtime/isolation/run-export-isolated.ts';
import type { ExportRunner, ExportRunRequest } from '../runtime/jobs/export-runner.ts';
import type { JobEvent, JobRecord } from '../runtime/jobs/job-record.ts';
import { formatLogEntry } from '../runtime/logger.ts';
import type { CliEnvironment } from './environment.ts';
import { type CancellingSignal, onInterrupt } from './interrupt.ts';
import { ProgressBar } from './render/progress-bar.ts';
import { type SkipGroup, SkipWarningGroups } from './render/skip-groups.ts';
import { terminalText } from './render/terminal-text.ts';

export interface CliJobRequest {
  /** An exporter id or a plugin name, resolved where the export runs. */
  exporter: string;
  /** Shown on the progress bar. */
  label: string;
  plugins: ExportRunRequest['plugins'];
  source: ExportRunRequest['source'];
  datasetIds: string[] | 'all';
  entryFilter?: ExportRunRequest['entryFilter'];
  options: unknown;
  outDir: string;
  /** NDJSON events on stdout instead of a progress bar on stderr. */
  json?: boolean;
  /** No progress bar and no info lines: only warnings, errors and the summary. */
  quiet?: boolean;
  /** Keep the whole per-file log beside the output as `<output>.files.ndjson`. */
  keepFileLog?: boolean;
  /** Run in this process instead of a child process (debugging only: a plugin can take the CLI down). */
  inProcess?: boolean;
  timeoutMs?: number;
  memoryLimitMb?: number;
  initTimeoutMs?: number;
}

export interface CliJobResult {
  job: JobRecord;
  /** The signal that cancelled the job, if one did. */
  interruptedBy?: CancellingSignal;
  /** The skip warnings of the run grouped by reason (human output only; `--json` printed each). */
  skipGroups?: SkipGroup[];
  /** What the export threw, where in the plugin and its stack, when it threw. */
  thrown?: Extract<JobEvent, { event: 'thrown' }>;
}

/**
 * Runs an export job for the CLI, isolated in a child process: a progress bar and log lines on
 * stderr (or NDJSON events on stdout); Ctrl-C, SIGTERM and SIGHUP cancel the job, which ends
 * with the child gone and nothing left on disk. Returns the final job record.
 */
export async function runJobForCli(environment: CliEnvironment, request: CliJobRequest): Promise<CliJobResult> {
  const { json } = request;
  const controller = new AbortController();
  let interruptedBy: CancellingSignal | undefined;
  let thrown: CliJobResult['thrown'];
  const stopListening = onInterrupt((signal) => {
    interruptedBy = signal;
    if (!json) environment.stderr.write(`\ncancelling on ${signal} (again to quit at once)...\n`);
    controller.abort(new IdahPluginError('EXPORT_CANCELLED', `cancelled by ${signal}`));
  });
  const bar = json || request.quiet ? undefined : new ProgressBar(environment.stderr, request.label);
  const skips = json ? undefined : new SkipWarningGroups();
  const print = (line: object) => environment.stdout.write(`${JSON.stringify(line)}\n`);
  const runner: ExportRunner = request.inProcess
    ? async (run) => (await import('../runtime/jobs/run-export-in-process.ts')).runExportInProcess(run)
    : createIsolatedRunner({
        ...(request.memoryLimitMb ? { memoryLimitMb: request.memoryLimitMb } : {}),
        ...(request.initTimeoutMs ? { initTimeoutMs: request.initTimeoutMs } : {}),
        onLoaded: (exporter) => bar?.relabel(exporter.name),
      });
  try {
    const job = await runner({
      exporter: request.exporter,
      plugins: request.plugins,
      source: request.source,
      datasetIds: request.datasetIds,
      ...(request.entryFilter ? { entryFilter: request.entryFilter } : {}),
      options: request.options,
      outDir: request.outDir,
      signal: controller.signal,
      keepFileLog: Boolean(request.keepFileLog),
      ...(request.timeoutMs ? { timeoutMs: request.timeoutMs } : {}),
      onEvent: (event: JobEvent) => {
        if (json) print(event.event === 'status' ? { event: 'status', status: event.job.status, job_id: event.job.id } : event);
        else if (event.event === 'thrown') thrown = event;
        else if (event.event === 'progress') bar?.update(event);
        else if (event.event === 'metrics') bar?.setMetrics(event.metrics);
        else if (event.event === 'step') bar?.setStep(event.step.status === 'running' ? event.step.name : undefined);
      },
      logSink: (entry) => {
        if (json) return print({ event: 'log', ...entry });
        if (request.quiet && (entry.level === 'info' || entry.level === 'debug')) return;
        if (skips && !skips.admit(entry)) return;
        bar?.clear();
        environment.stderr.write(`${terminalText(formatLogEntry(entry))}\n`);
      },
    });
    return { job, ...(interruptedBy ? { interruptedBy } : {}), ...(skips ? { skipGroups: skips.groups } : {}), ...(thrown ? { thrown } : {}) };
  } finally {
    stopListening();
    bar?.clear();
  }
}
