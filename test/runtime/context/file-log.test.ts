import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { ExportContext, Exporter, StepExporter } from '../../../runtime/index.ts';
import { jobLogRows, MAX_FILE_LOG_IN_RECORD } from '../../../runtime/host.ts';
import { listZipEntries, readZipEntry, runExport } from '../../../runtime/testing/index.ts';

const datasets = [{ name: 'd', entries: [{ name: 'a' }] }];

function exporterOf(body: (context: ExportContext) => unknown) {
  return class FileLogUnderTest implements Exporter {
    name = 'File log under test';
    description = 'file log';
    export(context: ExportContext) {
      return body(context);
    }
  };
}

/** Writes `count` files into the directory output; every seventh fails. */
async function writeFiles(context: ExportContext, count: number) {
  for (let index = 1; index <= count; index += 1) {
    const failed = index % 7 === 0;
    if (!failed) await context.io.writeFile(`files/${index}.txt`, String(index));
    await context.logFile({ id: index, file: `files/${index}.txt`, status: failed ? 'failed' : 'success', error: failed ? `bad ${index}` : null, category: 'data_file' });
  }
}

describe('context.logFile()', () => {
  it('keeps the first entries in the record, streams all of them as events, and lists the failed ones in error_file_list.json', async () => {
    const result = await runExport(exporterOf((context) => writeFiles(context, 250)), { datasets });
    expect(result.status).toBe('completed');
    const log = result.job.file_log;
    expect(log.total).toBe(250);
    expect(log.failed).toBe(35);
    expect(log.entries).toHaveLength(MAX_FILE_LOG_IN_RECORD);
    expect(log.path).toBeNull();
    expect(result.fileLog.map((entry) => entry.seq)).toEqual(Array.from({ length: 250 }, (_, index) => index + 1));
    expect(result.fileLog[6]).toMatchObject({ seq: 7, id: '7', file: 'files/7.txt', status: 'failed', error: 'bad 7', category: 'data_file' });
    // Batched: far fewer events than entries, none over 100.
    const batches = result.events.filter((event) => event.event === 'file_log');
    expect(batches.length).toBeLessThanOrEqual(5);
    for (const batch of batches) expect(batch.entries.length).toBeLessThanOrEqual(100);

    expect(await listZipEntries(result.output!.path)).toContain('error_file_list.json');
    const list = JSON.parse((await readZipEntry(result.output!.path, 'error_file_list.json')).toString('utf8'));
    expect(list).toHaveLength(35);
    expect(list[0]).toEqual({ id: '7', category: 'data_file', file: 'files/7.txt', error: 'bad 7' });
  });

  it('writes no error_file_list.json when nothing failed', async () => {
    const result = await runExport(
      exporterOf(async (context) => {
        await context.io.writeFile('a.txt', 'a');
        await context.logFile({ id: 'a', file: 'a.txt', status: 'success' });
      }),
      { datasets },
    );
    expect(await listZipEntries(result.output!.path)).toEqual(['a.txt']);
  });

  it('file mode: the output stays the one file; failures are in the record and the kept log', async () => {
    const result = await runExport(
      exporterOf(async (context) => {
        context.io.file({ format: 'txt' });
        await context.logFile({ id: 1, file: 'remote://x', status: 'failed', error: new Error('refused') });
      }),
      { datasets, keepFileLog: true },
    );
    expect(result.output?.filename).toMatch(/\.txt$/);
    expect(result.job.file_log.failed).toBe(1);
    expect(result.job.file_log.path).toBe(`${result.output!.path}.files.ndjson`);
    const lines = (await readFile(result.job.file_log.path!, 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toEqual([expect.objectContaining({ seq: 1, id: '1', status: 'failed', error: 'refused', category: 'file' })]);
  });

  it('keeps the whole log beside the output on request, even past the record\'s bound, and for a failed job', async () => {
    const kept = await runExport(exporterOf((context) => writeFiles(context, 300)), { datasets, keepFileLog: true });
    const lines = (await readFile(kept.job.file_log.path!, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(300);
    expect(JSON.parse(lines[299]!)).toMatchObject({ seq: 300, file: 'files/300.txt' });

    const failed = await runExport(
      exporterOf(async (context) => {
        await writeFiles(context, 3);
        throw new Error('late failure');
      }),
      { datasets, keepFileLog: true },
    );
    expect(failed.status).toBe('errored');
    expect(failed.job.file_log.path).toMatch(new RegExp(`job-${failed.job.id}\\.files\\.ndjson$`));
    expect((await readFile(failed.job.file_log.path!, 'utf8')).trim().split('\n')).toHaveLength(3);
  });

  it('defaults the category to the running step', async () => {
    class Stepped implements StepExporter {
      name = 'Stepped';
      description = '';
      steps = [{ name: 'copy_originals', progressWeight: 1, run: (context: ExportContext) => context.logFile({ id: 'a', file: 'a.jpg', status: 'stand_by' }) }];
    }
    const result = await runExport(Stepped, { datasets });
    expect(result.fileLog).toEqual([expect.objectContaining({ category: 'copy_originals', status: 'stand_by' })]);
  });

  it('refuses a bad entry with a clear error', async () => {
    const result = await runExport(exporterOf((context) => context.logFile({ id: 'a', file: 'a', status: 'ok' as never })), { datasets });
    expect(result.job.error_code).toBe('IO_MISUSE');
    expect(result.error).toBe('context.logFile(): status expected "success", "failed" or "stand_by", got "ok"');
  });

  it('turns events into stored log rows, numbered on', async () => {
    const result = await runExport(exporterOf((context) => writeFiles(context, 8)), { datasets });
    let seq = 41;
    const rows = result.events.flatMap((event) => {
      const made = jobLogRows(event, seq);
      seq += made.length;
      return made;
    });
    expect(rows.map((row) => row.seq)).toEqual([41, 42, 43, 44, 45, 46, 47, 48]);
    expect(rows[6]).toMatchObject({ level: 'error', message: 'data_file files/7.txt: failed: bad 7', file: { seq: 7, status: 'failed' } });
    expect(rows[0]).toMatchObject({ level: 'info', message: 'data_file files/1.txt: success' });
    expect(jobLogRows({ event: 'log', level: 'warn', source: 'demo', message: 'careful', time: 't' }, 1)).toEqual([
      { seq: 1, level: 'warn', message: '[demo] careful', file: null, time: 't' },
    ]);
  });
});
