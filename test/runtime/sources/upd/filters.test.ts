import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnnotationRecord, EntryRecord, MediaRecord } from '../../../../runtime/records.ts';
import {
  annotationMatches,
  entryMatches,
  mediaMatches,
  parseAnnotationFilter,
  parseEntryFilter,
  parseMediaFilter,
} from '../../../../runtime/sources/filters.ts';
import { openUpdSource, type UpdSource } from '../../../../runtime/sources/upd/upd-source.ts';
import { afterRoundTrip } from '../../upd/support/random-records.ts';
import { sha256OfFile, tempDirs } from '../../upd/support/temp-dir.ts';
import { randomContent, type UpdContent, writeUpd } from '../../upd/support/write-upd.ts';

/**
 * Every filter pushed into SQL must select exactly what the reference predicates select on the
 * same records. Random records, plus hand-made ones with values of unexpected JSON types.
 */
const oddEntries = (datasetId: string): EntryRecord[] =>
  [
    { id: 'odd-1', status: 5, priority: '2', name: 12345, wf_step: null, resource: 'odd-resource-ſ' },
    { id: 'odd-2', status: null, priority: 2, name: ['car', 'k'], wf_step: '', resource: 'KELVIN-\u212a' },
    // eslint-disable-next-line no-loss-of-precision -- a priority no double holds exactly, on purpose
    { id: 'odd-3', status: 'completed', priority: 9007199254740993, name: { car: 1 }, resource: 'line\r\nbreak' },
    { id: 'odd-4', priority: -0, name: 'draft-image', status: '' },
    { id: 'odd-5', priority: 2.5, name: 'IMAGE.png', status: 'Completed', wf_step: 'review' },
    { id: 'odd-6', name: 'ſtreet \u212aelvin' },
    { id: 'odd-7', name: 'a\rb' },
  ].map((entry) => ({ ...entry, dataset_id: datasetId }) as unknown as EntryRecord);

const oddAnnotations = (entryId: string): AnnotationRecord[] =>
  [
    { id: 'odd-a1', dimensions: { type: 'polygon' }, annotation: { category: 7 }, updated_at: '2025-06-30T12:34:56' },
    { id: 'odd-a2', dimensions: { type: 'x:y:polygon' }, annotation: {}, updated_at: 1767225600000 },
    { id: 'odd-a3', dimensions: { type: 'idah-image:bounding-box' }, annotation: { category: 'road' }, updated_at: '' },
    { id: 'odd-a4', dimensions: { type: 'bounding-box' }, annotation: { category: '' }, updated_at: 'Tue, 01 Jul 2025 10:00:00 GMT' },
    { id: 'odd-a5', dimensions: { type: 'idah-video:line' }, annotation: { category: null }, updated_at: '2025-07-01T10:00:00.0005Z' },
  ].map((annotation) => ({ ...annotation, entry_id: entryId }) as unknown as AnnotationRecord);

const ENTRY_FILTERS: Array<Record<string, unknown>> = [
  {},
  { status: 'completed' },
  { status: '' },
  { status: '5' },
  { status__in: ['completed', 'review'] },
  { status__in: [''] },
  { status__in: [] },
  { name__match: 'car' },
  { name__match: '^img' },
  { name__match: '^(?!image)' },
  { name__match: 's' },
  { name__match: 'k' },
  { name__match: '^.+$' },
  { name__match: '\\.PNG$' },
  { name__match: '^street' },
  { name__match: 'kelvin' },
  { name__match: '^a.b$' },
  { name__match: '日本|🦆' },
  { name__match: '^$' },
  { name__match: '2345' },
  { name__match: 'object' },
  { resource__match: 'resource-[0-4]' },
  { resource__match: 's$' },
  { resource__match: '-k$' },
  { resource__match: 'line.break' },
  { priority__in: [1, 2] },
  { priority__in: [2.5, -1] },
  { priority__in: [0] },
  { priority__in: [] },
  { priority__in: [9007199254740992] },
  { wf_step__in: ['review'] },
  { wf_step__in: [''] },
  { status: 'completed', priority__in: [0, 1, 2, 3], wf_step__in: ['annotate', 'review', 'qa'] },
];

