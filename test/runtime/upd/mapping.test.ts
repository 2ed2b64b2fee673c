import { describe, expect, it } from 'vitest';
import { isIdahPluginError } from '../../../runtime/errors.ts';
import type { AnnotationRecord, MediaRecord } from '../../../runtime/records.ts';
import {
  annotationToRow,
  datasetToRow,
  entryToRow,
  mediaToRow,
  rowToAnnotation,
  rowToDataset,
  rowToEntry,
  rowToMedia,
} from '../../../runtime/upd/mapping.ts';
import {
  afterRoundTrip,
  expectSameRecord,
  Random,
  randomAnnotation,
  randomDataset,
  randomEntry,
  randomMedia,
} from './support/random-records.ts';

const CASES = 300;

/** Runs a property over many seeded cases; a failure names its seed, so it can be replayed. */
function forEachSeed(check: (random: Random) => void): void {
  for (let seed = 1; seed <= CASES; seed += 1) {
    try {
      check(new Random(seed));
    } catch (error) {
      throw new Error(`seed ${seed}: ${(error as Error).message}`, { cause: error });
    }
  }
}

describe('records -> rows -> records is the identity (300 random records each)', () => {
  it('datasets', () => {
    forEachSeed((random) => {
      const record = randomDataset(random);
      expectSameRecord(rowToDataset(datasetToRow(record)), record);
    });
  });

  it('entries', () => {
    forEachSeed((random) => {
      const record = randomEntry(random, 'dataset-1');
      expectSameRecord(rowToEntry(entryToRow(record, 'local:x')), record);
    });
  });

  it('annotations (absent or null metadata comes back {})', () => {
    forEachSeed((random) => {
      const record = randomAnnotation(random, 'entry-1');
      expectSameRecord(rowToAnnotation(annotationToRow(record)), afterRoundTrip(record));
    });
  });

  it('medias', () => {
    forEachSeed((random) => {
      const record = randomMedia(random, 'resource-1');
      expectSameRecord(rowToMedia(mediaToRow(record)), record);
    });
  });
});

