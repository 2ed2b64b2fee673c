import { terminalText } from './terminal-text.ts';
import type { ApiResource } from '../../runtime/service/client/sync-client.ts';

/** Left-aligned columns, two spaces apart. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((name, column) => Math.max(name.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));
const percent = (value: unknown) => `${Math.round(Number(value ?? 0) * 100)}%`;

export function jobsTable(jobs: ApiResource[]): string {
  if (jobs.length === 0) return 'no jobs\n';
  return table(
    ['ID', 'STATUS', 'PROGRESS', 'EXPORTER', 'CREATED', 'ERROR'],
    jobs.map((job) => [job.id, text(job.attributes.status), percent(job.attributes.progress), text(job.attributes.exporter), text(job.attributes.created_at), text(job.attributes.error)]),
  );
}

export function jobDetails(job: ApiResource): string {
  const a = job.attributes;
  const lines = [
    `job ${job.id}`,
    `  status    ${text(a.status)}${a.cancel_requested_at ? ' (cancel requested)' : ''}`,
    `  progress  ${percent(a.progress)}${a.entries_total ? ` (${text(a.entries_read)}/${text(a.entries_total)} entries)` : ''}`,
    `  exporter  ${text(a.exporter)}`,
    `  attempt   ${text(a.attempt)} of ${text(a.max_attempts)}, reschedules ${text(a.retry_count)}`,
    `  created   ${text(a.created_at)}`,
    `  started   ${text(a.started_at)}`,
    `  finished  ${text(a.finished_at)}`,
  ];
  if (a.error) lines.push(`  error     ${text(a.error)} [${text(a.error_code)}]`);
  return `${lines.join('\n')}\n`;
}

const size = (bytes: unknown) => {
  const value = Number(bytes ?? 0);
  if (value < 1024) return `${value} B`;
  if (value < 1024 * 1024) return `${(value / 1024).toFixed(1)} KiB`;
  return `${(value / 1024 / 1024).toFixed(1)} MiB`;
};

/** `delivered`, `failed: <error>`, `pending (2 of 4)`; empty without a destination. */
function deliveryOf(row: ApiResource): string {
  const status = text(row.attributes.destination_status);
  if (!status || status === 'none') return '';
  // The error quotes the receiver's body: escaped, so a remote server cannot drive the terminal.
  if (status === 'failed') return `failed: ${terminalText(text(row.attributes.destination_error))}`;
  if (status === 'pending' && Number(row.attributes.destination_attempts) > 0) {
    return `pending (${text(row.attributes.destination_attempts)} of ${text(row.attributes.destination_max_attempts)} failed)`;
  }
  return status;
}

export function exportsTable(exports: ApiResource[], jobs: ApiResource[]): string {
  if (exports.length === 0) return 'no exports\n';
  const statusOf = new Map(jobs.map((job) => [job.id, text(job.attributes.status)]));
  return table(
    ['ID', 'JOB', 'JOB STATUS', 'FILE', 'SIZE', 'CREATED', 'STATE', 'DELIVERY'],
    exports.map((row) => [row.id, text(row.attributes.job_id), statusOf.get(text(row.attributes.job_id)) ?? '', text(row.attributes.filename), size(row.attributes.size), text(row.attributes.created_at), text(row.attributes.status), deliveryOf(row)]),
  );
}

export function schedulesTable(schedules: ApiResource[]): string {
  if (schedules.length === 0) return 'no schedules\n';
  return table(
    ['ID', 'NAME', 'CRON', 'TIME ZONE', 'STATUS', 'NEXT RUN', 'EXPORTER', 'INCREMENTAL'],
    schedules.map((row) => {
      const a = row.attributes;
      return [row.id, text(a.name), text(a.cron), text(a.timezone), text(a.status), text(a.next_run_at), text(a.exporter), a.incremental ? 'yes' : 'no'];
    }),
  );
}
