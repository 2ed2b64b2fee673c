/**
 * The platform's records. They are data and keep IDAH's wire names exactly
 * (reference §6), so they round-trip into outputs unchanged.
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface DatasetRecord {
  id: string;
  name: string;
  modality: string;
  project_id?: string | null;
  labels?: JsonValue;
  labeling_configuration?: JsonValue;
  workflow_configuration?: JsonValue;
  status?: string | null;
  progress?: number | null;
  entries_count?: number | null;
  created_at?: string | null;
  updated_at?: string | null;
  /** Other attributes (`entries_*_count`, ...) travel as they came. */
  [attribute: string]: JsonValue | undefined;
}

export interface EntryRecord {
  id: string;
  dataset_id: string;
  project_id?: string | null;
  name?: string | null;
  priority?: number | null;
  wf_step?: string | null;
  status?: string | null;
  job_id?: string | null;
  resource?: string | null;
  assigned_to_id?: string | null;
  submitted_by_id?: string | null;
  reviewed_by_id?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
  [attribute: string]: JsonValue | undefined;
}

/** `type` is plugin-prefixed (`idah-image:polygon`); the rest is geometry normalised to [0, 1]. */
export interface Dimensions {
  type: string;
  [geometry: string]: JsonValue;
}

export interface AnnotationPayload {
  category?: string;
  [field: string]: JsonValue | undefined;
}

export interface AnnotationRecord {
  id: string;
  entry_id: string;
  dataset_id?: string | null;
  project_id?: string | null;
  dimensions: Dimensions;
  annotation: AnnotationPayload;
  metadata?: JsonObject | null;
  created_by_email?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
}

export interface MediaRecord {
  id: string;
  /** The entry's resource this media belongs to. */
  resource: string;
  /** "" is the original file; other keys are derived renditions. */
  key: string;
  filename: string;
  size?: number | null;
  mime_type?: string | null;
  meta?: JsonObject | null;
  created_at?: string | null;
  updated_at?: string | null;
}
