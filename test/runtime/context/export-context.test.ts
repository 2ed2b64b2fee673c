import { readFile, writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { ExportContext } from '../../../runtime/context/export-context.ts';
import type { Exporter } from '../../../runtime/exporter.ts';
import { runExportJob } from '../../../runtime/jobs/run-export-job.ts';
import { recordsFromFixtures } from '../../../runtime/sources/memory/fixtures.ts';
import { runExport } from '../../../runtime/testing/run-export.ts';
import { CountingSource } from '../../support/counting-source.ts';
import { entriesWithShapes, twoDatasets } from '../../support/fixtures.ts';
import { tempDirs } from '../../support/temp-dirs.ts';

const temp = tempDirs();

// Tests about throttling run on vitest's clock (the exporter moves it); the rest on the real one.
const useFakeClock = () => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
afterEach(() => {
  vi.useRealTimers();
});

/** An exporter whose `export` is the given function, written to a JSON file. */
function exporterOf<O>(collect: (context: ExportContext<O>) => Promise<unknown>, options?: z.ZodType<O>) {
  return class CollectExport implements Exporter<O> {
    name = 'Collect';
    description = 'writes what collect() returns';
    options = options;
    async export(context: ExportContext<O>) {
      const result = await collect(context);
      await writeFile(context.io.file({ format: 'json' }).path, JSON.stringify(result));
    }
  };
}

async function collected(result: { status: string; error?: string; output?: { path: string } }) {
  expect(result.error).toBeUndefined();
  expect(result.status).toBe('completed');
  return JSON.parse(await readFile(result.output?.path ?? '', 'utf8'));
}

describe('the export context', () => {
  it('streams datasets, entries and annotations with their records', async () => {
    const Export = exporterOf(async (context) => {
      const out = [];
      for await (const dataset of context.datasets) {
        const entries = await dataset.entries().map(async (entry) => ({
          name: entry.record.name,
          shapes: await entry.annotations().map((annotation) => annotation.record.dimensions.type),
        }));
        out.push({ id: dataset.id, modality: dataset.record.modality, count: entries.length, first: entries[0] });
      }
      return out;
    });
    const data = await collected(await runExport(Export, { datasets: twoDatasets(3, 2) }));
    expect(data).toEqual([
      { id: 'big', modality: 'idah-image', count: 3, first: { name: 'big-0', shapes: ['idah-image:bounding-box', 'idah-image:polygon'] } },
      { id: 'small', modality: 'idah-image', count: 2, first: { name: 'small-0', shapes: ['idah-image:bounding-box', 'idah-image:polygon'] } },
    ]);
  });

  it('pushes filters down and reads annotations once per batch, never per entry', async () => {
    const source = new CountingSource(recordsFromFixtures([{ id: 'd', entries: entriesWithShapes(2500) }]));
    class FilteringExport implements Exporter {
      name = 'Filtering';
      description = '';
      async export(context: ExportContext) {
        const [dataset] = await context.datasets.toArray();
        let polygons = 0;
        for await (const entry of dataset!.entries({ status: 'completed' })) {
          polygons += await entry.annotations({ type: 'polygon' }).count();
        }
        context.logger.info(`polygons: ${polygons}`);
      }
    }
    const logs: string[] = [];
    const job = await runExportJob({
      exporter: { id: 'T::FilteringExport', exporterClass: FilteringExport },
      source,
      datasetIds: ['d'],
      outDir: await temp.make('idah-out-'),
      batchSize: 500,
      logSink: (entry) => logs.push(entry.message),
    });
    expect(job.status).toBe('completed');
    expect(logs).toContain('polygons: 1250');
    expect(source.calls.entryBatches).toBe(1);
    expect(source.calls.annotationsOf).toBe(3);
    expect(source.filters.entries).toEqual([{ status: 'completed' }]);
    expect(source.filters.annotations[0]).toEqual({ type: 'polygon' });
  });

  it('filters annotations by type with or without prefix, category and updated_at__gt', async () => {
    const Export = exporterOf(async (context) => {
      const entry = await (await context.datasets.first())!.entries().first();
      const names = async (filter: Record<string, unknown>) =>
        entry!.annotations(filter).map((annotation) => annotation.record.annotation.category);
      return {
        short: await names({ type: 'polygon' }),
        full: await names({ type: 'idah-image:polygon' }),
        underscore: await names({ type: 'bounding_box' }),
        category: await names({ category: 'vehicles/car' }),
        updated: await names({ updated_at__gt: '2026-03-01T00:00:00Z' }),
      };
    });
    expect(await collected(await runExport(Export, { datasets: twoDatasets(1, 1) }))).toEqual({
      short: ['road'],
      full: ['road'],
      underscore: ['vehicles/car'],
      category: ['vehicles/car'],
      updated: ['road'],
    });
  });

  it('an unknown filter key fails the job, naming the key', async () => {
    const Export = exporterOf(async (context) => {
      const dataset = await context.datasets.first();
      return dataset!.entries({ state: 'done' }).count();
    });
    const result = await runExport(Export, { datasets: twoDatasets(1, 1) });
    expect(result.status).toBe('errored');
    expect(result.error).toContain('unknown key "state"');
  });

  it('validates options before any data is read, listing every bad field', async () => {
    const schema = z.object({ pretty: z.boolean().default(false), split: z.enum(['train', 'val']), limit: z.number().int().optional() });
    const source = new CountingSource(recordsFromFixtures(twoDatasets(2, 2)));
    const job = await runExportJob({
      exporter: { id: 'T::Collect', exporterClass: exporterOf(async (context) => context.options, schema) },
      source,
      datasetIds: 'all',
      options: { split: 'test', limit: 'ten' },
      outDir: await temp.make('idah-out-'),
      logSink: () => {},
    });
    expect(job.status).toBe('errored');
    expect(job.error).toContain('options.split');
    expect(job.error).toContain('"test"');
    expect(job.error).toContain('options.limit');
    expect(job.error).toContain('"ten"');
    expect(Object.values(source.calls).every((count) => count === 0)).toBe(true);

    const ok = await runExport(exporterOf(async (context) => context.options, schema), {
      datasets: twoDatasets(1, 1),
      options: { split: 'val' },
    });
    expect(await collected(ok)).toEqual({ pretty: false, split: 'val' });
  });

  it("checks the datasets' modalities against the exporter's selector", async () => {
    const Export = exporterOf(async () => 'ran');
    const result = await runExport(Export, {
      datasets: [{ id: 'photos' }, { id: 'clips', modality: 'idah-video' }, { id: 'more', modality: 'idah-audio' }],
      selector: ['idah-image', /^idah-vid/],
    });
    expect(result.status).toBe('errored');
    expect(result.error).toContain('"more" (idah-audio)');
    expect(result.error).not.toContain('"clips"');
    const matched = await runExport(Export, { datasets: [{ id: 'photos' }], selector: /image/ });
    expect(matched.status).toBe('completed');
  });

  it('fails clearly on a dataset id the source lacks', async () => {
    const result = await runExport(exporterOf(async () => 1), { datasets: twoDatasets(1, 1), datasetIds: ['big', 'nope'] });
    expect(result.status).toBe('errored');
    expect(result.error).toContain('dataset "nope" not found in memory; available: big, small');
  });

  it('progress is entry-weighted, monotonic, throttled, and reaches 1 only at completion', async () => {
    // The throttle is the subject: each entry takes 4 ms of vitest's clock, moved by the exporter.
    useFakeClock();
    const seenInside: number[] = [];
    const Export = exporterOf(async (context) => {
      for await (const dataset of context.datasets) {
        for await (const _entry of dataset.entries()) vi.advanceTimersByTime(4);
        seenInside.push(context.progress);
      }
      return null;
    });
    const started = performance.now();
    const result = await runExport(Export, { datasets: twoDatasets(90, 10) });
    const seconds = (performance.now() - started) / 1000;
    expect(seconds).toBeCloseTo(0.4, 5);
    expect(result.status).toBe('completed');
    expect(seenInside[0]).toBeCloseTo(0.9, 2);
    expect(seenInside[1]).toBe(0.99);
    expect(result.progress.at(-1)).toBe(1);
    expect(result.progress.filter((value) => value === 1)).toHaveLength(1);
    for (let index = 1; index < result.progress.length; index += 1) {
      expect(result.progress[index]).toBeGreaterThan(result.progress[index - 1] as number);
    }
    expect(result.progress.length).toBeGreaterThan(2);
    expect(result.progress.length).toBeLessThanOrEqual(Math.ceil(seconds * 10) + 2);
  });

  it('context.progress can be set by the exporter', async () => {
    useFakeClock();
    const Export = exporterOf(async (context) => {
      context.progress = 0.25;
      context.progress = 0.1;
      vi.advanceTimersByTime(120);
      context.progress = 0.5;
      vi.advanceTimersByTime(120);
      return context.progress;
    });
    const result = await runExport(Export, { datasets: [{ id: 'empty' }] });
    expect(await collected(result)).toBe(0.5);
    expect(result.progress).toEqual([0.25, 0.5, 1]);
  });

  it('medias: filter by key, download, stream and save to a file', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const Export = exporterOf(async (context) => {
      const entry = await (await context.datasets.first())!.entries().first();
      const original = await entry!.medias({ key: '' }).first();
      const all = await entry!.medias().map((media) => media.record.key);
      const saved = context.io.tempPath('copy.png');
      const bytes = await original!.saveTo(saved);
      const streamed = Buffer.concat(await (await original!.stream()).toArray());
      return {
        all,
        filename: original!.media.filename,
        downloaded: [...(await original!.download())],
        streamed: [...streamed],
        saved: [...(await readFile(saved))],
        bytes,
      };
    });
    const result = await runExport(Export, {
      datasets: [{ entries: [{ medias: [{ filename: 'a.png', data: png }, { key: 'thumb', filename: 'a-small.png', data: 'small' }] }] }],
    });
    expect(await collected(result)).toEqual({
      all: ['', 'thumb'],
      filename: 'a.png',
      downloaded: [...png],
      streamed: [...png],
      saved: [...png],
      bytes: png.length,
    });
  });

  it('logs carry the plugin name and level', async () => {
    const Export = exporterOf(async (context) => {
      context.logger.warn('careful');
      return null;
    });
    const result = await runExport(Export, { datasets: [{ id: 'x' }] });
    expect(result.logs).toEqual([expect.objectContaining({ level: 'warn', message: 'careful', source: 'CollectExport' })]);
  });
});
