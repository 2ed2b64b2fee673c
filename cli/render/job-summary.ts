import type { Writable } from 'node:stream';
import { relative } from 'node:path';
import type { JobRecord } from '../../runtime/index.ts';
import { formatBytes, formatDuration } from './format.ts';
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
    return;
  }
  stream.write(`${job.status} after ${duration}: ${terminalText(job.error ?? 'no message')}\n`);
  if (job.retry_count > 0) stream.write(`  rescheduled ${job.retry_count} time(s)\n`);
}
