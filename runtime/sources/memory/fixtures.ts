import type {
  AnnotationRecord,
  DatasetRecord,
  EntryRecord,
  JsonObject,
} from '../../records.ts';
import type { MemoryMedia, MemorySourceData } from './memory-source.ts';

/** Plain objects describing test data; every id and timestamp left out is generated. */
export interface MediaFixture {
  id?: string;
  key?: string;
  filename: string;
  mime_type?: string;
  data: Buffer | Uint8Array | string;
  meta?: Record<string, unknown>;
}

/** A normalised point `[x, y]`: x by the image's width, y by its height (IDAH does not clamp). */
export type FixturePoint = [number, number];

/**
 * The `dimensions` IDAH's image plugin stores (runtime/formats/README.md). The shape helpers of
 * `idah-plugin/testing` (`imageBox`, `imageCircle`, ...) build them.
 */
export type IdahImageDimensions =
  /** The unrotated rectangle's corners tl, tr, br, bl; `angle` radians, clockwise, about the centre. */
  | { type: 'idah-image:bounding-box'; points: [FixturePoint, FixturePoint, FixturePoint, FixturePoint]; angle: number }
  | { type: 'idah-image:polygon'; points: FixturePoint[] }
  | { type: 'idah-image:line'; points: [FixturePoint, FixturePoint] }
  /** The centre; `radius` by min(width, height). */
  | { type: 'idah-image:circle'; points: [FixturePoint]; radius: number }
  /** The centre, then the half-axes `[rx, ry]` (rx by width, ry by height). */
  | { type: 'idah-image:ellipse'; points: [FixturePoint, FixturePoint]; angle: number }
  /** 128-pixel tiles `tile-<col>x<row>`, each `{ rle }` (base64 run lengths); a missing tile is empty. */
  | { type: 'idah-image:mask'; points: []; [tile: `tile-${number}x${number}`]: { rle: string } }
  /** An entry-level classification: no geometry. */
  | { type: 'entry:root' };

/** `labeling_configuration` of a dataset: per shape type, category values and properties. */
export type LabelingConfigurationFixture = Record<
  string,
  {
    values: Array<{ id: string; label: string; color?: string | null; text_color?: string | null; [key: string]: unknown }>;
    properties: Array<{ id: string; label: string; type: string; format?: Record<string, unknown>; [key: string]: unknown }>;
  }
>;

export interface AnnotationFixture {
  id?: string;
  /** `type` and the geometry, as IDAH stores them (IdahImageDimensions for images); values must be JSON. */
  dimensions: IdahImageDimensions | { type: string; [geometry: string]: unknown };
  /** IDAH's value: `category` is a labeling-configuration id (`vehicles/car`), `attributes` holds the properties by id. */
  annotation: { category?: string; attributes?: Record<string, unknown>; [field: string]: unknown };
  metadata?: Record<string, unknown>;
  created_by_email?: string;
  created_at?: string;
  updated_at?: string;
}

export interface EntryFixture {
  id?: string;
  name?: string;
  status?: string;
  resource?: string;
  priority?: number;
  wf_step?: string;
  annotations?: AnnotationFixture[];
  medias?: MediaFixture[];
  [attribute: string]: unknown;
}

export interface DatasetFixture {
  id?: string;
  name?: string;
  modality?: string;
  /** Where category ids get their labels (`categoryLabelsOf`). */
  labeling_configuration?: LabelingConfigurationFixture;
  entries?: EntryFixture[];
  [attribute: string]: unknown;
}

/** Timestamps fixtures get when they give none: fixed, so outputs are reproducible. */
export const FIXTURE_TIMESTAMP = '2026-01-01T00:00:00.000Z';
export const DEFAULT_FIXTURE_MODALITY = 'idah-image';

const pad = (value: number, width: number) => String(value).padStart(width, '0');

const MIME_BY_EXTENSION: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  json: 'application/json',
  txt: 'text/plain',
  mp4: 'video/mp4',
};

function guessMimeType(filename: string): string {
  const extension = filename.split('.').pop()?.toLowerCase() ?? '';
  return MIME_BY_EXTENSION[extension] ?? 'application/octet-stream';
}

/** Turns fixtures into the records a source holds. Ids sort in fixture order. */
export function recordsFromFixtures(fixtures: readonly DatasetFixture[]): MemorySourceData {
  const data: MemorySourceData = { datasets: [], entries: [], annotations: [], medias: [] };
  fixtures.forEach((fixture, datasetIndex) => {
    const { entries = [], ...datasetAttributes } = fixture;
    const datasetId = fixture.id ?? `dataset-${pad(datasetIndex + 1, 3)}`;
    const dataset: DatasetRecord = {
      created_at: FIXTURE_TIMESTAMP,
      updated_at: FIXTURE_TIMESTAMP,
      ...(datasetAttributes as Partial<DatasetRecord>),
      id: datasetId,
      name: fixture.name ?? datasetId,
      modality: fixture.modality ?? DEFAULT_FIXTURE_MODALITY,
      entries_count: entries.length,
    };
    data.datasets.push(dataset);
    entries.forEach((entryFixture, entryIndex) => addEntry(data, dataset, entryFixture, entryIndex));
  });
  return data;
}

function addEntry(data: MemorySourceData, dataset: DatasetRecord, fixture: EntryFixture, index: number): void {
  const { annotations = [], medias = [], ...attributes } = fixture;
  const entryId = fixture.id ?? `${dataset.id}-entry-${pad(index + 1, 6)}`;
  const entry: EntryRecord = {
    name: entryId,
    status: 'completed',
    created_at: FIXTURE_TIMESTAMP,
    updated_at: FIXTURE_TIMESTAMP,
    ...(attributes as Partial<EntryRecord>),
    id: entryId,
    dataset_id: dataset.id,
    resource: fixture.resource ?? (medias.length > 0 ? `resource-${entryId}` : null),
  };
  if (dataset.project_id !== undefined) entry.project_id ??= dataset.project_id;
  data.entries.push(entry);
  annotations.forEach((annotation, annotationIndex) => {
    const record: AnnotationRecord = {
      created_at: FIXTURE_TIMESTAMP,
      updated_at: FIXTURE_TIMESTAMP,
      metadata: {},
      ...(annotation as Omit<AnnotationRecord, 'id' | 'entry_id'>),
      id: annotation.id ?? `${entryId}-annotation-${pad(annotationIndex + 1, 4)}`,
      entry_id: entryId,
      dataset_id: dataset.id,
    };
    data.annotations.push(record);
  });
  medias.forEach((media, mediaIndex) => data.medias.push(mediaFromFixture(entry, media, mediaIndex)));
}

function mediaFromFixture(entry: EntryRecord, fixture: MediaFixture, index: number): MemoryMedia {
  const bytes = typeof fixture.data === 'string' ? Buffer.from(fixture.data) : Buffer.from(fixture.data);
  return {
    data: bytes,
    record: {
      id: fixture.id ?? `${entry.id}-media-${pad(index + 1, 3)}`,
      resource: entry.resource as string,
      key: fixture.key ?? '',
      filename: fixture.filename,
      size: bytes.length,
      mime_type: fixture.mime_type ?? guessMimeType(fixture.filename),
      meta: (fixture.meta ?? {}) as JsonObject,
      created_at: FIXTURE_TIMESTAMP,
      updated_at: FIXTURE_TIMESTAMP,
    },
  };
}
