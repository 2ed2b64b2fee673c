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

export function jobFromRow(raw: Raw): JobRow {
  return {
    id: String(raw.id),
    job_class: String(raw.job_class),
    arguments: toJson(raw.arguments) as JobRow['arguments'],
    priority: Number(raw.priority),
    status: raw.status as JobRow['status'],
    progress: Number(raw.progress),
    retry_count: Number(raw.retry_count),
    error: toText(raw.error),
    error_code: toText(raw.error_code),
    unicity: toText(raw.unicity),
    scheduled_at: toIso(raw.scheduled_at) as string,
    created_at: toIso(raw.created_at) as string,
    updated_at: toIso(raw.updated_at) as string,
    exporter: String(raw.exporter),
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
    schedule_id: toText(raw.schedule_id),
    schedule_slot: toIso(raw.schedule_slot),
  };
}

export function exportFromRow(raw: Raw): ExportRow {
  return {
    id: String(raw.id),
    job_id: String(raw.job_id),
    project_id: toText(raw.project_id),
    created_by_id: toText(raw.created_by_id),
    file_id: toText(raw.file_id),
    filename: toText(raw.filename),
    mime_type: toText(raw.mime_type),
    size: Number(raw.size),
    created_at: toIso(raw.created_at) as string,
    updated_at: toIso(raw.updated_at) as string,
    exporter: String(raw.exporter),
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
    schedule_id: toText(raw.schedule_id),
    schedule_slot: toIso(raw.schedule_slot),
    since: toIso(raw.since),
    watermark: toIso(raw.watermark),
  };
}

export function logFromRow(raw: Raw): JobLogRow {
  return {
    job_id: String(raw.job_id),
    seq: Number(raw.seq),
    at: toIso(raw.at) as string,
    level: raw.level as JobLogRow['level'],
    message: String(raw.message),
    file: toJson<JsonObject>(raw.file),
  };
}
