import {
  type DataSource,
  type ExporterRegistration,
  formatLogEntry,
  IdahPluginError,
  type JobEvent,
  type JobRecord,
  runExportJob,
} from '../runtime/index.ts';
import type { CliEnvironment } from './environment.ts';
import { onInterrupt } from './interrupt.ts';
import { ProgressBar } from './render/progress-bar.ts';
import { terminalText } from './render/terminal-text.ts';

export interface CliJobRequest {
  registration: ExporterRegistration;
  source: DataSource;
  datasetIds: string[] | 'all';
  options: unknown;
  outDir: string;
  /** NDJSON events on stdout instead of a progress bar on stderr. */
  json?: boolean;
}

/**
 * Runs an export job for the CLI: a progress bar and log lines on stderr (or NDJSON events on
 * stdout), and Ctrl-C cancels the job cleanly. Returns the final job record.
 */
export async function runJobForCli(environment: CliEnvironment, request: CliJobRequest): Promise<JobRecord> {
  const { json } = request;
  const controller = new AbortController();
  const stopListening = onInterrupt(() => {
    if (!json) environment.stderr.write('\ncancelling (Ctrl-C again to quit at once)...\n');
    controller.abort(new IdahPluginError('EXPORT_CANCELLED', 'cancelled by the user (Ctrl-C)'));
  });
  const bar = json ? undefined : new ProgressBar(environment.stderr, request.registration.name);
  const print = (line: object) => environment.stdout.write(`${JSON.stringify(line)}\n`);
  try {
    return await runExportJob({
      exporter: request.registration,
      source: request.source,
      datasetIds: request.datasetIds,
      options: request.options,
      outDir: request.outDir,
      signal: controller.signal,
      onEvent: (event: JobEvent) => {
        if (json) print(event.event === 'status' ? { event: 'status', status: event.job.status, job_id: event.job.id } : event);
        else if (event.event === 'progress') bar?.update(event);
      },
      logSink: (entry) => {
        if (json) return print({ event: 'log', ...entry });
        bar?.clear();
        environment.stderr.write(`${terminalText(formatLogEntry(entry))}\n`);
      },
    });
  } finally {
    stopListening();
    bar?.clear();
  }
}
