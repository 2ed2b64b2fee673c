import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ExportContext } from '../../../runtime/context/export-context.ts';
import type { Exporter } from '../../../runtime/exporter.ts';
import { imageExportOptions } from '../../../runtime/formats/common-options.ts';
import { SkipReport } from '../../../runtime/formats/error-policy.ts';
import { parseIdahShape } from '../../../runtime/formats/shapes/parse-shape.ts';
import { copyEntryMedias, originalMediaOf } from '../../../runtime/formats/media-copy.ts';
import { zipImageExport } from '../../../runtime/formats/reproducible.ts';
import { splitAssigner } from '../../../runtime/formats/splits.ts';
import { UniqueNames } from '../../../runtime/formats/unique-names.ts';
import type { DatasetFixture } from '../../../runtime/sources/memory/fixtures.ts';
import { listZipEntries, readZipEntry } from '../../../runtime/testing/read-output.ts';
import { runExport } from '../../../runtime/testing/run-export.ts';

const options = z.object(imageExportOptions);
type Options = z.output<typeof options>;

/** A small real exporter built only from the shared helpers: one line per shape kept. */
class ShapeListExport implements Exporter<Options> {
  name = 'Shape list';
  description = 'test exporter';
  options = options;

  async export(context: ExportContext<Options>) {
    const report = new SkipReport(context);
    const names = new UniqueNames();
    const splits = splitAssigner(context.options.splits);
    const lines: string[] = [];
    for await (const dataset of context.datasets) {
      for await (const entry of dataset.entries()) {
        const where = { dataset_id: dataset.id, entry_id: entry.id };
        const original = await originalMediaOf(entry);
        if (!original) {
          await report.problem({ ...where, reason: 'the entry has no original media' });
          continue;
        }
        const fileName = names.claim(original.record.filename);
        await copyEntryMedias(entry, original, context.io, context.options.include_medias, `images/${splits.splitOf(entry.record)}/${fileName}`);
        for await (const annotation of entry.annotations()) {
          const at = { ...where, annotation_id: annotation.id };
          try {
            const shape = parseIdahShape(annotation.record.dimensions);
            if (shape.kind === 'line') await report.unsupported({ ...at, reason: 'lines are not listed' });
            else lines.push(`${fileName} ${shape.kind}`);
          } catch (error) {
            await report.problemFrom(error, at);
          }
        }
      }
    }
    await context.io.writeFile('shapes.txt', `${lines.join('\n')}\n`);
    await report.writeInto();
    await zipImageExport(context.io, context.options.reproducible);
  }
}

const datasets: DatasetFixture[] = [
  {
    id: 'd1',
    entries: [
      {
        id: 'e1',
        annotations: [
          { id: 'a1', dimensions: { type: 'idah-image:polygon', points: [[0, 0], [1, 1]] }, annotation: { category: 'x' } },
          { id: 'a2', dimensions: { type: 'idah-image:line', points: [[0, 0], [1, 1]] }, annotation: { category: 'x' } },
          { id: 'a3', dimensions: { type: 'idah-image:bounding-box', points: [[0, 0], [1, 0], [1, 1], [0, 1]], angle: 0 }, annotation: { category: 'x' } },
        ],
        medias: [
          { filename: 'photo.jpg', data: 'original bytes' },
          { key: 'thumbnail', filename: 'photo-small.webp', data: 'thumb bytes' },
        ],
      },
      { id: 'e2', annotations: [] },
    ],
  },
  { id: 'd2', entries: [{ id: 'e3', medias: [{ filename: 'photo.jpg', data: 'other photo' }] }] },
];

describe('SkipReport and on_error', () => {
  it('fails the job at the first problem by default, naming the entry, dataset and annotation', async () => {
    const result = await runExport(ShapeListExport, { datasets });
    expect(result.status).toBe('errored');
    expect(result.error).toBe(
      'annotation "a1" of entry "e1" of dataset "d1": expected a polygon of at least 3 points, got 2: [[0,0],[1,1]]. ' +
        '(Set the option on_error to "skip" to leave such items out and list them in skipped.json.)',
    );
  });

  it('with "skip", leaves problems out, logs each, and lists them with unsupported shapes in skipped.json', async () => {
    const result = await runExport(ShapeListExport, { datasets, options: { on_error: 'skip' } });
    expect(result.status).toBe('completed');
    const zip = result.output!.path;
    expect((await readZipEntry(zip, 'shapes.txt')).toString()).toBe('photo.jpg box\n');
    expect(JSON.parse((await readZipEntry(zip, 'skipped.json')).toString())).toEqual([
      { dataset_id: 'd1', entry_id: 'e1', annotation_id: 'a1', reason: 'expected a polygon of at least 3 points, got 2: [[0,0],[1,1]]' },
      { dataset_id: 'd1', entry_id: 'e1', annotation_id: 'a2', reason: 'lines are not listed' },
      { dataset_id: 'd1', entry_id: 'e2', reason: 'the entry has no original media' },
    ]);
    const warnings = result.logs.filter((entry) => entry.level === 'warn').map((entry) => entry.message);
    expect(warnings).toEqual([
      'skipped annotation "a1" of entry "e1" of dataset "d1": expected a polygon of at least 3 points, got 2: [[0,0],[1,1]]',
      'skipped annotation "a2" of entry "e1" of dataset "d1": lines are not listed',
      'skipped entry "e2" of dataset "d1": the entry has no original media',
      'skipped 1 item and 2 annotations in all; each is listed in skipped.json',
    ]);
  });

  it('writes no skipped.json when nothing was skipped', async () => {
    const clean: DatasetFixture[] = [{ id: 'd', entries: [{ id: 'e', medias: [{ filename: 'a.png', data: 'x' }] }] }];
    const result = await runExport(ShapeListExport, { datasets: clean });
    expect(await listZipEntries(result.output!.path)).not.toContain('skipped.json');
  });
});

describe('media copying and reproducible zips', () => {
  const skip = { on_error: 'skip' };

  it('copies originals under unique names, renditions only with "all", nothing with "none"', async () => {
    const files = async (include: string) =>
      (await listZipEntries((await runExport(ShapeListExport, { datasets, options: { ...skip, include_medias: include } })).output!.path)).filter(
        (name) => !name.endsWith('/'),
      );
    expect(await files('original')).toEqual(['error_file_list.json', 'images/default/photo-1.jpg', 'images/default/photo.jpg', 'shapes.txt', 'skipped.json']);
    expect(await files('all')).toEqual([
      'error_file_list.json',
      'images/default/photo-1.jpg',
      'images/default/photo.jpg',
      'renditions/thumbnail/images/default/photo.webp',
      'shapes.txt',
      'skipped.json',
    ]);
    expect(await files('none')).toEqual(['error_file_list.json', 'shapes.txt', 'skipped.json']);
    const result = await runExport(ShapeListExport, { datasets, options: skip });
    expect((await readZipEntry(result.output!.path, 'images/default/photo-1.jpg')).toString()).toBe('other photo');
  });

  it('gives byte-identical zips across runs when reproducible', async () => {
    const run = async () => {
      const result = await runExport(ShapeListExport, { datasets, options: { ...skip, reproducible: true, splits: { a: 0.5, b: 0.5 } } });
      return readFile(result.output!.path);
    };
    const first = await run();
    await new Promise((resolve) => setTimeout(resolve, 2100)); // past the zip format's 2-second clock
    expect((await run()).equals(first)).toBe(true);
  });
});
