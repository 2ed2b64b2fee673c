import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExportContext } from '../../../runtime/context/export-context.ts';
import type { Exporter } from '../../../runtime/exporter.ts';
import type { JobEvent, JobRecord } from '../../../runtime/jobs/job-record.ts';
import { runExportJob } from '../../../runtime/jobs/run-export-job.ts';
import { recordsFromFixtures } from '../../../runtime/sources/memory/fixtures.ts';
import { MemorySource } from '../../../runtime/sources/memory/memory-source.ts';
import { twoDatasets } from '../../support/fixtures.ts';
import { tempDirs } from '../../support/temp-dirs.ts';

const temp = tempDirs();
const tempDir = (prefix: string) => temp.make(prefix);

/** Runs `exportFn` as a job on the two-dataset fixture, with its own out and work folders. */
async function run(exportFn: (context: ExportContext) => unknown, extra: { signal?: AbortSignal; maxReschedules?: number; datasetIds?: string[] } = {}) {
  class InlineExport implements Exporter {
    name = 'Inline Export';
    description = 'test exporter';
    export(context: ExportContext) {
      return exportFn(context);
    }
  }
  const outDir = await tempDir('idah-out-');
  const workRoot = await tempDir('idah-work-');
  const events: JobEvent[] = [];
  const job = await runExportJob({
    exporter: { id: 'Test::InlineExport', exporterClass: InlineExport, plugin: { name: 'test-plugin' } },
    source: new MemorySource(recordsFromFixtures(twoDatasets(20, 5))),
    datasetIds: extra.datasetIds ?? 'all',
    outDir,
    workRoot,
    logSink: () => {},
    onEvent: (event) => events.push(event),
    ...extra,
  });
  return { job, events, outDir, workRoot, statuses: events.flatMap((e) => (e.event === 'status' ? [e.job.status] : [])) };
}

const expectNoLeftovers = async (workRoot: string) => expect(await readdir(workRoot)).toEqual([]);

