import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliver } from '../../../runtime/destinations/deliver.ts';
import { parseDestination } from '../../../runtime/destinations/destination-schema.ts';
import { type DeliveryFile, isRetryableDeliveryError, retryAfterOf } from '../../../runtime/destinations/delivery.ts';
import { SecretResolver } from '../../../runtime/destinations/secrets.ts';
import { isIdahPluginError } from '../../../runtime/errors.ts';
import { RecordingHttpServer } from '../../support/recording-http-server.ts';
import { type RunningS3, startS3Server } from '../../support/s3-server.ts';

let dir: string;
let small: string;
let big: string;
let bigBytes: Buffer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'idah-deliver-'));
  small = join(dir, 'small.json');
  await writeFile(small, '{"hello":"world"}\n');
  // Over the 5 MiB part size, so the upload is multipart (two parts).
  bigBytes = randomBytes(6 * 1024 * 1024 + 1234);
  big = join(dir, 'big.zip');
  await writeFile(big, bigBytes);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function fileOf(path: string, name: string, extra: Partial<DeliveryFile> = {}): Promise<DeliveryFile> {
  const bytes = await readFile(path);
  return {
    exportId: '42',
    filename: name,
    mimeType: name.endsWith('.zip') ? 'application/zip' : 'application/json',
    size: bytes.length,
    etag: sha256(bytes),
    open: async () => createReadStream(path),
    downloadUrl: 'http://sync.example/api/v1/sync/exports/42/download',
    ...extra,
  };
}

const secrets = (env: NodeJS.ProcessEnv = {}, secretsFile?: string) => new SecretResolver({ env, ...(secretsFile ? { secretsFile } : {}) });

async function failure(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected a failure');
}

describe('local folder', () => {
  it('writes the file under its name, leaves no partial, and a second delivery of the same bytes is a no-op', async () => {
    const target = join(dir, 'delivered', 'nested');
    const destination = parseDestination({ type: 'local', path: target });
    const receipt = await deliver(destination, await fileOf(small, 'out.json'), { secrets: secrets() });
    expect(receipt.location).toBe(join(target, 'out.json'));
    expect(await readFile(join(target, 'out.json'), 'utf8')).toBe('{"hello":"world"}\n');
    await deliver(destination, await fileOf(small, 'out.json'), { secrets: secrets() });
    expect(await readdir(target)).toEqual(['out.json']);
  });

  it('refuses to replace a different file of that name unless told to, and fails a read cut short without a trace', async () => {
    const target = join(dir, 'taken');
    await deliver(parseDestination({ type: 'local', path: target, filename: 'data.bin' }), await fileOf(small, 'x.json'), { secrets: secrets() });
    const clash = await failure(deliver(parseDestination({ type: 'local', path: target, filename: 'data.bin' }), await fileOf(big, 'x.zip'), { secrets: secrets() }));
    expect(clash.code).toBe('DESTINATION_FAILED');
    expect(clash.message).toMatch(/data\.bin already exists with other content; set "overwrite": true/);
    expect(isRetryableDeliveryError(clash)).toBe(false);
    await deliver(parseDestination({ type: 'local', path: target, filename: 'data.bin', overwrite: true }), await fileOf(big, 'x.zip'), { secrets: secrets() });
    expect((await readFile(join(target, 'data.bin'))).equals(bigBytes)).toBe(true);

    const broken = await fileOf(big, 'cut.zip', {
      open: async () => {
        const stream = createReadStream(big, { highWaterMark: 64 * 1024 });
        let read = 0;
        stream.on('data', (chunk) => {
          read += chunk.length;
          if (read > 1024 * 1024) stream.destroy(new Error('storage went away'));
        });
        return stream;
      },
    });
    const cut = await failure(deliver(parseDestination({ type: 'local', path: target }), broken, { secrets: secrets() }));
    expect(cut.message).toMatch(/writing cut\.zip failed: storage went away/);
    expect(isRetryableDeliveryError(cut)).toBe(true);
    expect((await readdir(target)).sort()).toEqual(['data.bin']);
  });
});

