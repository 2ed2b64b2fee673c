import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretResolver } from '../../../runtime/destinations/secrets.ts';
import { runExportInProcess } from '../../../runtime/jobs/run-export-in-process.ts';
import { createLogger } from '../../../runtime/logger.ts';
import { startWorker, type Worker } from '../../../runtime/queue/worker.ts';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { LocalOutputStorage } from '../../../runtime/storage/local-output-storage.ts';
import { type RunningS3, startS3Server } from '../../support/s3-server.ts';
import { RecordingHttpServer } from '../../support/recording-http-server.ts';
import { waitUntil } from '../../support/wait-until.ts';
import { FIXTURE_PLUGINS, postExport, type RunningTestService, startTestService } from './support/service-harness.ts';

const SECRET = 'Bearer downstream-s3cr3t';
let service: RunningTestService;
let worker: Worker;
let receiver: RecordingHttpServer;
let folder: string;
let s3: RunningS3;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'idah-destination-folder-'));
  receiver = await RecordingHttpServer.start();
  s3 = await startS3Server('team-exports');
  const storageDir = await mkdtemp(join(tmpdir(), 'idah-destination-storage-'));
  service = await startTestService({
    storage: new LocalOutputStorage(storageDir),
    storeOptions: { deliveryRetry: { baseMs: 100, capMs: 300 } },
    pluginPaths: [join(FIXTURE_PLUGINS, 'push-to-api')],
  });
  worker = startWorker({
    store: service.store,
    storage: service.context.storage,
    runner: runExportInProcess,
    plugins: { paths: [join(FIXTURE_PLUGINS, 'push-to-api')], cwd: service.work },
    stateDir: join(service.work, 'worker-state'),
    workerId: 'destinations-test',
    heartbeatMs: 100,
    pollMs: 50,
    sweepMs: 1000,
    logger: createLogger('worker', () => {}),
    delivery: {
      secrets: new SecretResolver({ env: { IDAH_SECRET_HOOK: SECRET, TEAM_S3_ACCESS_KEY_ID: s3.credentials.accessKeyId, TEAM_S3_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey } }),
      pollMs: 50,
    },
  });
  (service as { storageDir?: string }).storageDir = storageDir;
}, 60_000);

afterAll(async () => {
  await worker?.stop(false);
  await service?.close();
  await receiver?.close();
  await s3?.close();
  await rm(folder, { recursive: true, force: true });
  await rm((service as { storageDir?: string })?.storageDir ?? '', { recursive: true, force: true });
});

const getJson = async (path: string) => {
  const response = await fetch(`${service.api}${path}`);
  return { status: response.status, text: await response.text() };
};
const exportAttributes = async (id: string) => JSON.parse((await getJson(`/exports/${id}`)).text).data.attributes as Record<string, unknown>;
const settled = (id: string, statuses: string[]) =>
  waitUntil(`export ${id} delivery to be ${statuses.join(' or ')}`, async () => {
    const attributes = await exportAttributes(id);
    return statuses.includes(String(attributes.destination_status)) ? attributes : null;
  }, 30_000);
const download = async (id: string) => {
  const response = await fetch(`${service.api}/exports/${id}/download`);
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
};
const exportOf = async (destination: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
  const { response, body } = await postExport(service, { project_id: 'data', dataset_ids: ['small'], exporter: 'json', destination, ...extra });
  expect(response.status).toBe(202);
  return body.data.id;
};

