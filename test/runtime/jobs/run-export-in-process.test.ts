import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExportInProcess } from '../../../runtime/jobs/run-export-in-process.ts';
import type { JobEvent } from '../../../runtime/jobs/job-record.ts';
import { twoDatasets } from '../../support/fixtures.ts';
import { writeUpdFile } from '../../support/upd-file.ts';

let dir: string;
let upd: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'idah-run-in-process-'));
  upd = await writeUpdFile(dir, 'data.upd', twoDatasets(12, 3));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const request = (changes: Partial<Parameters<typeof runExportInProcess>[0]> = {}) => ({
  exporter: 'json',
  plugins: { paths: [] as string[], cwd: dir },
  source: { kind: 'upd' as const, path: upd },
  datasetIds: 'all' as const,
  outDir: join(dir, 'out'),
  logSink: () => {},
  ...changes,
});

describe('runExportInProcess', () => {
  it('runs an exporter named by plain data and keeps the queue-given job id', async () => {
    const events: JobEvent[] = [];
    const job = await runExportInProcess(request({ jobId: 'job-1', onEvent: (event) => events.push(event) }));
    expect(job).toMatchObject({ id: 'job-1', status: 'completed', exporter: 'Json::JsonExport', error_code: null });
    expect(await readdir(join(dir, 'out'))).toEqual([job.output?.filename]);
    const document = JSON.parse(await readFile(job.output!.path, 'utf8'));
    expect(document.datasets).toHaveLength(2);
    expect(events.filter((event) => event.event === 'status').map((event) => event.event === 'status' && event.job.status))
      .toEqual(['pending', 'running', 'completed']);
  });

  it('ends errored with the error code when the exporter does not exist', async () => {
    const job = await runExportInProcess(request({ exporter: 'no-such-exporter' }));
    expect(job.status).toBe('errored');
    expect(job.error_code).toBe('EXPORTER_NOT_FOUND');
    expect(job.error).toMatch(/no-such-exporter/);
  });

  it('ends errored with SOURCE_INVALID when the source cannot be opened', async () => {
    const job = await runExportInProcess(request({ source: { kind: 'upd', path: join(dir, 'missing.upd') } }));
    expect(job).toMatchObject({ status: 'errored', error_code: 'SOURCE_INVALID', exporter: 'Json::JsonExport' });
  });

  it('keeps bad options from being retried: the code says OPTIONS_INVALID', async () => {
    const job = await runExportInProcess(request({ options: { pretty: 'very' } }));
    expect(job).toMatchObject({ status: 'errored', error_code: 'OPTIONS_INVALID' });
  });
});