describe('the IDAH layout of the rows', () => {
  it('puts dataset attributes in Capitalized-Dash metadata and keeps id, name, modality in columns', () => {
    const row = datasetToRow({
      id: 'd1',
      name: 'Cars',
      modality: 'idah-image',
      project_id: 'p1',
      created_at: '2026-01-01T00:00:00Z',
      entries_completed_count: 3,
    });
    expect(row).toEqual({ id: 'd1', name: 'Cars', modality: 'idah-image', metadata: expect.any(String) });
    expect(JSON.parse(row.metadata)).toEqual({ 'Project-Id': 'p1', 'Created-At': '2026-01-01T00:00:00Z', 'Entries-Completed-Count': 3 });
  });

  it('puts the entry fields in metadata and the media url in its column ("" for none)', () => {
    const entry = {
      id: 'e1', dataset_id: 'd1', name: 'a.jpg', priority: 2, wf_step: 'review', status: 'completed', resource: 'r1',
      assigned_to_id: 'u1', submitted_by_id: 'u2', reviewed_by_id: null, job_id: 'j1', project_id: 'p1',
      created_at: 'c', updated_at: 'u',
    };
    const row = entryToRow(entry, 'local:r1');
    expect(row.media_url).toBe('local:r1');
    expect(entryToRow(entry, null).media_url).toBe('');
    expect(JSON.parse(row.metadata)).toEqual({
      Name: 'a.jpg', Priority: 2, 'Wf-Step': 'review', Status: 'completed', Resource: 'r1', 'Assigned-To-Id': 'u1',
      'Submitted-By-Id': 'u2', 'Reviewed-By-Id': null, 'Job-Id': 'j1', 'Project-Id': 'p1', 'Created-At': 'c', 'Updated-At': 'u',
    });
  });

  it('splits an annotation into shape_type, shape_args, category, properties and metadata', () => {
    const record: AnnotationRecord = {
      id: 'a1', entry_id: 'e1', dataset_id: 'd1', project_id: 'p1',
      dimensions: { type: 'idah-image:bounding-box', x: 0.1, y: 0.2, width: 0.3, height: 0.4 },
      annotation: { category: 'vehicles/car', occluded: true },
      metadata: { source: 'model' },
      created_by_email: 'ann@example.com', created_at: 'c', updated_at: 'u',
    };
    const row = annotationToRow(record);
    expect(row.shape_type).toBe('idah-image:bounding-box');
    expect(JSON.parse(row.shape_args)).toEqual({ x: 0.1, y: 0.2, width: 0.3, height: 0.4 });
    expect(row.category).toBe('vehicles/car');
    expect(JSON.parse(row.properties)).toEqual({ occluded: true });
    expect(JSON.parse(row.metadata)).toEqual({
      source: 'model', 'Created-By': 'ann@example.com', 'Created-At': 'c', 'Updated-At': 'u', 'Project-Id': 'p1', 'Dataset-Id': 'd1',
    });
  });

  it('gives each annotation the metadata of its own fields, in a run of records that share them or not', () => {
    const base = { entry_id: 'e1', dimensions: { type: 'idah-image:point', x: 0, y: 0 }, annotation: { category: 'car' } };
    const runs: Array<Partial<AnnotationRecord>> = [
      { dataset_id: 'd1', created_at: 'c1' },
      { dataset_id: 'd1', created_at: 'c1' },
      { dataset_id: 'd1', created_at: 'c1', metadata: {} },
      { dataset_id: 'd1', created_at: 'c2' },
      { dataset_id: 'd1', created_at: 'c2', metadata: { source: 'model' } },
      { dataset_id: 'd1', created_at: 'c2', metadata: null },
      { dataset_id: 'd2', created_at: 'c2' },
      { created_at: 'c2' },
      { created_at: 'c2', updated_at: 'u', created_by_email: 'a@b', project_id: 'p' },
      { created_at: 'c2', updated_at: 'u', created_by_email: 'a@b' },
    ];
    runs.forEach((fields, index) => {
      const record = { ...base, id: `a${index}`, ...fields } as AnnotationRecord;
      const expected: Record<string, unknown> = { ...(fields.metadata ?? {}) };
      if (fields.created_by_email) expected['Created-By'] = fields.created_by_email;
      if (fields.created_at) expected['Created-At'] = fields.created_at;
      if (fields.updated_at) expected['Updated-At'] = fields.updated_at;
      if (fields.project_id) expected['Project-Id'] = fields.project_id;
      if (fields.dataset_id) expected['Dataset-Id'] = fields.dataset_id;
      expect(JSON.parse(annotationToRow(record).metadata), `record ${index}`).toEqual(expected);
    });
  });

  it('keeps a category the NOT NULL column cannot hold in properties, absent staying absent', () => {
    const base = { id: 'a', entry_id: 'e', dimensions: { type: 't' } };
    expect(annotationToRow({ ...base, annotation: {} })).toMatchObject({ category: '', properties: '{}' });
    expect(annotationToRow({ ...base, annotation: { category: '' } })).toMatchObject({ category: '', properties: '{"category":""}' });
    expect(annotationToRow({ ...base, annotation: { category: null } as never })).toMatchObject({ properties: '{"category":null}' });
  });

  it('stores a media under its resource with mime type, Filename, Size, Meta and Media-Id', () => {
    const media: MediaRecord = {
      id: 'm1', resource: 'r1', key: '', filename: 'a.jpg', size: 10, mime_type: 'image/jpeg', meta: { width: 4 },
      created_at: 'c', updated_at: 'u',
    };
    const row = mediaToRow(media);
    expect(row).toMatchObject({ id: 'r1', key: '', media_type: 'image/jpeg' });
    expect(JSON.parse(row.metadata)).toEqual({
      Filename: 'a.jpg', Size: 10, Meta: { width: 4 }, 'Media-Id': 'm1', 'Created-At': 'c', 'Updated-At': 'u',
    });
  });

  it('keeps values too long for a column in the JSON beside it', () => {
    const longName = 'n'.repeat(65);
    const row = datasetToRow({ id: 'd', name: longName, modality: 'idah-image' });
    expect([...row.name]).toHaveLength(64);
    expect(JSON.parse(row.metadata)).toEqual({ Name: longName });
    const mime = `application/${'x'.repeat(60)}`;
    const media = mediaToRow({ id: 'm', resource: 'r', key: '', filename: 'f', mime_type: mime });
    expect(media.media_type).toBeNull();
    expect(JSON.parse(media.metadata)['Mime-Type']).toBe(mime);
  });
});

