import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isIdahPluginError } from '../../../runtime/errors.ts';
import { parseS3Url, S3OutputStorage } from '../../../runtime/storage/s3-output-storage.ts';
import { type RunningS3, startS3Server } from '../../support/s3-server.ts';

let s3: RunningS3;
let work: string;
let storage: S3OutputStorage;
// Larger than one 5 MiB part, so lib-storage goes multipart.
const bytes = randomBytes(7 * 1024 * 1024 + 123);
let bigFile: string;

beforeAll(async () => {
  s3 = await startS3Server();
  work = await mkdtemp(join(tmpdir(), 'idah-s3-test-'));
  bigFile = join(work, 'big.zip');
  await writeFile(bigFile, bytes);
  storage = new S3OutputStorage({ bucket: s3.bucket, prefix: 'runs/one', endpoint: s3.endpoint, credentials: s3.credentials });
});

afterAll(async () => {
  storage?.close();
  await s3?.close();
  await rm(work, { recursive: true, force: true });
});

describe('S3OutputStorage against s3rver', () => {
  it('parses s3:// locations and refuses anything else', () => {
    expect(parseS3Url('s3://bucket/a/b/')).toEqual({ bucket: 'bucket', prefix: 'a/b' });
    expect(parseS3Url('s3://bucket')).toEqual({ bucket: 'bucket', prefix: '' });
    expect(() => parseS3Url('https://bucket/x')).toThrow(/expected s3:\/\/bucket/);
  });

  it('uploads multipart, then stats, reads whole and by range', async () => {
    const stored = await storage.put('exports/1/1-out.zip', bigFile, { mimeType: 'application/zip', filename: 'out.zip' });
    expect(stored).toMatchObject({ key: 'exports/1/1-out.zip', size: bytes.length, mimeType: 'application/zip' });
    expect(stored.etag).toMatch(/^[0-9a-f-]+$/);
    expect(await storage.stat('exports/1/1-out.zip')).toEqual(stored);
    const whole = await buffer(await storage.get('exports/1/1-out.zip'));
    expect(whole.equals(bytes)).toBe(true);
    const part = await buffer(await storage.get('exports/1/1-out.zip', { start: 5 * 1024 * 1024 - 2, end: 5 * 1024 * 1024 + 9 }));
    expect(part.equals(bytes.subarray(5 * 1024 * 1024 - 2, 5 * 1024 * 1024 + 10))).toBe(true);
  });

  it('writes a key once', async () => {
    const small = join(work, 'small.json');
    await writeFile(small, '{"a":1}');
    await storage.put('once.json', small, { mimeType: 'application/json', filename: 'once.json' });
    await expect(storage.put('once.json', small, { mimeType: 'application/json', filename: 'once.json' })).rejects.toThrow(/keys are written once/);
  });

  it('gives a presigned URL that downloads the bytes with the file name', async () => {
    const url = await storage.downloadUrl('exports/1/1-out.zip', { filename: 'résumé export.zip', expiresInSeconds: 60 });
    expect(url).toContain('X-Amz-Signature');
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="resume export.zip"; filename*=UTF-8''r%C3%A9sum%C3%A9%20export.zip`);
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('deletes, and then reports the object absent', async () => {
    const small = join(work, 'gone.txt');
    await writeFile(small, 'bye');
    await storage.put('gone.txt', small, { mimeType: 'text/plain', filename: 'gone.txt' });
    await storage.delete('gone.txt');
    await storage.delete('gone.txt');
    expect(await storage.stat('gone.txt')).toBeNull();
    const failure = await storage.get('gone.txt').catch((error: unknown) => error);
    expect(isIdahPluginError(failure, 'STORAGE_NOT_FOUND')).toBe(true);
  });

  it('refuses keys that climb out of the prefix', async () => {
    await expect(storage.stat('../other')).rejects.toThrow(/without "\.\."/);
  });

  it('is healthy when writable and says why when not', async () => {
    expect(await storage.check()).toMatchObject({ ok: true });
    const missing = new S3OutputStorage({ bucket: 'no-such-bucket', prefix: '', endpoint: s3.endpoint, credentials: s3.credentials });
    const health = await missing.check();
    missing.close();
    expect(health.ok).toBe(false);
    expect(health.detail).toMatch(/s3:\/\/no-such-bucket .* is not writable/);
  });

  it('reports a cancelled upload as cancelled and leaves no object', async () => {
    const controller = new AbortController();
    controller.abort();
    const failure = await storage
      .put('cancelled.zip', bigFile, { mimeType: 'application/zip', filename: 'c.zip', signal: controller.signal })
      .catch((error: unknown) => error);
    expect(isIdahPluginError(failure, 'EXPORT_CANCELLED')).toBe(true);
    expect(await storage.stat('cancelled.zip')).toBeNull();
  });
});
