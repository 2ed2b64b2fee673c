import { imageBox } from '../../runtime/testing/shapes.ts';
import { pngBytes } from '../../runtime/testing/images.ts';
import type { EntryFixture } from '../../runtime/sources/memory/fixtures.ts';
import { sqlText, tamperUpd } from './tamper-upd.ts';
import { writeUpdFile } from './upd-file.ts';

const box = imageBox(0.1, 0.1, 0.6, 0.6);
const annotations = (...ids: string[]) => ids.map((id) => ({ id, dimensions: box, annotation: { category: 'car' } }));
const entry = (id: string, ...annotationIds: string[]): EntryFixture => ({
  id,
  name: id,
  resource: `r-${id}`,
  medias: [{ id: `m-${id}`, filename: `${id}.png`, data: pngBytes(8, 8) }],
  annotations: annotations(...annotationIds),
});

/** JSON nested deep enough to overflow the stack of anything recursing over it. */
export const DEEP_JSON = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;

/** Every bad record `writeHostileUpd` plants, as `table/id/column`: what a job's `skipped` must name. */
export const PLANTED_BAD_RECORDS = [
  'entries/orphan-e/dataset_id',
  'annotations/orphan-a/entry_id',
  'medias/no-entry-res//id',
  'datasets/broken/metadata',
  'entries/e3/metadata',
  'annotations/a1/shape_args',
  'annotations/a2/properties',
  'annotations/a4/id',
  'annotations/a4/id',
  'annotations/a6/metadata',
  'medias/r-e4//metadata',
].sort();

/** The annotations that are fine and belong to fine entries of fine datasets. */
export const GOOD_ANNOTATIONS = ['a3', 'a5', 'a8', 'b2'];

/**
 * A real UPD file, written by the upd exporter and then changed with SQL the way a broken or
 * hostile tool could: invalid and too-deep JSON in each JSON column, an orphan entry, an orphan
 * annotation, an orphan media row and a duplicate annotation id (the tables without keys).
 */
export async function writeHostileUpd(dir: string, name = 'hostile.upd'): Promise<string> {
  const path = await writeUpdFile(dir, name, [
    { id: 'broken', name: 'Broken', entries: [entry('b1', 'b-a1')] },
    { id: 'good', name: 'Good', entries: [entry('e1', 'a1', 'a2', 'a3'), entry('e2', 'a4', 'a5', 'a6'), entry('e3', 'a7'), entry('e4', 'a8')] },
    { id: 'more', name: 'More', entries: [entry('f1', 'b2')] },
  ]);
  await tamperUpd(
    path,
    [
      "UPDATE datasets SET metadata = '{\"Labels\": [' WHERE id = 'broken'",
      "UPDATE entries SET metadata = '{oops' WHERE id = 'e3'",
      "UPDATE annotations SET shape_args = '{\"x\": 0.1,' WHERE id = 'a1'",
      `UPDATE annotations SET properties = ${sqlText(DEEP_JSON)} WHERE id = 'a2'`,
      "UPDATE annotations SET metadata = '\"a string\"' WHERE id = 'a6'",
      "UPDATE medias SET metadata = '{\"Filename\": ' WHERE id = 'r-e4'",
      "INSERT INTO annotations SELECT * FROM annotations WHERE id = 'a4'",
      "INSERT INTO annotations VALUES ('orphan-a', 'no-such-entry', 'idah-image:bounding-box', '{}', 'car', '{}', '{}')",
      "INSERT INTO entries VALUES ('orphan-e', 'no-such-dataset', '', '{}')",
      "INSERT INTO medias VALUES ('no-entry-res', '', NULL, NULL, '{}')",
    ],
    { dropConstraints: true },
  );
  return path;
}

/** `table/id/column` of each skipped item naming a record, sorted. */
export const recordsNamed = (skipped: ReadonlyArray<{ record?: { table: string; id: string; column?: string } }>): string[] =>
  skipped.flatMap(({ record }) => (record ? [`${record.table}/${record.id}/${record.column ?? ''}`] : [])).sort();
