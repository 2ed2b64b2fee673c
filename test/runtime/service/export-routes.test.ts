import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3OutputStorage } from '../../../runtime/storage/s3-output-storage.ts';
import { type RunningS3, startS3Server } from '../../support/s3-server.ts';
import { postExport, publishNextJob, type RunningTestService, startTestService } from './support/service-harness.ts';

let s3: RunningS3;
let storage: S3OutputStorage;
let service: RunningTestService;
const JSON_EXPORTER = 'Json::JsonExport';

beforeAll(async () => {
  s3 = await startS3Server();
  storage = new S3OutputStorage({ bucket: s3.bucket, prefix: 'outputs', endpoint: s3.endpoint, credentials: s3.credentials });
  service = await startTestService({ storage });
});

afterAll(async () => {
  await service?.close();
  storage?.close();
  await s3?.close();
});

const get = (path: string, init?: RequestInit) => fetch(`${service.api}${path}`, init);
const errorsOf = async (response: Response) => ((await response.json()) as { errors: Array<{ status: string; code: string; detail: string; source?: Record<string, string> }> }).errors;

describe('service basics', () => {
  it('reports the store and the storage on /healthcheck, without auth', async () => {
    const response = await get('/healthcheck');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ store: 'OK', storage: 'OK', details: { store: { driver: 'sqlite', ok: true } } });
  });

  it('serves the OpenAPI document with every route and the request body schema', async () => {
    const document = (await (await get('/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>>; servers: Array<{ url: string }> };
    expect(document.servers[0]?.url).toBe('/api/v1/sync');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/healthcheck', '/exports/formats', '/exports/export', '/exports', '/exports/{id}', '/exports/{id}/download', '/jobs', '/jobs/{id}', '/jobs/{id}/cancel', '/jobs/{id}/retry', '/jobs/{id}/logs', '/jobs/events', '/datasets']),
    );
    expect(JSON.stringify(document.paths['/exports/export'])).toContain('dataset_ids');
  });

  it('answers an unknown route with a JSON:API 404', async () => {
    const response = await get('/nothing-here');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/vnd.api+json');
    expect((await errorsOf(response))[0]).toMatchObject({ status: '404', code: 'NOT_FOUND' });
  });
});