const ANNOTATION_FILTERS: Array<Record<string, unknown>> = [
  {},
  { type: 'polygon' },
  { type: 'idah-image:polygon' },
  { type: 'bounding_box' },
  { type: 'bounding-box' },
  { type: 'box' },
  { type: 'y:polygon' },
  { type: 'line' },
  { category: 'road' },
  { category: 'Road' },
  { category: '' },
  { category: '7' },
  { updated_at__gt: '2025-01-01T00:00:00.000Z' },
  { updated_at__gt: '2024-02-28T23:00:00.000Z' },
  { updated_at__gt: '2025-07-01T10:00:00.000Z' },
  { updated_at__gt: new Date(0) },
  { type: 'polygon', category: 'road', updated_at__gt: '2020-01-01T00:00:00Z' },
];

const MEDIA_FILTERS: Array<Record<string, unknown>> = [
  {},
  { key: '' },
  { key: 'thumb' },
  { key: 'tiles/00,01.png' },
  { mime_type: 'image/png' },
  { mime_type: '' },
  { mime_type: `application/${'x'.repeat(70)}` },
  { key: '', mime_type: 'image/jpeg' },
];

const ids = (records: ReadonlyArray<{ id: string }>) => records.map((record) => record.id).sort();

describe('filters in SQL agree with the reference predicates', () => {
  const dirs = tempDirs({ per: 'suite' });
  let content: UpdContent;
  let source: UpdSource;
  let path: string;
  let hashBefore: string;

  beforeAll(async () => {
    content = randomContent(42, { datasets: 2, entries: 120, annotations: 5 });
    const firstDataset = content.datasets[0]!.id;
    content.entries.push(...oddEntries(firstDataset).map((record) => ({ record })));
    content.annotations.push(...oddAnnotations('odd-1'));
    path = join(await dirs.make(), 'filters.upd');
    await writeUpd(path, content);
    hashBefore = await sha256OfFile(path);
    source = await openUpdSource(path);
  });
  afterAll(async () => {
    await source.close();
    // Reading, filters included, never changes the file.
    expect(await sha256OfFile(path)).toBe(hashBefore);
  });

  const allEntries = () => content.entries.map(({ record }) => record);
  const entriesOf = (datasetId: string) => allEntries().filter((entry) => entry.dataset_id === datasetId);

  it.each(ENTRY_FILTERS.map((filter) => [JSON.stringify(filter), filter]))('entries %s', async (_, input) => {
    const filter = parseEntryFilter(input);
    for (const dataset of content.datasets) {
      const expected = entriesOf(dataset.id).filter((entry) => entryMatches(entry, filter));
      const read: EntryRecord[] = [];
      for await (const batch of source.entryBatches(dataset.id, filter, { batchSize: 16 })) read.push(...batch);
      expect(ids(read)).toEqual(ids(expected));
      expect(await source.countEntries(dataset.id, filter)).toBe(expected.length);
    }
  });

  it.each(ANNOTATION_FILTERS.map((filter) => [JSON.stringify(filter), filter]))('annotations %s', async (_, input) => {
    const filter = parseAnnotationFilter(input);
    const expected = content.annotations.map(afterRoundTrip).filter((annotation) => annotationMatches(annotation, filter));
    const read = await source.annotationsOf(allEntries(), filter);
    const flat = [...read.values()].flat();
    expect(ids(flat)).toEqual(ids(expected));
    for (const annotation of flat) expect(annotationMatches(annotation, filter)).toBe(true);
  });

  it.each(MEDIA_FILTERS.map((filter) => [JSON.stringify(filter), filter]))('medias %s', async (_, input) => {
    const filter = parseMediaFilter(input);
    const expected = content.medias.map((media) => media.record).filter((media) => mediaMatches(media, filter));
    const read = await source.mediasOf(allEntries(), filter);
    const flat: MediaRecord[] = [...read.values()].flat();
    expect(ids(flat)).toEqual(ids(expected));
  });

  it('has enough matches to mean something: each kind of filter selects some records and leaves out others', async () => {
    const count = (filter: Record<string, unknown>) =>
      allEntries().filter((entry) => entryMatches(entry, parseEntryFilter(filter))).length;
    for (const filter of [{ status: 'completed' }, { name__match: 's' }, { priority__in: [1, 2] }, { wf_step__in: ['review'] }]) {
      expect(count(filter)).toBeGreaterThan(0);
      expect(count(filter)).toBeLessThan(allEntries().length);
    }
    const annotations = content.annotations.map(afterRoundTrip);
    for (const filter of [{ type: 'polygon' }, { category: 'road' }, { updated_at__gt: '2025-01-01T00:00:00.000Z' }]) {
      const matching = annotations.filter((a) => annotationMatches(a, parseAnnotationFilter(filter))).length;
      expect(matching).toBeGreaterThan(0);
      expect(matching).toBeLessThan(annotations.length);
    }
  });
});
