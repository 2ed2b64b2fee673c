import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CocoExport } from '../../../../plugins/coco/backends/sync/coco/export.ts';
import { CsvExport } from '../../../../plugins/csv/backends/sync/csv/export.ts';
import { JsonExport } from '../../../../plugins/json/backends/sync/json/export.ts';
import { buildDemoDatasets } from '../../../../runtime/demo/demo-datasets.ts';
import type { ExporterClass } from '../../../../runtime/exporter.ts';
import { runExportJob } from '../../../../runtime/jobs/run-export-job.ts';
import type { DataSource } from '../../../../runtime/sources/data-source.ts';
import { IdahApiSource } from '../../../../runtime/sources/idah-api/idah-api-source.ts';
import { openUpdSource, type UpdSource } from '../../../../runtime/sources/upd/upd-source.ts';
import { serverDataOf } from '../../../support/idah-api-server-data.ts';
import { IdahTestServer } from '../../../support/idah-api-server.ts';
import { writeUpdFile } from '../../../support/upd-file.ts';

let dir: string;
let upd: UpdSource;
let server: IdahTestServer;
let live: IdahApiSource;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'idah-live-same-'));
  // IDAH's datasets carry entries_total_count (kept by a trigger); the UPD file carries it too.
  const fixtures = buildDemoDatasets().map((fixture) => ({ ...fixture, entries_total_count: fixture.entries?.length ?? 0 }));
  upd = await openUpdSource(await writeUpdFile(dir, 'same.upd', fixtures));
  server = await IdahTestServer.start(await serverDataOf(upd), { account: { email: 'e@idah', password: 'p' } });
  live = new IdahApiSource({ baseUrl: server.url, credentials: { kind: 'account', email: 'e@idah', password: 'p' }, pageSize: 5, idsPerRequest: 4 });
}, 60_000);

afterAll(async () => {
  await live?.close();
  await upd?.close();
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

async function outputBytes(exporterClass: ExporterClass, source: DataSource, options: unknown, name: string): Promise<Buffer> {
  const job = await runExportJob({
    exporter: { id: exporterClass.name, exporterClass },
    source,
    datasetIds: 'all',
    options,
    outDir: join(dir, name),
    batchSize: 7,
    logSink: () => {},
  });
  expect(job.error ?? null).toBeNull();
  expect(job.status).toBe('completed');
  return readFile(job.output!.path);
}

describe('a live IDAH exports exactly as the equivalent UPD file', () => {
  it.each<[string, ExporterClass, unknown]>([
    ['json', JsonExport, { pretty: true }],
    ['csv', CsvExport, {}],
    ['coco (with the images)', CocoExport, { include_medias: 'original', reproducible: true }],
  ])('%s: the same bytes', async (name, exporterClass, options) => {
    const fromFile = await outputBytes(exporterClass, upd, options, `${name}-upd`);
    const fromLive = await outputBytes(exporterClass, live, options, `${name}-live`);
    expect(fromFile.length).toBeGreaterThan(500);
    expect(fromLive.equals(fromFile)).toBe(true);
  }, 60_000);

  it('read through the test IDAH over HTTP, in pages', () => {
    expect(server.requestsTo('/api/v1/dataset/entries').length).toBeGreaterThan(5);
    expect(server.requests.some((request) => request.path.startsWith('/api/v1/media/medias/files/'))).toBe(true);
  });
});