describe('local folder under allowed roots', () => {
  it('delivers inside a root and refuses any other folder, writing nothing there', async () => {
    const root = join(dir, 'allowed');
    const inside = await deliver(parseDestination({ type: 'local', path: join(root, 'team') }), await fileOf(small, 'in.json'), { secrets: secrets(), localRoots: [root] });
    expect(inside.location).toBe(join(root, 'team', 'in.json'));
    const outside = await failure(deliver(parseDestination({ type: 'local', path: join(dir, 'allowed-not', 'x') }), await fileOf(small, 'out.json'), { secrets: secrets(), localRoots: [root] }));
    expect(outside.message).toBe(`folder ${join(dir, 'allowed-not', 'x')}: outside the folders this worker delivers to (${root}; --local-destination-root)`);
    expect(isRetryableDeliveryError(outside)).toBe(false);
    const escape = await failure(deliver(parseDestination({ type: 'local', path: `${root}/../elsewhere` }), await fileOf(small, 'out.json'), { secrets: secrets(), localRoots: [root] }));
    expect(escape.message).toMatch(/outside the folders this worker delivers to/);
    expect((await readdir(dir)).filter((name) => name.startsWith('allowed-not') || name === 'elsewhere')).toEqual([]);
  });
});

describe('s3 (s3rver)', () => {
  let s3: RunningS3;
  beforeAll(async () => {
    s3 = await startS3Server('delivered');
  });
  afterAll(() => s3?.close());

  const readBack = async (key: string) => {
    const client = new S3Client({ region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true, credentials: s3.credentials });
    try {
      const object = await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }));
      return { bytes: Buffer.from(await object.Body!.transformToByteArray()), type: object.ContentType };
    } finally {
      client.destroy();
    }
  };

  it('streams a multipart-sized file under the prefix with credentials from env:PREFIX, and it reads back the same', async () => {
    const destination = parseDestination({ type: 's3', bucket: s3.bucket, prefix: '/idah/daily/', endpoint: s3.endpoint, credentials: 'env:EXPORTS_S3' });
    const env = { EXPORTS_S3_ACCESS_KEY_ID: s3.credentials.accessKeyId, EXPORTS_S3_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey };
    const receipt = await deliver(destination, await fileOf(big, 'coco-20261201-000000.zip'), { secrets: secrets(env) });
    expect(receipt.location).toBe(`s3://${s3.bucket}/idah/daily/coco-20261201-000000.zip`);
    const back = await readBack('idah/daily/coco-20261201-000000.zip');
    expect(back.bytes.length).toBe(bigBytes.length);
    expect(sha256(back.bytes)).toBe(sha256(bigBytes));
    expect(back.type).toBe('application/zip');
  }, 60_000);

  it('takes key pairs from the secrets file, and says which secret is missing without printing any', async () => {
    const secretsFile = join(dir, 'secrets.json');
    await writeFile(secretsFile, JSON.stringify({ 'bucket-keys': { access_key_id: s3.credentials.accessKeyId, secret_access_key: s3.credentials.secretAccessKey } }));
    const destination = parseDestination({ type: 's3', bucket: s3.bucket, endpoint: s3.endpoint, credentials: 'secret:bucket-keys', filename: 'named.json' });
    await deliver(destination, await fileOf(small, 'out.json'), { secrets: secrets({}, secretsFile) });
    expect((await readBack('named.json')).bytes.toString()).toBe('{"hello":"world"}\n');
    const missing = await failure(deliver(parseDestination({ type: 's3', bucket: s3.bucket, endpoint: s3.endpoint, credentials: 'env:NOPE' }), await fileOf(small, 'out.json'), { secrets: secrets() }));
    expect(missing.code).toBe('SECRET_NOT_FOUND');
    expect(missing.message).toBe('env:NOPE_ACCESS_KEY_ID: the environment variable NOPE_ACCESS_KEY_ID is not set on this worker');
    expect(isRetryableDeliveryError(missing)).toBe(false);
  });

  it('at a taken key: the same bytes count as delivered without an upload, other bytes fail unless overwrite', async () => {
    const env = { K_ACCESS_KEY_ID: s3.credentials.accessKeyId, K_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey };
    const destination = parseDestination({ type: 's3', bucket: s3.bucket, prefix: 'clash', endpoint: s3.endpoint, credentials: 'env:K' });
    const client = new S3Client({ region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true, credentials: s3.credentials });
    const metadataOf = async (key: string) => (await client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: key }))).Metadata;
    // Counts the reads of the file: an upload reads it, a delivery found already done does not.
    let opens = 0;
    const counted = async (path: string, name: string, extra: Partial<DeliveryFile> = {}) => {
      const file = await fileOf(path, name, extra);
      return { ...file, open: async (signal?: AbortSignal) => ((opens += 1), file.open(signal)) };
    };
    try {
      const first = await deliver(destination, await counted(small, 'coco-20261201-000000.json'), { secrets: secrets(env) });
      expect(first.location).toBe(`s3://${s3.bucket}/clash/coco-20261201-000000.json`);
      expect(await metadataOf('clash/coco-20261201-000000.json')).toEqual({ sha256: sha256(await readFile(small)) });
      expect(opens).toBe(1);

      const again = await deliver(destination, await counted(small, 'coco-20261201-000000.json'), { secrets: secrets(env) });
      expect(again.location).toBe(first.location);
      expect(opens).toBe(1);
      // A storage whose etag is not a SHA-256 (a bucket's): the bytes are read once to hash them, still no upload.
      await deliver(destination, await counted(small, 'coco-20261201-000000.json', { etag: 'd41d8cd98f00b204e9800998ecf8427e' }), { secrets: secrets(env) });
      expect(opens).toBe(2);

      const clash = await failure(deliver(destination, await counted(big, 'coco-20261201-000000.json'), { secrets: secrets(env) }));
      expect(clash.code).toBe('DESTINATION_FAILED');
      expect(clash.message).toBe(`s3://${s3.bucket}/clash/coco-20261201-000000.json: the key already holds an object with other content; set "overwrite": true to replace it`);
      expect(isRetryableDeliveryError(clash)).toBe(false);
      expect(opens).toBe(2);
      expect((await readBack('clash/coco-20261201-000000.json')).bytes.toString()).toBe('{"hello":"world"}\n');

      await deliver(parseDestination({ ...destination, overwrite: true }), await counted(big, 'coco-20261201-000000.json'), { secrets: secrets(env) });
      expect(sha256((await readBack('clash/coco-20261201-000000.json')).bytes)).toBe(sha256(bigBytes));
      expect(await metadataOf('clash/coco-20261201-000000.json')).toEqual({ sha256: sha256(bigBytes) });

      // An object put there by something else carries no SHA-256 to compare: a failure too.
      await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'clash/foreign.json', Body: await readFile(small) }));
      const foreign = await failure(deliver(destination, await counted(small, 'foreign.json'), { secrets: secrets(env) }));
      expect(foreign.message).toBe(`s3://${s3.bucket}/clash/foreign.json: the key already holds an object with no sha256 of its bytes to compare; set "overwrite": true to replace it`);
      expect(isRetryableDeliveryError(foreign)).toBe(false);
    } finally {
      client.destroy();
    }
  }, 60_000);

  it('a bucket that does not exist is a failure naming it, not retried', async () => {
    const destination = parseDestination({ type: 's3', bucket: 'no-such-bucket', endpoint: s3.endpoint, credentials: 'env:K' });
    const env = { K_ACCESS_KEY_ID: 'S3RVER', K_SECRET_ACCESS_KEY: 'S3RVER' };
    const error = await failure(deliver(destination, await fileOf(small, 'out.json'), { secrets: secrets(env) }));
    expect(error.message).toMatch(/^s3:\/\/no-such-bucket\/out\.json at http:\/\/127\.0\.0\.1:\d+: upload failed \(HTTP 404\)/);
    expect(isRetryableDeliveryError(error)).toBe(false);
  });
});

