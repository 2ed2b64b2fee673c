import type { JsonObject } from '../../records.ts';
import type { DestinationStatus, ExportRow, JobLogRow, JobRow } from '../job-store.ts';

/** Database values into row fields: times to ISO strings, JSON text parsed, 64-bit counts to numbers. */
type Raw = Record<string, unknown>;

export const toIso = (value: unknown): string | null => {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  return String(value);
};

const toJson = <T>(value: unknown): T | null => {
  if (value === null || value === undefined) return null;
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
};

const toText = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

/** A time the column never leaves empty. */
const toTime = (value: unknown): string => toIso(value) as string;

/** The columns a job and its export row both have, read the same way. */
const sharedColumns = (raw: Raw) => ({
  id: String(raw.id),
  exporter: String(raw.exporter),
  created_at: toTime(raw.created_at),
  updated_at: toTime(raw.updated_at),
  schedule_id: toText(raw.schedule_id),
  schedule_slot: toIso(raw.schedule_slot),
});

export function jobFromRow(raw: Raw): JobRow {
  return {
    ...sharedColumns(raw),
    job_class: String(raw.job_class),
    arguments: toJson(raw.arguments) as JobRow['arguments'],
    priority: Number(raw.priority),
    status: raw.status as JobRow['status'],
    progress: Number(raw.progress),
    retry_count: Number(raw.retry_count),
    error: toText(raw.error),
    error_code: toText(raw.error_code),
    unicity: toText(raw.unicity),
    scheduled_at: toTime(raw.scheduled_at),
    attempt: Number(raw.attempt),
    max_attempts: Number(raw.max_attempts),
    lease_token: toText(raw.lease_token),
    lease_until: toIso(raw.lease_until),
    locked_by: toText(raw.locked_by),
    heartbeat_at: toIso(raw.heartbeat_at),
    cancel_requested_at: toIso(raw.cancel_requested_at),
    started_at: toIso(raw.started_at),
    finished_at: toIso(raw.finished_at),
    logs_truncated: Number(raw.logs_truncated),
    details: toJson<JsonObject>(raw.details) ?? {},
  };
}

export function exportFromRow(raw: Raw): ExportRow {
  return {
    ...sharedColumns(raw),
    job_id: String(raw.job_id),
    project_id: toText(raw.project_id),
    created_by_id: toText(raw.created_by_id),
    file_id: toText(raw.file_id),
    filename: toText(raw.filename),
    mime_type: toText(raw.mime_type),
    size: Number(raw.size),
    etag: toText(raw.etag),
    status: raw.status as ExportRow['status'],
    expires_at: toIso(raw.expires_at),
    deleted_at: toIso(raw.deleted_at),
    destination: toJson<ExportRow['destination']>(raw.destination),
    destination_status: (toText(raw.destination_status) ?? 'none') as DestinationStatus,
    destination_error: toText(raw.destination_error),
    destination_attempts: Number(raw.destination_attempts ?? 0),
    destination_max_attempts: Number(raw.destination_max_attempts ?? 0),
    destination_next_at: toIso(raw.destination_next_at),
    destination_lease_until: toIso(raw.destination_lease_until),
    destination_locked_by: toText(raw.destination_locked_by),
    delivered_at: toIso(raw.delivered_at),
    delivered_to: toText(raw.delivered_to),
    since: toIso(raw.since),
    watermark: toIso(raw.watermark),
  };
}

export function logFromRow(raw: Raw): JobLogRow {
  return {
    job_id: String(raw.job_id),
    seq: Number(raw.seq),
    at: toTime(raw.at),
    level: raw.level as JobLogRow['level'],
    message: String(raw.message),
    file: toJson<JsonObject>(raw.file),
  };
}
