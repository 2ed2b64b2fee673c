import type { Writable } from 'node:stream';
import { relative } from 'node:path';
import type { JobRecord } from '../../runtime/host.ts';
import { formatBytes, formatDuration, formatMetrics } from './format.ts';
import { terminalText } from './terminal-text.ts';

/** The lines a person reads when a job ends: outcome, duration and where the output is. */
export function printJobSummary(stream: Writable, job: JobRecord, cwd = process.cwd()): void {
  const started = job.started_at ? Date.parse(job.started_at) : Date.parse(job.created_at);
  const duration = formatDuration(Date.parse(job.finished_at ?? job.updated_at) - started);
  if (job.status === 'completed') {
    stream.write(`completed in ${duration} (${terminalText(job.exporter)})\n`);
    if (job.output) {
      const shown = relative(cwd, job.output.path) || job.output.path;
      stream.write(`  output  ${terminalText(shown.startsWith('..') ? job.output.path : shown)}\n`);
      stream.write(`  size    ${formatBytes(job.output.size)} (${terminalText(job.output.mime_type)})\n`);
    } else {
      stream.write('  the exporter wrote no file\n');
    }
    if (job.skipped_total > 0) stream.write(`  skipped ${job.skipped_total} item(s) or annotation(s); see the log and the job record\n`);
    printReports(stream, job, cwd);
    return;
  }
  stream.write(`${job.status} after ${duration}: ${terminalText(job.error ?? 'no message')}\n`);
  if (job.retry_count > 0) stream.write(`  rescheduled ${job.retry_count} time(s)\n`);
  printReports(stream, job, cwd);
}

/** Steps that did not complete, the counters, and the per-file log's outcome. */
function printReports(stream: Writable, job: JobRecord, cwd: string): void {
  for (const step of job.steps ?? []) {
    if (step.status === 'completed' || step.status === 'skipped') continue;
    const why = step.rollback_error ?? step.error;
    stream.write(`  step    ${step.name}: ${step.status.replace('_', ' ')}${why ? ` (${why})` : ''}\n`);
  }
  const metrics = formatMetrics(job.metrics ?? {});
  if (metrics) stream.write(`  metrics ${metrics}\n`);
  const log = job.file_log;
  if (!log || log.total === 0) return;
  const where = log.path ? `; all in ${relative(cwd, log.path) || log.path}` : log.failed > 0 ? '; --file-log keeps them all' : '';
  stream.write(`  files   ${log.total} logged, ${log.failed} failed${where}\n`);
}
