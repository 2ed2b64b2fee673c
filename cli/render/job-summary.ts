import type { Writable } from 'node:stream';
import { relative } from 'node:path';
import type { JobRecord } from '../../runtime/host.ts';
import { entryFilterText } from './entry-filter-text.ts';
import { formatBytes, formatDuration, formatMetrics } from './format.ts';
import { type SkipGroup, skipGroupsOfRecord, skipSummaryLines } from './skip-groups.ts';
import { terminalText } from './terminal-text.ts';

/** The lines a person reads when a job ends: outcome, duration and where the output is. */
export interface SummaryDetails {
  skipGroups?: SkipGroup[];
  /** Where the plugin threw (`file:line:column`) and its stack. */
  thrown?: { location: string | null; stack: string | null };
  /** Print the stack of what the plugin threw. */
  verbose?: boolean;
}

export function printJobSummary(stream: Writable, job: JobRecord, cwd = process.cwd(), details: SummaryDetails = {}): void {
  const { skipGroups, thrown } = details;
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
    printWhere(stream, job);
    printSkipped(stream, job, skipGroups);
    printReports(stream, job, cwd);
    return;
  }
  stream.write(`${job.status} after ${duration}: ${terminalText(job.error ?? 'no message')}\n`);
  if (thrown?.location) stream.write(`  at      ${terminalText(shownPath(thrown.location, cwd))}${job.plugin ? ` (plugin ${terminalText(job.plugin)})` : ''}\n`);
  if (thrown?.stack && details.verbose) stream.write(`${terminalText(thrown.stack, { keepNewlines: true }).replace(/^/gm, '    ')}\n`);
  else if (thrown?.stack) stream.write('  (--verbose prints the stack)\n');
  if (job.retry_count > 0) stream.write(`  rescheduled ${job.retry_count} time(s)\n`);
  printWhere(stream, job);
  printSkipped(stream, job, skipGroups);
  printReports(stream, job, cwd);
}

/** The entries the run was limited to (`--where`), as the clauses that say it. */
function printWhere(stream: Writable, job: JobRecord): void {
  const filter = job.arguments.entry_filter;
  if (filter) stream.write(`  where   ${terminalText(entryFilterText(filter))}\n`);
}

/** A path relative to the current folder when it is inside it, else as it is. */
function shownPath(path: string, cwd: string): string {
  const shown = relative(cwd, path);
  return shown && !shown.startsWith('..') ? shown : path;
}

/** One line per reason things were skipped, from the run's log when it was watched, else from the record. */
function printSkipped(stream: Writable, job: JobRecord, skipGroups: SkipGroup[] | undefined): void {
  const lines = skipGroups && skipGroups.length > 0
    ? skipSummaryLines(skipGroups, job.skipped_total)
    : skipSummaryLines(skipGroupsOfRecord(job), job.skipped_total, Infinity);
  for (const line of lines) stream.write(`${line}\n`);
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
