import type { FileLogEntry } from '../context/file-log.ts';
import type { LogEntry, LogLevel } from '../logger.ts';
import type { JobEvent } from './job-record.ts';

/** A row of a job's stored log (the service's `job_logs`): numbered, levelled, with the file entry when it is one. */
export interface JobLogRow {
  seq: number;
  level: LogLevel;
  message: string;
  /** The per-file log entry this row came from, or null for a plain log line. */
  file: FileLogEntry | null;
  time: string;
}

/** What a stored log is made of: job events and the log lines a run prints (`{ event: 'log', ...LogEntry }`). */
export type LoggableEvent = JobEvent | ({ event: 'log' } & LogEntry);

const FILE_LEVEL: Record<FileLogEntry['status'], LogLevel> = { success: 'info', failed: 'error', stand_by: 'debug' };

/**
 * The log rows an event makes, numbered from `nextSeq`: one per file entry of a `file_log`
 * event, one per log line, one per step that ended or rolled back; none for other events.
 * The caller keeps the count (`nextSeq` of the next call = last row's seq + 1).
 */
export function jobLogRows(event: LoggableEvent, nextSeq: number): JobLogRow[] {
  const rows = rowsOf(event);
  return rows.map((row, index) => ({ seq: nextSeq + index, ...row }));
}

function rowsOf(event: LoggableEvent): Array<Omit<JobLogRow, 'seq'>> {
  switch (event.event) {
    case 'file_log':
      return event.entries.map((entry) => ({
        level: FILE_LEVEL[entry.status],
        message: `${entry.category} ${entry.file ?? entry.id ?? '(unnamed)'}: ${entry.status}${entry.error ? `: ${entry.error}` : ''}`,
        file: entry,
        time: entry.time,
      }));
    case 'thrown':
      return [{ level: 'error', message: `the export threw${event.location ? ` at ${event.location}` : ''}: ${event.stack ?? event.message}`, file: null, time: new Date().toISOString() }];
    case 'log':
      return [{ level: event.level, message: `[${event.source}] ${event.message}`, file: null, time: event.time }];
    case 'step': {
      const { step } = event;
      if (step.status === 'pending' || step.status === 'running') return [];
      const level: LogLevel = step.status === 'completed' || step.status === 'skipped' || step.status === 'rolled_back' ? 'info' : 'error';
      const took = step.duration_ms !== null && step.status !== 'rolled_back' && step.status !== 'rollback_failed' ? ` in ${step.duration_ms} ms` : '';
      const why = step.status === 'rollback_failed' ? `: ${step.rollback_error}` : step.error && step.status !== 'rolled_back' ? `: ${step.error}` : '';
      return [{ level, message: `step ${step.name} ${step.status.replace('_', ' ')}${took}${why}`, file: null, time: step.finished_at ?? new Date().toISOString() }];
    }
    default:
      return [];
  }
}