describe('what the mapping refuses', () => {
  const refused = (write: () => unknown, text: RegExp) => {
    let thrown: unknown;
    try {
      write();
    } catch (error) {
      thrown = error;
    }
    expect(isIdahPluginError(thrown, 'EXPORT_FAILED')).toBe(true);
    expect((thrown as Error).message).toMatch(text);
  };

  it('ids longer than 64 characters (counted as code points)', () => {
    expect(entryToRow({ id: '🦆'.repeat(64), dataset_id: 'd' }, null).id).toBe('🦆'.repeat(64));
    refused(() => entryToRow({ id: 'e'.repeat(65), dataset_id: 'd' }, null), /entry "e+" id: expected a well-formed string of at most 64 characters, got 65 characters/);
  });

  it('attribute names that would not come back the same', () => {
    refused(() => entryToRow({ id: 'e', dataset_id: 'd', fooBar: 1 }, null), /attribute "fooBar".*lower-case snake_case.*"FooBar"/);
    refused(() => datasetToRow({ id: 'd', name: 'n', modality: 'm', 'a-b': 1 }), /attribute "a-b"/);
  });

  it('annotation metadata using a key reserved for the record fields', () => {
    refused(
      () => annotationToRow({ id: 'a', entry_id: 'e', dimensions: { type: 't' }, annotation: {}, metadata: { 'Created-At': 'x' } }),
      /metadata key "Created-At" is reserved/,
    );
  });

  it('a shape type longer than the column allows', () => {
    refused(() => annotationToRow({ id: 'a', entry_id: 'e', dimensions: { type: 't'.repeat(65) }, annotation: {} }), /dimensions.type/);
  });
});

describe('rows written by other tools', () => {
  it('reads lower-cased attribute names and falls back for a media without Media-Id or Filename', () => {
    expect(rowToDataset({ id: 'd', name: 'n', modality: 'm', metadata: '{"QC-Status":"Passed","Dataset-Specification-URL":"u"}' })).toEqual({
      id: 'd', name: 'n', modality: 'm', qc_status: 'Passed', dataset_specification_url: 'u',
    });
    expect(rowToMedia({ id: 'map-001', key: 'tiles/00,01.png', media_type: 'image/png', metadata: null })).toEqual({
      id: 'map-001/tiles/00,01.png', resource: 'map-001', key: 'tiles/00,01.png', filename: '00,01.png', mime_type: 'image/png',
    });
  });

  it('keeps non-object shape args under `args`', () => {
    const record = rowToAnnotation({
      id: 'a', entry_id: 'e', shape_type: 'box', shape_args: '[1,2,3,4]', category: 'cat', properties: '{}', metadata: '{}',
    });
    expect(record.dimensions).toEqual({ type: 'box', args: [1, 2, 3, 4] });
    expect(record.annotation).toEqual({ category: 'cat' });
  });

  it('names the row and column of JSON it cannot parse', () => {
    expect(() => rowToEntry({ id: 'e9', dataset_id: 'd', metadata: '{oops' })).toThrow(/entries.metadata of entry "e9": expected JSON text/);
  });
});
