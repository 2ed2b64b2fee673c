import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueWorkerStarter } from '../../../runtime/service/queue-worker.ts';
import { type RunningService, startService } from '../../../runtime/service/start-service.ts';
import { openUpdSource } from '../../../runtime/sources/upd/upd-source.ts';
import { serverDataOf } from '../../support/idah-api-server-data.ts';
import { IdahTestServer } from '../../support/idah-api-server.ts';
import { writeUpdFile } from '../../support/upd-file.ts';
import { waitUntil } from '../../support/wait-until.ts';
import { sampleFixtures } from '../sources/idah-api/support.ts';

const ACCOUNT = { email: 'service@idah', password: 'service-pa55word' };
let work: string;
let idah: IdahTestServer;
let live: RunningService;
let fromFile: RunningService;

const fastWorker = () =>
  queueWorkerStarter({ inProcess: true, tuning: { heartbeatMs: 100, pollMs: 50, sweepMs: 1000 } });

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'idah-live-service-'));
  await mkdir(join(work, 'data'));
  const fixtures = sampleFixtures().map((fixture) => ({ ...fixture, project_id: 'p-7', entries_total_count: fixture.entries?.length ?? 0 }));
  const upd = await openUpdSource(await writeUpdFile(join(work, 'data'), 'p-7.upd', fixtures));
  try {
    idah = await IdahTestServer.start(await serverDataOf(upd), { account: ACCOUNT });
  } finally {
    await upd.close();
  }
  await writeFile(join(work, 'idah-credentials.json'), JSON.stringify(ACCOUNT));
  const common = { cwd: work, host: '127.0.0.1', port: 0, auth: {}, concurrency: 1, startWorker: fastWorker() };
  live = await startService({
    ...common,
    stateDir: join(work, 'live-state'),
    dataDir: join(work, 'data'),
    source: { kind: 'idah-api', baseUrl: idah.url, credentials: { file: join(work, 'idah-credentials.json') } },
  });
  fromFile = await startService({ ...common, stateDir: join(work, 'file-state'), dataDir: join(work, 'data') });
}, 60_000);

afterAll(async () => {
  await live?.close();
  await fromFile?.close();
  await idah?.close();
  await rm(work, { recursive: true, force: true });
});

const api = (service: RunningService) => `${service.url}/api/v1/sync`;

async function exportThrough(service: RunningService): Promise<{ bytes: Buffer; job: Record<string, unknown> }> {
  const response = await fetch(`${api(service)}/exports/export`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ project_id: 'p-7', dataset_ids: ['ds-a', 'ds-b'], exporter: 'json', options: { pretty: true } }),
  });
  expect(response.status).toBe(202);
  const created = (await response.json()) as { data: { id: string; attributes: { job_id: string } } };
  const job = await waitUntil('the export job to finish', async () => {
    const body = (await (await fetch(`${api(service)}/jobs/${created.data.attributes.job_id}`)).json()) as { data: { attributes: Record<string, unknown> } };
    return ['completed', 'errored', 'cancelled'].includes(String(body.data.attributes.status)) ? body.data.attributes : null;
  }, 60_000);
  expect(job.error).toBeNull();
  expect(job.status).toBe('completed');
  const download = await fetch(`${api(service)}/exports/${created.data.id}/download`);
  expect(download.status).toBe(200);
  return { bytes: Buffer.from(await download.arrayBuffer()), job };
}

describe('the service with a live IDAH as its data source', () => {
  it('lists the live datasets, grouped by project, with IDAH\'s entry counter', async () => {
    const body = (await (await fetch(`${api(live)}/datasets`)).json()) as { data: Array<{ id: string; attributes: Record<string, unknown> }>; meta: Record<string, unknown> };
    expect(body.data.map((dataset) => [dataset.id, dataset.attributes.name, dataset.attributes.entries_count, dataset.attributes.file])).toEqual([
      ['p-7:ds-a', 'Streets', 5, null],
      ['p-7:ds-b', 'Fields', 2, null],
    ]);
    expect(body.meta.problems).toEqual([]);
    expect(body.meta.data_dir).toBe(idah.url);
  });

  it('exports through the routes the same bytes as the UPD file does; the job names the credentials, never holds them', async () => {
    const before = idah.requestsTo('/api/v1/dataset/entries').length;
    const fromLive = await exportThrough(live);
    const fromUpd = await exportThrough(fromFile);
    expect(fromLive.bytes.length).toBeGreaterThan(500);
    expect(fromLive.bytes.equals(fromUpd.bytes)).toBe(true);
    expect(idah.requestsTo('/api/v1/dataset/entries').length).toBeGreaterThan(before);
    expect(fromLive.job.arguments).toMatchObject({
      source: { kind: 'idah-api', baseUrl: idah.url, credentials: { file: join(work, 'idah-credentials.json') } },
    });
    expect(JSON.stringify(fromLive.job)).not.toContain(ACCOUNT.password);
  }, 120_000);

  it('refuses a project IDAH does not have, naming the ones it has', async () => {
    const response = await fetch(`${api(live)}/exports/export`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ project_id: 'p-9', dataset_ids: ['ds-a'], exporter: 'json' }),
    });
    expect(response.status).toBe(422);
    const body = (await response.json()) as { errors: Array<{ detail: string }> };
    expect(body.errors[0]?.detail).toBe(`project_id: no project "p-9" among the datasets of IDAH at ${idah.url}; projects: p-7`);
  });
});
