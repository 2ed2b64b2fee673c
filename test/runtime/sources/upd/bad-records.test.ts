import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isIdahPluginError } from '../../../../runtime/errors.ts';
import type { EntryRecord } from '../../../../runtime/records.ts';
import { invalidityOf } from '../../../../runtime/sources/invalid-record.ts';
import { openUpdSource, type UpdSource } from '../../../../runtime/sources/upd/upd-source.ts';
import { parseBoundedJson } from '../../../../runtime/upd/mapping/json-limits.ts';
import { DEEP_JSON, writeHostileUpd } from '../../../support/hostile-upd.ts';
import { tempDirs } from '../../upd/support/temp-dir.ts';

describe('bad records of a UPD file are stand-ins naming the record, never a failed batch', () => {
  const dirs = tempDirs({ per: 'suite' });
  let source: UpdSource;
  let entries: EntryRecord[];

  beforeAll(async () => {
    source = await openUpdSource(await writeHostileUpd(await dirs.make()));
    entries = [];
    for await (const batch of source.entryBatches('good', {}, { batchSize: 100 })) entries.push(...batch);
  });
  afterAll(() => source.close());

  const problemOf = (record: object) => {
    const error = invalidityOf(record);
    expect(isIdahPluginError(error, 'RECORD_INVALID')).toBe(true);
    return { message: error!.message, details: error!.details };
  };

  it('a dataset with invalid metadata JSON is a stand-in with its typed columns; the others read well', async () => {
    const datasets = await source.listDatasets();
    expect(datasets.map((dataset) => [dataset.id, invalidityOf(dataset) === undefined])).toEqual([
      ['broken', false],
      ['good', true],
      ['more', true],
    ]);
    expect(datasets[0]).toMatchObject({ id: 'broken', name: 'Broken', modality: 'idah-image' });
    expect(problemOf(datasets[0]!)).toEqual({
      message: expect.stringMatching(/^UPD: datasets\.metadata of dataset "broken": expected JSON text, got "\{\\"Labels\\": \[" /),
      details: { table: 'datasets', id: 'broken', column: 'metadata' },
    });
  });

  it('an entry with invalid metadata JSON is a stand-in; the rest of its batch reads well', () => {
    expect(entries.map((record) => [record.id, invalidityOf(record) === undefined])).toEqual([
      ['e1', true],
      ['e2', true],
      ['e3', false],
      ['e4', true],
    ]);
    expect(problemOf(entries[2]!).details).toEqual({ table: 'entries', id: 'e3', column: 'metadata' });
  });

  it('annotations with invalid, too deep or non-object JSON, and a duplicate id, are stand-ins naming table, id and column', async () => {
    const byEntry = await source.annotationsOf(entries, {});
    const all = [...byEntry.values()].flat();
    expect(all.map((record) => record.id)).toEqual(['a1', 'a2', 'a3', 'a4', 'a4', 'a5', 'a6', 'a7', 'a8']);
    const bad = all.filter((record) => invalidityOf(record)).map((record) => problemOf(record).details);
    expect(bad).toEqual([
      { table: 'annotations', id: 'a1', column: 'shape_args' },
      { table: 'annotations', id: 'a2', column: 'properties' },
      { table: 'annotations', id: 'a4', column: 'id' },
      { table: 'annotations', id: 'a4', column: 'id' },
      { table: 'annotations', id: 'a6', column: 'metadata' },
    ]);
    expect(problemOf(all[1]!).message).toContain('annotations.properties of annotation "a2": expected JSON text');
    expect(problemOf(all[1]!).message).toContain('JSON nested more than 128 levels deep');
    expect(problemOf(all[3]!).message).toContain('the id occurs 2 times in annotations; expected each id once');
    expect(problemOf(all[6]!).message).toContain('expected a JSON object, got string "a string"');
  });

  it('a media row with invalid metadata is a stand-in', async () => {
    const medias = await source.mediasOf(entries.filter((record) => record.id === 'e4'), {});
    const [media] = medias.get('r-e4')!;
    expect(problemOf(media!).details).toEqual({ table: 'medias', id: 'r-e4/', column: 'metadata' });
  });

  it('lists the orphans no read reaches: an entry of a missing dataset, an annotation of a missing entry, an unlinked media row', async () => {
    const problems = await source.integrityProblems();
    expect(problems.map((error) => [error.code, error.details])).toEqual([
      ['RECORD_INVALID', { table: 'entries', id: 'orphan-e', column: 'dataset_id', dataset_id: 'no-such-dataset', entry_id: 'orphan-e' }],
      ['RECORD_INVALID', { table: 'annotations', id: 'orphan-a', column: 'entry_id', entry_id: 'no-such-entry', annotation_id: 'orphan-a' }],
      ['RECORD_INVALID', { table: 'medias', id: 'no-entry-res/', column: 'id' }],
    ]);
    expect(problems[1]!.message).toBe('UPD: annotations.entry_id of "orphan-a": belongs to entry "no-such-entry", which the file does not hold');
  });

  it('parseBoundedJson refuses depth and size beyond its limits and parses the rest', () => {
    expect(() => parseBoundedJson(DEEP_JSON)).toThrow('JSON nested more than 128 levels deep');
    expect(() => parseBoundedJson('"x"'.padEnd(40, ' '), { maxCharacters: 10 })).toThrow('40 characters of JSON, more than the limit of 10');
    const nested = `${'['.repeat(128)}${']'.repeat(128)}`;
    expect(JSON.stringify(parseBoundedJson(nested))).toBe(nested);
    // Brackets inside strings do not count.
    expect(parseBoundedJson(JSON.stringify({ text: '['.repeat(1000) }))).toEqual({ text: '['.repeat(1000) });
  });
});
