import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3OutputStorage } from '../../../runtime/storage/s3-output-storage.ts';
import { type RunningS3, startS3Server } from '../../support/s3-server.ts';
import { postExport, publishNextJob, type RunningTestService, startTestService } from './support/service-harness.ts';

let s3: RunningS3;
let storage: S3OutputStorage;
let service: RunningTestService;

beforeAll(async () => {
  s3 = await startS3Server();
  storage = new S3OutputStorage({ bucket: s3.bucket, prefix: 'shared', endpoint: s3.endpoint, credentials: s3.credentials });
  service = await startTestService({ storage, redirectDownloads: true });
});

afterAll(async () => {
  await service?.close();
  storage?.close();
  await s3?.close();
});

describe('downloads from S3', () => {
  it('redirects to a presigned URL that serves the bytes, ranges and the file name', async () => {
    const bytes = randomBytes(6 * 1024 * 1024);
    const { body } = await postExport(service, { project_id: 'data', dataset_ids: ['big'], exporter: 'json' });
    await publishNextJob(service, bytes, 'labels.zip', 'application/zip');
    const redirect = await fetch(`${service.api}/exports/${body.data.id}/download`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    const location = redirect.headers.get('location') as string;
    expect(location.startsWith(`${s3.endpoint}/${s3.bucket}/shared/exports/${body.data.id}/`)).toBe(true);
    const followed = await fetch(`${service.api}/exports/${body.data.id}/download`);
    expect(followed.status).toBe(200);
    expect(followed.headers.get('content-disposition')).toContain(`filename*=UTF-8''labels.zip`);
    expect(Buffer.from(await followed.arrayBuffer()).equals(bytes)).toBe(true);
    // A page's fetch cannot follow the redirect to another origin: it asks for the URL instead.
    const asked = await fetch(`${service.api}/exports/${body.data.id}/download`, { headers: { Accept: 'application/vnd.idah-plugin.download-url+json' } });
    expect(asked.status).toBe(200);
    expect(asked.headers.get('content-type')).toBe('application/vnd.idah-plugin.download-url+json');
    const { url, expires_in } = (await asked.json()) as { url: string; expires_in: number };
    expect(expires_in).toBe(300);
    expect(Buffer.from(await (await fetch(url)).arrayBuffer()).equals(bytes)).toBe(true);
    const ranged = await fetch(location, { headers: { Range: 'bytes=10-19' } });
    expect(ranged.status).toBe(206);
    expect(Buffer.from(await ranged.arrayBuffer()).equals(bytes.subarray(10, 20))).toBe(true);
  });

  it('reports 503 on /healthcheck when the storage is not writable', async () => {
    const broken = new S3OutputStorage({ bucket: 'missing-bucket', prefix: '', endpoint: s3.endpoint, credentials: s3.credentials });
    const healthy = service.context.storage;
    service.context.storage = broken;
    try {
      const response = await fetch(`${service.api}/healthcheck`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ store: 'OK', storage: 'FAILED', details: { storage: { ok: false } } });
    } finally {
      service.context.storage = healthy;
      broken.close();
    }
  });
});