describe('runExportJob', () => {
  it('completes: a uuid v7 job, status sequence, published output with a readable name', async () => {
    const { job, statuses, outDir, workRoot } = await run(async (context) => {
      const file = context.io.file({ format: 'json' });
      await writeFile(file.path, JSON.stringify({ datasets: context.datasetIds }));
    });
    expect(job.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(statuses).toEqual(['pending', 'running', 'completed']);
    expect(job).toMatchObject({ status: 'completed', progress: 1, error: null, retry_count: 0, plugin: 'test-plugin' });
    expect(job.started_at).not.toBeNull();
    expect(job.finished_at).not.toBeNull();
    expect(job.output?.filename).toMatch(/^inline-export-\d{8}-\d{6}\.json$/);
    expect(job.output?.mime_type).toBe('application/json');
    expect(job.output?.path).toBe(join(outDir, job.output?.filename ?? ''));
    const written = await readFile(job.output?.path ?? '', 'utf8');
    expect(JSON.parse(written)).toEqual({ datasets: ['big', 'small'] });
    expect(job.output?.size).toBe(Buffer.byteLength(written));
    await expectNoLeftovers(workRoot);
  });

  it("lists what the export left out in the job's result, bounded, with the total", async () => {
    const { job } = await run((context) => {
      for (let index = 0; index < 1005; index += 1) {
        context.reportSkipped({ dataset_id: 'big', entry_id: `e${index}`, reason: 'no image' });
      }
    });
    expect(job.status).toBe('completed');
    expect(job.skipped_total).toBe(1005);
    expect(job.skipped).toHaveLength(1000);
    expect(job.skipped[0]).toEqual({ dataset_id: 'big', entry_id: 'e0', reason: 'no image' });
  });

  it('an export that writes nothing completes with no file', async () => {
    const { job, outDir } = await run(async (context) => {
      for await (const dataset of context.datasets) await dataset.entries().count();
    });
    expect(job.status).toBe('completed');
    expect(job.output).toBeNull();
    expect(await readdir(outDir)).toEqual([]);
  });

  it('context.error(message) fails with exactly that message, even when the exporter swallows it', async () => {
    const direct = await run((context) => context.error('no labels configured for "cats"'));
    expect(direct.job).toMatchObject({ status: 'errored', error: 'no labels configured for "cats"' });
    const swallowed = await run((context) => {
      try {
        context.error('first problem');
      } catch {
        // an exporter that catches everything
      }
      context.io.file({ format: 'txt' });
    });
    expect(swallowed.job).toMatchObject({ status: 'errored', error: 'first problem', output: null });
    expect(await readdir(swallowed.outDir)).toEqual([]);
  });

  it.each([
    ['an Error', () => { throw new Error('disk on fire'); }, 'disk on fire'],
    ['a TypeError', () => { throw new TypeError('x is not a function'); }, 'TypeError: x is not a function'],
    ['a string', () => { throw 'plain string failure'; }, 'plain string failure'],
    ['undefined', () => { throw undefined; }, 'the export threw undefined (no error value)'],
    ['a rejected plain object', () => Promise.reject({ status: 503 }), 'the export threw a non-Error value: {"status":503}'],
    ['an object with a message', () => Promise.reject({ message: 'api said no' }), 'api said no'],
  ])('anything thrown ends in errored with a readable message: %s', async (_kind, exportFn, message) => {
    const { job, statuses, workRoot } = await run(exportFn);
    expect(job.status).toBe('errored');
    expect(job.error).toBe(message);
    expect(statuses.at(-1)).toBe('errored');
    expect(statuses).not.toContain('completed');
    await expectNoLeftovers(workRoot);
  });

  it('keeps the error\'s code and the plugin it names beside the message', async () => {
    const thrown = await run(() => {
      throw new Error('disk on fire');
    });
    expect(thrown.job).toMatchObject({ error: 'disk on fire', error_code: 'EXPORT_THREW', error_plugin: 'test-plugin', plugin: 'test-plugin' });
    const reported = await run((context) => context.error('no labels'));
    expect(reported.job).toMatchObject({ error: 'no labels', error_code: 'EXPORT_FAILED', error_plugin: 'test-plugin' });
    const misused = await run((context) => context.io.file({ name: 'a/b.json' }));
    expect(misused.job).toMatchObject({ error_code: 'IO_PATH_INVALID', error_plugin: 'test-plugin' });
    // A dataset the source does not have is the request's fault, not the plugin's.
    const { job } = await run(() => undefined, { datasetIds: ['nope'] });
    expect(job).toMatchObject({ status: 'errored', error_plugin: null });
    expect(job.error_code).toMatch(/^[A-Z_]+$/);
    const completed = await run((context) => context.io.file({ format: 'txt' }));
    expect(completed.job).toMatchObject({ status: 'completed', error: null, error_code: null, error_plugin: null });
  });

  it('a failure after writing publishes nothing and removes the temp files', async () => {
    const { job, outDir, workRoot } = await run(async (context) => {
      await context.io.writeFile('part.json', '{"half": true}');
      throw new Error('failed half-way');
    });
    expect(job.status).toBe('errored');
    expect(await readdir(outDir)).toEqual([]);
    await expectNoLeftovers(workRoot);
  });

  it('reschedule runs the job again after the delay, counting retries', async () => {
    let runs = 0;
    const { job, statuses } = await run(async (context) => {
      runs += 1;
      if (runs < 3) context.reschedule({ after: '20ms' });
      context.io.file({ format: 'txt' });
    });
    expect(runs).toBe(3);
    expect(job).toMatchObject({ status: 'completed', retry_count: 2 });
    expect(statuses).toEqual(['pending', 'running', 'pending', 'running', 'pending', 'running', 'completed']);
  });

  it('rescheduling is bounded', async () => {
    const { job } = await run((context) => context.reschedule({ after: 1 }), { maxReschedules: 2 });
    expect(job).toMatchObject({ status: 'errored', retry_count: 2 });
    expect(job.error).toContain('more than 2 times');
  });

  it('rejects a bad reschedule delay', async () => {
    const { job } = await run((context) => context.reschedule({ after: 'soon' }));
    expect(job.status).toBe('errored');
    expect(job.error).toContain('"after" expected milliseconds');
  });

  it('cancellation mid-export ends in cancelled, publishes nothing and cleans up', async () => {
    const controller = new AbortController();
    const { job, outDir, workRoot } = await run(
      async (context) => {
        await context.io.writeFile('partial.txt', 'x');
        for await (const dataset of context.datasets) {
          for await (const entry of dataset.entries()) {
            if (entry.record.name === 'big-3') controller.abort();
          }
        }
      },
      { signal: controller.signal },
    );
    expect(job.status).toBe('cancelled');
    expect(await readdir(outDir)).toEqual([]);
    await expectNoLeftovers(workRoot);
  });

  it('an export that ignores the signal is still cancelled', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const { job } = await run(() => new Promise(() => {}), { signal: controller.signal });
    expect(job.status).toBe('cancelled');
  });

  it('no final record is left pending or running', async () => {
    const outcomes: JobRecord[] = [];
    for (const fn of [() => {}, () => { throw 1; }, (c: ExportContext) => c.error('x')]) {
      outcomes.push((await run(fn)).job);
    }
    expect(outcomes.map((job) => job.status)).toEqual(['completed', 'errored', 'errored']);
  });
});
