// The records the export context hands out, built the shortest way for the synthetic files
// (no validity checks, no overflow keys): the same keys in the same order, so outputs match byte for byte.

type Json = Record<string, unknown>;

/** `Created-At` -> `created_at`. */
const attributeName = (key: string) => key.toLowerCase().replaceAll('-', '_');

export function datasetRecord(dataset: { id: string; name: string; modality: string; metadata: string }): Json {
  const record: Json = { id: dataset.id, name: dataset.name, modality: dataset.modality };
  const metadata = JSON.parse(dataset.metadata) as Json;
  for (const key of Object.keys(metadata)) record[attributeName(key)] = metadata[key];
  return record;
}

export function entryRecord(id: string, datasetId: string, metadataText: string): Json {
  const record: Json = { id, dataset_id: datasetId };
  const metadata = JSON.parse(metadataText) as Json;
  for (const key of Object.keys(metadata)) record[attributeName(key)] = metadata[key];
  return record;
}

const ANNOTATION_FIELDS: Record<string, string> = {
  'Created-By': 'created_by_email',
  'Created-At': 'created_at',
  'Updated-At': 'updated_at',
  'Project-Id': 'project_id',
  'Dataset-Id': 'dataset_id',
};

export type PackedAnnotation = [string, string, Json, string, Json, Json];

export function annotationRecord(entryId: string, [id, type, args, category, properties, stored]: PackedAnnotation): Json {
  const dimensions: Json = { type, ...args };
  const annotation: Json = category ? { category, ...properties } : properties;
  const metadata: Json = {};
  const record: Json = { id, entry_id: entryId, dimensions, annotation, metadata };
  for (const key of Object.keys(stored)) {
    const field = ANNOTATION_FIELDS[key];
    if (field) record[field] = stored[key];
    else metadata[key] = stored[key];
  }
  return record;
}

const MEDIA_FIELDS: [string, string][] = [
  ['filename', 'Filename'],
  ['size', 'Size'],
  ['meta', 'Meta'],
  ['id', 'Media-Id'],
  ['created_at', 'Created-At'],
  ['updated_at', 'Updated-At'],
];

export function mediaRecord(media: { id: string; key: string; mediaType: string | null; metadata: string }): Json {
  const metadata = JSON.parse(media.metadata) as Json;
  const record: Json = { id: media.key === '' ? media.id : `${media.id}/${media.key}`, resource: media.id, key: media.key, filename: media.key || media.id };
  for (const [field, key] of MEDIA_FIELDS) if (key in metadata) record[field] = metadata[key];
  if (media.mediaType !== null) record.mime_type = media.mediaType;
  return record;
}