describe('formats, plugins and datasets', () => {
  it('lists the formats of a modality with plugin and options schema, and needs modalities[]', async () => {
    const response = await get('/exports/formats?modalities[]=idah-image');
    expect(response.status).toBe(200);
    expect(Number(response.headers.get('x-plugin-failures'))).toBeGreaterThan(0);
    const formats = (await response.json()) as Array<{ exporter: string; plugin: string; options_schema: { properties?: Record<string, unknown> } | null }>;
    const json = formats.find((format) => format.exporter === JSON_EXPORTER);
    expect(json?.plugin).toBe('json');
    expect(Object.keys(json?.options_schema?.properties ?? {})).toEqual(expect.arrayContaining(['pretty', 'entry_status']));
    expect(formats.some((format) => format.exporter === 'GoodImage::ImageBoxes')).toBe(false);
    expect(await (await get('/exports/formats?modalities[]=no-such-modality')).json()).toEqual(expect.not.arrayContaining([expect.objectContaining({ exporter: 'GoodImage::ImageBoxes' })]));

    const missing = await get('/exports/formats');
    expect(missing.status).toBe(422);
    expect((await errorsOf(missing))[0]).toMatchObject({ code: 'QUERY_INVALID', source: { parameter: 'modalities[]' } });
  });

  it('lists the plugins and the broken ones with their cause', async () => {
    const body = (await (await get('/plugins')).json()) as { plugins: Array<{ name: string }>; failures: Array<{ plugin: string; code: string; message: string }> };
    expect(body.plugins.map((plugin) => plugin.name)).toEqual(expect.arrayContaining(['json', 'good-image']));
    expect(body.failures).toEqual([expect.objectContaining({ code: 'PLUGIN_LOAD_FAILED' })]);
  });

  it('lists the datasets of the UPD files with modality and counts; unreadable files in meta', async () => {
    const response = await get('/datasets?sort=-entries_count');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: Array<{ type: string; id: string; attributes: Record<string, unknown> }>; meta: { count: number; problems: Array<{ file: string }> } };
    expect(body.data.map((dataset) => dataset.id)).toEqual(['data:big', 'data:small']);
    expect(body.data[0]).toMatchObject({ type: 'dataset:datasets', attributes: { project_id: 'data', dataset_id: 'big', modality: 'idah-image', entries_count: 12, file: 'data.upd' } });
    expect(body.meta.problems).toEqual([expect.objectContaining({ file: 'not-a-database.upd' })]);
    const filtered = (await (await get('/datasets?filter[dataset_id]=small')).json()) as { errors?: unknown[] };
    expect(filtered.errors).toBeDefined();
    const small = (await (await get('/datasets?filter[id]=data:small&fields[dataset:datasets]=name')).json()) as { data: Array<{ attributes: Record<string, unknown> }> };
    expect(small.data).toEqual([{ type: 'dataset:datasets', id: 'data:small', attributes: { name: 'Small' } }]);
  });

  it('names every unknown filter, sort, page and included parameter in one 422', async () => {
    const response = await get('/datasets?filter[colour]=red&sort=colour&page[size]=0&page[number]=x&included[]=entries&wat=1');
    expect(response.status).toBe(422);
    const parameters = (await errorsOf(response)).map((error) => error.source?.parameter);
    expect(parameters).toEqual(expect.arrayContaining(['filter[colour]', 'sort', 'page[size]', 'page[number]', 'included[]', 'wat']));
  });
});

