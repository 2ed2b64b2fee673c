import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as turn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { ExportContext } from '../../../runtime/context/export-context.ts';
import { runExportJob } from '../../../runtime/jobs/run-export-job.ts';
import { recordsFromFixtures } from '../../../runtime/sources/memory/fixtures.ts';
import { CountingSource } from '../../support/counting-source.ts';
import { entriesWithShapes } from '../../support/fixtures.ts';

/** Runs `body` as an exporter over the entries read `batchSize` at a time. */
async function exportWith(source: CountingSource, body: (context: ExportContext) => Promise<void>, batchSize = 2) {
  const outDir = await mkdtemp(join(tmpdir(), 'idah-read-ahead-'));
  try {
    class Reading {
      name = 'Reading';
      description = 'reads';
      async export(context: ExportContext) {
        await body(context);
      }
    }
    const job = await runExportJob({ exporter: { id: 'T::Reading', exporterClass: Reading }, source, datasetIds: ['d'], outDir, batchSize, logSink: () => {} });
    expect(job.error).toBeNull();
    expect(job.status).toBe('completed');
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

/** The memory source with each batch of entries ready only after a turn of the event loop, as a read from a file or the network is. */
class EventLoopSource extends CountingSource {
  override async *entryBatches(...args: Parameters<CountingSource['entryBatches']>) {
    for await (const batch of super.entryBatches(...args)) {
      await turn();
      yield batch;
    }
  }
}

/** Synchronous work, as an exporter converting an entry does: nothing else runs meanwhile. */
function busyFor(milliseconds: number): void {
  const until = performance.now() + milliseconds;
  while (performance.now() < until);
}

describe('batches are read one ahead', () => {
  it('reads the next batch and its annotations while the exporter works on the current one, never two ahead', async () => {
    const source = new CountingSource(recordsFromFixtures([{ id: 'd', entries: entriesWithShapes(6) }]));
    const seen: { entry: number; batches: number; annotationReads: number }[] = [];
    await exportWith(source, async (context) => {
      const dataset = (await context.datasets.first())!;
      let entry = 0;
      for await (const item of dataset.entries()) {
        await item.annotations().count();
        await turn(); // the exporter working: reads in flight settle meanwhile
        await turn();
        seen.push({ entry: entry++, batches: source.calls.entryBatches, annotationReads: source.calls.annotationsOf });
      }
    });
    // Batch 1 (entries 0, 1): its own read, and batch 2's started once entry 0 asked.
    expect(seen.map((step) => step.annotationReads)).toEqual([2, 2, 3, 3, 3, 3]);
  });

  it('reads nothing ahead that no batch asked for', async () => {
    const source = new CountingSource(recordsFromFixtures([{ id: 'd', entries: entriesWithShapes(6) }]));
    await exportWith(source, async (context) => {
      const dataset = (await context.datasets.first())!;
      for await (const item of dataset.entries()) void item.id;
    });
    expect(source.calls.annotationsOf).toBe(0);
    expect(source.calls.mediasOf).toBe(0);
  });

  it("starts the next batch's reads during the current one even when the exporter never awaits anything but resolved promises", async () => {
    const source = new EventLoopSource(recordsFromFixtures([{ id: 'd', entries: entriesWithShapes(12) }]));
    const annotationReads: number[] = [];
    await exportWith(
      source,
      async (context) => {
        const dataset = (await context.datasets.first())!;
        for await (const item of dataset.entries()) {
          await item.annotations().count();
          busyFor(5);
          annotationReads.push(source.calls.annotationsOf);
        }
      },
      4,
    );
    // Without the event loop turning, batch 2's entries (and so its annotations) were read only once batch 1 was done: [1, 1, 1, 1, 2, ...].
    expect(annotationReads.slice(0, 4)).toEqual([1, 2, 2, 2]);
    expect(annotationReads.slice(4, 8)).toEqual([2, 3, 3, 3]);
    expect(annotationReads.slice(8)).toEqual([3, 3, 3, 3]);
  });
});
