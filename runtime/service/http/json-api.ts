import type { ExportRow, JobRow } from '../../queue/job-store.ts';

export const JOB_TYPE = 'sync:jobs';
export const EXPORT_TYPE = 'sync:exports';
export const DATASET_TYPE = 'dataset:datasets';

export interface Resource {
  type: string;
  id: string;
  attributes: Record<string, unknown>;
  relationships?: Record<string, { data: { type: string; id: string } | Array<{ type: string; id: string }> }>;
}

/** What a client never sees of a job: the lease token is a capability of its worker. */
const HIDDEN_JOB_FIELDS = new Set(['id', 'lease_token', 'details']);

/** The attributes `fields[sync:jobs]` may name. */
export const JOB_ATTRIBUTES = [
  'job_class', 'arguments', 'priority', 'status', 'progress', 'retry_count', 'error', 'error_code', 'error_plugin', 'plugin', 'unicity',
  'scheduled_at', 'created_at', 'updated_at', 'exporter', 'attempt', 'max_attempts', 'lease_until', 'locked_by',
  'heartbeat_at', 'cancel_requested_at', 'started_at', 'finished_at', 'logs_truncated',
  'entries_read', 'entries_total', 'skipped', 'skipped_total', 'schedule_id', 'schedule_slot',
] as const;

export const EXPORT_ATTRIBUTES = [
  'job_id', 'project_id', 'created_by_id', 'file_id', 'filename', 'mime_type', 'size', 'created_at', 'updated_at',
  'exporter', 'etag', 'status', 'expires_at', 'deleted_at', 'destination', 'destination_status', 'destination_error',
  'destination_attempts', 'destination_max_attempts', 'destination_next_at', 'destination_lease_until', 'destination_locked_by',
  'delivered_at', 'delivered_to', 'schedule_id', 'schedule_slot', 'since', 'watermark',
] as const;

function pick(attributes: Record<string, unknown>, fields: string[] | undefined): Record<string, unknown> {
  if (!fields) return attributes;
  return Object.fromEntries(Object.entries(attributes).filter(([name]) => fields.includes(name)));
}

/** A job as IDAH's `sync:jobs` record; the details (progress counts, skipped) join the attributes. */
export function jobResource(job: JobRow, options: { fields?: string[]; exports?: ExportRow[] } = {}): Resource {
  const attributes: Record<string, unknown> = { ...job.details };
  for (const [name, value] of Object.entries(job)) if (!HIDDEN_JOB_FIELDS.has(name)) attributes[name] = value;
  return {
    type: JOB_TYPE,
    id: job.id,
    attributes: pick(attributes, options.fields),
    ...(options.exports
      ? { relationships: { exports: { data: options.exports.map((row) => ({ type: EXPORT_TYPE, id: row.id })) } } }
      : {}),
  };
}

/** An export as IDAH's `sync:exports` record; `job` is always linked (a belongs_to). */
export function exportResource(row: ExportRow, options: { fields?: string[] } = {}): Resource {
  const { id, ...attributes } = row;
  return {
    type: EXPORT_TYPE,
    id,
    attributes: pick(attributes, options.fields),
    relationships: { job: { data: { type: JOB_TYPE, id: row.job_id } } },
  };
}