describe('POST /exports/export', () => {
  it('queues a valid export: 202, Location, the export with its pending job, no secrets in arguments', async () => {
    const { response, body } = await postExport(service, { project_id: 'data', dataset_ids: ['big', 'data:small'], exporter: 'json', options: { pretty: true } });
    expect(response.status).toBe(202);
    expect(response.headers.get('location')).toBe(`/api/v1/sync/exports/${body.data.id}`);
    expect(body.data).toMatchObject({ type: 'sync:exports', attributes: { project_id: 'data', file_id: null } });
    expect(body.included[0]).toMatchObject({ type: 'sync:jobs', attributes: { status: 'pending', exporter: JSON_EXPORTER } });
    const args = body.included[0]?.attributes.arguments as Record<string, unknown>;
    expect(args).toMatchObject({ exporter: JSON_EXPORTER, dataset_ids: ['big', 'small'], options: { pretty: true }, source: { kind: 'upd' } });
    expect(JSON.stringify(body)).not.toMatch(/lease_token|password|secret/);
    await service.store.cancel(body.included[0]?.id as string);
  });

  it('answers 404 for an unknown exporter', async () => {
    const { response, body } = await postExport(service, { project_id: 'data', dataset_ids: ['big'], exporter: 'Nope::Nothing' });
    expect(response.status).toBe(404);
    expect(body.errors?.[0]).toMatchObject({ code: 'EXPORTER_NOT_FOUND', source: { pointer: '/exporter' } });
  });

  it('lists every bad body field, every bad option, unknown datasets and modality mismatches as 422', async () => {
    const bad = await postExport(service, { dataset_ids: [], exporter: 3, extra: true });
    expect(bad.response.status).toBe(422);
    expect(bad.body.errors?.map((error) => (error.source as { pointer: string }).pointer)).toEqual(
      expect.arrayContaining(['/project_id', '/dataset_ids', '/exporter', '/extra']),
    );

    const options = await postExport(service, { project_id: 'data', dataset_ids: ['big', 'ghost'], exporter: 'json', options: { pretty: 'yes', entry_status: 'done' } });
    expect(options.response.status).toBe(422);
    const pointers = options.body.errors?.map((error) => (error.source as { pointer: string }).pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/options/pretty', '/options/entry_status', '/dataset_ids/1']));
    expect(options.body.errors?.map((error) => error.code)).toEqual(expect.arrayContaining(['OPTIONS_INVALID', 'DATASET_NOT_FOUND']));

    const typo = await postExport(service, { project_id: 'data', dataset_ids: ['small'], exporter: 'json', options: { prety: true } });
    expect(typo.response.status).toBe(422);
    expect(typo.body.errors?.[0]).toMatchObject({ code: 'OPTIONS_INVALID', source: { pointer: '/options/prety' } });
    expect(typo.body.errors?.[0]?.detail).toMatch(/unknown option; did you mean "pretty"\?/);

    const modality = await postExport(service, { project_id: 'data', dataset_ids: ['small'], exporter: 'GoodImage::ImageBoxes' });
    expect(modality.response.status).toBe(422);
    expect(modality.body.errors?.[0]).toMatchObject({ code: 'MODALITY_MISMATCH', source: { pointer: '/dataset_ids/0' } });

    const project = await postExport(service, { project_id: 'elsewhere', dataset_ids: ['small'], exporter: 'json' });
    expect(project.body.errors?.[0]).toMatchObject({ code: 'DATASET_NOT_FOUND', source: { pointer: '/project_id' } });

    const text = await fetch(`${service.api}/exports/export`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{not json' });
    expect(text.status).toBe(422);
    expect((await errorsOf(text))[0]?.code).toBe('REQUEST_INVALID');
    // Nothing of these reached the queue.
    expect((await service.store.listJobs({ filter: { status: 'pending' } })).total).toBe(0);
  });

  it('refuses a second export with the same unicity while one is in flight (409)', async () => {
    const first = await postExport(service, { project_id: 'data', dataset_ids: ['small'], exporter: 'json', unicity: 'nightly-small' });
    expect(first.response.status).toBe(202);
    const second = await postExport(service, { project_id: 'data', dataset_ids: ['small'], exporter: 'json', unicity: 'nightly-small' });
    expect(second.response.status).toBe(409);
    expect(second.body.errors?.[0]?.code).toBe('JOB_DUPLICATE');
    await service.store.cancel(first.body.included[0]?.id as string);
  });
});

describe('exports, downloads and jobs', () => {
  const bytes = randomBytes(200_000);
  let exportId: string;
  let jobId: string;

  it('answers 409 on a download while the job is pending, then serves the file byte for byte', async () => {
    const { body } = await postExport(service, { project_id: 'data', dataset_ids: ['big'], exporter: 'json', priority: 5 });
    exportId = body.data.id;
    jobId = body.included[0]?.id as string;
    const early = await get(`/exports/${exportId}/download`);
    expect(early.status).toBe(409);
    expect((await errorsOf(early))[0]).toMatchObject({ code: 'EXPORT_NOT_READY' });

    await publishNextJob(service, bytes, 'big export é.json');
    const response = await get(`/exports/${exportId}/download`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(bytes.length));
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="big export e.json"; filename*=UTF-8''big%20export%20%C3%A9.json`);
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('answers HEAD with the headers only, Range with 206, a bad range with 416, a known ETag with 304', async () => {
    const head = await get(`/exports/${exportId}/download`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(bytes.length));
    expect((await head.arrayBuffer()).byteLength).toBe(0);
    const etag = head.headers.get('etag') as string;
    expect(etag).toMatch(/^"[^"]+"$/);

    const partial = await get(`/exports/${exportId}/download`, { headers: { Range: 'bytes=100-1099' } });
    expect(partial.status).toBe(206);
    expect(partial.headers.get('content-range')).toBe(`bytes 100-1099/${bytes.length}`);
    expect(partial.headers.get('content-length')).toBe('1000');
    expect(Buffer.from(await partial.arrayBuffer()).equals(bytes.subarray(100, 1100))).toBe(true);

    const suffix = await get(`/exports/${exportId}/download`, { headers: { Range: 'bytes=-10' } });
    expect(suffix.status).toBe(206);
    expect(Buffer.from(await suffix.arrayBuffer()).equals(bytes.subarray(bytes.length - 10))).toBe(true);

    const open = await get(`/exports/${exportId}/download`, { headers: { Range: `bytes=${bytes.length - 5}-` } });
    expect(Buffer.from(await open.arrayBuffer()).equals(bytes.subarray(bytes.length - 5))).toBe(true);

    const outside = await get(`/exports/${exportId}/download`, { headers: { Range: `bytes=${bytes.length}-` } });
    expect(outside.status).toBe(416);
    expect(outside.headers.get('content-range')).toBe(`bytes */${bytes.length}`);
    expect((await errorsOf(outside))[0]?.code).toBe('RANGE_NOT_SATISFIABLE');

    const stale = await get(`/exports/${exportId}/download`, { headers: { Range: 'bytes=0-9', 'If-Range': '"other"' } });
    expect(stale.status).toBe(200);
    await stale.arrayBuffer();

    const cached = await get(`/exports/${exportId}/download`, { headers: { 'If-None-Match': etag } });
    expect(cached.status).toBe(304);
  });

  it('lists and shows exports with the job included, sorted and filtered; unknown names are 422', async () => {
    const list = await get('/exports?filter[status]=active&sort=-created_at&included[]=job&page[size]=2');
    expect(list.status).toBe(200);
    const body = (await list.json()) as { data: Array<{ id: string; relationships: { job: { data: { id: string } } } }>; included: Array<{ type: string; id: string }>; meta: { count: number; page: { size: number } } };
    expect(body.data[0]?.id).toBe(exportId);
    expect(body.meta.page.size).toBe(2);
    expect(body.meta.count).toBeGreaterThanOrEqual(3);
    expect(body.included.map((resource) => resource.id)).toContain(jobId);

    const show = (await (await get(`/exports/${exportId}?included[]=job&fields[sync:exports]=filename,size&fields[sync:jobs]=status`)).json()) as {
      data: { attributes: Record<string, unknown> };
      included: Array<{ attributes: Record<string, unknown> }>;
    };
    expect(show.data.attributes).toEqual({ filename: 'big export é.json', size: bytes.length });
    expect(show.included[0]?.attributes).toEqual({ status: 'completed' });

    const unknown = await get('/exports?filter[color]=red&included[]=owner&sort=-colour&fields[sync:exports]=nope');
    expect(unknown.status).toBe(422);
    expect((await errorsOf(unknown)).map((error) => error.source?.parameter)).toEqual(
      expect.arrayContaining(['filter[color]', 'included[]', 'sort', 'fields[sync:exports]']),
    );
    expect((await get('/exports/999999')).status).toBe(404);
    expect((await get(`/exports/${exportId}?page[size]=3`)).status).toBe(422);
  });

  it('lists and shows jobs with their exports; filters by status', async () => {
    const list = (await (await get('/jobs?filter[status__in]=completed&included[]=exports')).json()) as {
      data: Array<{ id: string; attributes: Record<string, unknown>; relationships: { exports: { data: Array<{ id: string }> } } }>;
      included: Array<{ id: string }>;
    };
    expect(list.data.map((job) => job.id)).toEqual([jobId]);
    expect(list.data[0]?.relationships.exports.data).toEqual([{ type: 'sync:exports', id: exportId }]);
    expect(list.data[0]?.attributes).not.toHaveProperty('lease_token');
    const show = await get(`/jobs/${jobId}`);
    expect(((await show.json()) as { data: { attributes: { status: string; progress: number } } }).data.attributes).toMatchObject({ status: 'completed', progress: 1 });
    expect((await get('/jobs/00000000-0000-7000-8000-000000000000')).status).toBe(404);
    expect((await get('/jobs?filter[arguments]=x')).status).toBe(422);
  });

  it('serves logs as JSON or NDJSON after a sequence number', async () => {
    await service.store.appendLogs(jobId, [
      { level: 'info', message: 'one' },
      { level: 'warn', message: 'two' },
      { level: 'info', message: 'three' },
    ]);
    const json = (await (await get(`/jobs/${jobId}/logs?after=1&limit=1`)).json()) as { data: Array<{ seq: number; message: string }>; meta: { next_after: number } };
    expect(json.data.map((line) => line.message)).toEqual(['two']);
    expect(json.meta.next_after).toBe(2);
    const ndjson = await get(`/jobs/${jobId}/logs`, { headers: { Accept: 'application/x-ndjson' } });
    expect(ndjson.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = (await ndjson.text()).trim().split('\n').map((line) => JSON.parse(line) as { message: string });
    expect(lines.map((line) => line.message)).toEqual(['one', 'two', 'three']);
    expect((await get(`/jobs/${jobId}/logs?limit=0`)).status).toBe(422);
    expect((await get('/jobs/00000000-0000-7000-8000-000000000000/logs')).status).toBe(404);
  });

  it('cancels, retries and deletes jobs with the right status codes', async () => {
    const { body } = await postExport(service, { project_id: 'data', dataset_ids: ['small'], exporter: 'json' });
    const id = body.included[0]?.id as string;
    const cancelled = await get(`/jobs/${id}/cancel`, { method: 'POST' });
    expect(cancelled.status).toBe(202);
    expect(((await cancelled.json()) as { data: { attributes: { status: string } } }).data.attributes.status).toBe('cancelled');
    expect((await get(`/jobs/${id}/cancel`, { method: 'POST' })).status).toBe(409);
    const retried = await get(`/jobs/${id}/retry`, { method: 'POST' });
    expect(retried.status).toBe(202);
    expect(((await retried.json()) as { data: { attributes: { status: string } } }).data.attributes.status).toBe('pending');
    const again = await get(`/jobs/${id}/retry`, { method: 'POST' });
    expect(again.status).toBe(409);
    expect((await errorsOf(again))[0]?.code).toBe('JOB_STATE_CONFLICT');
    // A pending job is cancelled, then deleted.
    expect((await get(`/jobs/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await get(`/jobs/${id}`)).status).toBe(404);
    expect((await get(`/jobs/${id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await get(`/jobs/${id}/retry`, { method: 'POST' })).status).toBe(404);
  });

  it('deletes an export: the file goes, the download is 410', async () => {
    const key = (await service.store.getExport(exportId))?.file_id as string;
    expect(await storage.stat(key)).not.toBeNull();
    expect((await get(`/exports/${exportId}`, { method: 'DELETE' })).status).toBe(204);
    expect(await storage.stat(key)).toBeNull();
    const gone = await get(`/exports/${exportId}/download`);
    expect(gone.status).toBe(410);
    expect((await errorsOf(gone))[0]?.code).toBe('EXPORT_GONE');
    expect((await get('/exports/999999', { method: 'DELETE' })).status).toBe(404);
  });

  it('answers 410 for an export its retention expired, naming when', async () => {
    const { body } = await postExport(service, { project_id: 'data', dataset_ids: ['small'], exporter: 'json' });
    await publishNextJob(service, Buffer.from('{"soon":"gone"}'));
    expect((await get(`/exports/${body.data.id}/download`)).status).toBe(200);
    const expired = await service.store.expireExports(new Date(Date.now() + 1000).toISOString());
    await Promise.all(expired.map((row) => storage.delete(row.storageKey)));
    const gone = await get(`/exports/${body.data.id}/download`);
    expect(gone.status).toBe(410);
    expect((await errorsOf(gone))[0]).toMatchObject({ code: 'EXPORT_GONE', detail: expect.stringContaining('expired') });
  });
});