describe('destinations through the service', () => {
  it('retries an HTTP destination that answers 500 first, then delivers once; the job ran once and the file stays downloadable', async () => {
    receiver.requests.length = 0;
    receiver.answers = [{ status: 500, body: 'warming up' }];
    const id = await exportOf({ type: 'http', url: `${receiver.url}/ingest`, secret_headers: { Authorization: 'secret:hook' } });
    const done = await settled(id, ['delivered', 'failed']);
    expect(done).toMatchObject({ destination_status: 'delivered', destination_attempts: 2, destination_error: null });
    expect(done.delivered_to).toBe(`POST ${receiver.url}/ingest (HTTP 200)`);
    expect(receiver.requests).toHaveLength(2);
    const stored = await download(id);
    expect(stored.status).toBe(200);
    for (const request of receiver.requests) {
      expect(request.headers.authorization).toBe(SECRET);
      expect(request.body.equals(stored.bytes)).toBe(true);
    }
    const job = JSON.parse((await getJson(`/jobs/${String(done.job_id)}`)).text).data.attributes;
    expect(job).toMatchObject({ status: 'completed', attempt: 1 });
    // References only, anywhere the API shows the export or its job.
    expect(done.destination).toEqual({ type: 'http', url: `${receiver.url}/ingest`, secret_headers: { Authorization: 'secret:hook' } });
    for (const path of [`/exports/${id}`, `/jobs/${String(done.job_id)}`, `/jobs/${String(done.job_id)}/logs`, '/exports']) {
      expect((await getJson(path)).text).not.toContain(SECRET);
    }
    const logs = (await getJson(`/jobs/${String(done.job_id)}/logs`)).text;
    expect(logs).toContain('answered HTTP 500: warming up; next attempt at');
    expect(logs).toContain('delivered out.json'.replace('out.json', String(done.filename)));
  }, 60_000);

  it('a destination that always fails ends failed with its error; the export stays downloadable; POST /exports/:id/deliver sends it again', async () => {
    receiver.requests.length = 0;
    receiver.answers = [];
    receiver.fallback = { status: 502, body: '<html>bad gateway</html>' };
    const id = await exportOf({ type: 'http', url: `${receiver.url}/down`, method: 'PUT', body: 'notification', max_attempts: 3 });
    const failed = await settled(id, ['failed', 'delivered']);
    expect(failed.destination_status).toBe('failed');
    expect(failed.destination_attempts).toBe(3);
    expect(failed.destination_error).toBe(`PUT ${receiver.url}/down answered HTTP 502: <html>bad gateway</html>`);
    expect(receiver.requests).toHaveLength(3);
    const notification = JSON.parse(receiver.requests[0]!.body.toString());
    expect(notification).toMatchObject({ export_id: id, filename: failed.filename, size: failed.size, etag: failed.etag });
    expect(notification.download_url).toBeNull();
    expect((await download(id)).status).toBe(200);
    const job = JSON.parse((await getJson(`/jobs/${String(failed.job_id)}`)).text).data.attributes;
    expect(job).toMatchObject({ status: 'completed', attempt: 1, error: null });

    receiver.fallback = { status: 200, body: 'ok' };
    const again = await fetch(`${service.api}/exports/${id}/deliver`, { method: 'POST' });
    expect(again.status).toBe(202);
    expect(((await again.json()) as { data: { attributes: unknown } }).data.attributes).toMatchObject({ destination_status: 'pending', destination_attempts: 0 });
    expect(await settled(id, ['delivered', 'failed'])).toMatchObject({ destination_status: 'delivered', destination_attempts: 1 });
    const twice = await fetch(`${service.api}/exports/${id}/deliver`, { method: 'POST' });
    expect(twice.status).toBe(202);
    await settled(id, ['delivered']);
  }, 60_000);

  it('delivers into a folder, the same bytes as the download', async () => {
    const id = await exportOf({ type: 'local', path: folder });
    const done = await settled(id, ['delivered', 'failed']);
    expect(done.destination_status).toBe('delivered');
    expect(await readdir(folder)).toEqual([done.filename]);
    expect((await readFile(join(folder, String(done.filename)))).equals((await download(id)).bytes)).toBe(true);
  }, 60_000);

  it('delivers to an S3 bucket under its prefix, credentials by reference; the object equals the download', async () => {
    const id = await exportOf({ type: 's3', bucket: s3.bucket, prefix: 'idah/daily', endpoint: s3.endpoint, credentials: 'env:TEAM_S3' }, { dataset_ids: ['big', 'small'] });
    const done = await settled(id, ['delivered', 'failed']);
    expect(done.destination_status).toBe('delivered');
    expect(done.delivered_to).toBe(`s3://${s3.bucket}/idah/daily/${String(done.filename)}`);
    const client = new S3Client({ region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true, credentials: s3.credentials });
    try {
      const object = await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: `idah/daily/${String(done.filename)}` }));
      expect(Buffer.from(await object.Body!.transformToByteArray()).equals((await download(id)).bytes)).toBe(true);
    } finally {
      client.destroy();
    }
  }, 60_000);

  it('an exporter that pushes to an API itself completes with no file; its delivery is none', async () => {
    receiver.requests.length = 0;
    receiver.fallback = { status: 200, body: 'ok' };
    const { response, body } = await postExport(service, {
      project_id: 'data',
      dataset_ids: ['small'],
      exporter: 'PushToApi::PushEntries',
      options: { url: `${receiver.url}/entries` },
      destination: { type: 'local', path: folder, filename: 'never.txt' },
    });
    expect(response.status).toBe(202);
    const id = body.data.id;
    const done = await settled(id, ['none']);
    expect(done).toMatchObject({ file_id: null, filename: null, destination_status: 'none' });
    const job = JSON.parse((await getJson(`/jobs/${String(done.job_id)}`)).text).data.attributes;
    expect(job.status).toBe('completed');
    expect(receiver.requests.map((request) => request.path)).toEqual(['/entries', '/entries', '/entries']);
    expect(await readdir(folder)).not.toContain('never.txt');
    expect((await download(id)).status).toBe(404);
  }, 60_000);

  it('refuses a bad destination before queuing, every problem with its pointer', async () => {
    const before = (await service.store.listExports()).total;
    const { response, body } = await postExport(service, {
      project_id: 'data',
      dataset_ids: ['small'],
      exporter: 'json',
      destination: { type: 's3', bucket: 'B', credentials: 'AKIAXXXX', forcePathStyle: true },
    });
    expect(response.status).toBe(422);
    expect(body.errors!.map((error) => [error.code, (error.source as { pointer: string }).pointer, error.detail])).toEqual([
      ['DESTINATION_INVALID', '/destination/bucket', 'destination.bucket: expected a bucket name (3 to 63 lowercase letters, digits, "." and "-"), got string "B"'],
      ['DESTINATION_INVALID', '/destination/credentials', 'destination.credentials: expected a secret reference such as "env:NAME", "secret:NAME" or "file:/path" (never the secret itself), got string "AKIAXXXX"'],
      ['DESTINATION_INVALID', '/destination/forcePathStyle', 'destination.forcePathStyle: unknown field for type "s3"; expected type, bucket, prefix, filename, region, endpoint, force_path_style, credentials, overwrite, max_attempts'],
    ]);
    expect((await service.store.listExports()).total).toBe(before);
    const plain = await postExport(service, { project_id: 'data', dataset_ids: ['small'], exporter: 'json' });
    const conflict = await fetch(`${service.api}/exports/${plain.body.data.id}/deliver`, { method: 'POST' });
    expect(conflict.status).toBe(409);
    expect(((await conflict.json()) as { errors: Array<{ detail: string }> }).errors[0]?.detail).toBe(`export ${plain.body.data.id} cannot be delivered again: it has no destination`);
    expect((await fetch(`${service.api}/exports/987654/deliver`, { method: 'POST' })).status).toBe(404);
  });
});