describe('http', () => {
  let server: RecordingHttpServer;
  beforeAll(async () => {
    server = await RecordingHttpServer.start();
  });
  afterAll(() => server?.close());

  it('POSTs the bytes with their type, length, name and an idempotency key, and a header from a secret reference', async () => {
    server.requests.length = 0;
    server.answers = [];
    const destination = parseDestination({ type: 'http', url: `${server.url}/ingest?team=a`, headers: { 'X-Source': 'idah' }, secret_headers: { Authorization: 'secret:downstream' } });
    const receipt = await deliver(destination, await fileOf(big, 'big.zip'), { secrets: secrets({ IDAH_SECRET_DOWNSTREAM: 'Bearer t0ken' }) });
    expect(receipt.location).toBe(`POST ${server.url}/ingest (HTTP 200)`);
    const [request] = server.requests;
    expect(request!.method).toBe('POST');
    expect(request!.path).toBe('/ingest?team=a');
    expect(request!.headers.authorization).toBe('Bearer t0ken');
    expect(request!.headers['x-source']).toBe('idah');
    expect(request!.headers['content-type']).toBe('application/zip');
    expect(request!.headers['content-length']).toBe(String(bigBytes.length));
    expect(request!.headers['content-disposition']).toContain('big.zip');
    expect(request!.headers['idempotency-key']).toBe(`idah-export-42-${sha256(bigBytes)}`);
    expect(request!.body.equals(bigBytes)).toBe(true);
  }, 30_000);

  it('PUTs a JSON notification instead of the bytes', async () => {
    server.requests.length = 0;
    await deliver(parseDestination({ type: 'http', url: `${server.url}/hook`, method: 'PUT', body: 'notification' }), await fileOf(small, 'out.json'), { secrets: secrets() });
    const [request] = server.requests;
    expect(request!.method).toBe('PUT');
    expect(request!.headers['content-type']).toBe('application/json');
    const bytes = await readFile(small);
    expect(JSON.parse(request!.body.toString())).toEqual({
      export_id: '42',
      filename: 'out.json',
      mime_type: 'application/json',
      size: bytes.length,
      etag: sha256(bytes),
      sha256: sha256(bytes),
      download_url: 'http://sync.example/api/v1/sync/exports/42/download',
    });
  });

  it('a 5xx is a retryable failure naming the status and the start of the body; Retry-After is kept', async () => {
    server.requests.length = 0;
    server.answers = [{ status: 503, body: `overloaded ${'x'.repeat(1000)}`, headers: { 'Retry-After': '7' } }];
    const error = await failure(deliver(parseDestination({ type: 'http', url: `${server.url}/in` }), await fileOf(small, 'out.json'), { secrets: secrets() }));
    expect(error.code).toBe('DESTINATION_FAILED');
    expect(error.message).toMatch(new RegExp(`^POST ${server.url}/in answered HTTP 503: overloaded x{280,}\\.\\.\\.$`));
    expect(error.message.length).toBeLessThan(400);
    expect(isRetryableDeliveryError(error)).toBe(true);
    expect(retryAfterOf(error)).toBe(7000);
  });

  it('a 4xx will not pass on retry; an unset secret stops before any request; a silent server times out', async () => {
    server.requests.length = 0;
    server.answers = [{ status: 403, body: 'forbidden\u001b[2J\u202e' }];
    const refused = await failure(deliver(parseDestination({ type: 'http', url: `${server.url}/in` }), await fileOf(small, 'out.json'), { secrets: secrets() }));
    expect(refused.message).toBe(`POST ${server.url}/in answered HTTP 403: forbidden?[2J?`);
    expect(isRetryableDeliveryError(refused)).toBe(false);

    const unset = await failure(deliver(parseDestination({ type: 'http', url: `${server.url}/in`, secret_headers: { 'X-Api-Key': 'env:UNSET_KEY' } }), await fileOf(small, 'out.json'), { secrets: secrets() }));
    expect(isIdahPluginError(unset, 'SECRET_NOT_FOUND')).toBe(true);
    expect(server.requests).toHaveLength(1);

    const { createServer } = await import('node:http');
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const late = await failure(deliver(parseDestination({ type: 'http', url: `http://127.0.0.1:${port}/in`, timeout_ms: 300 }), await fileOf(small, 'out.json'), { secrets: secrets() }));
      expect(late.message).toBe(`POST http://127.0.0.1:${port}/in: no answer within 300 ms`);
      expect(isRetryableDeliveryError(late)).toBe(true);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });
});
