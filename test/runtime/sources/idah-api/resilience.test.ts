import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { isIdahPluginError } from '../../../../runtime/errors.ts';
import type { EntryRecord } from '../../../../runtime/records.ts';
import { collectAll, sourceFor, startServer } from './support.ts';

const isEntriesPage = (path: string) => path === '/api/v1/dataset/entries';

async function failureOf(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof Error)) throw new Error('expected the read to fail, it succeeded');
  return outcome;
}

describe('IdahApiSource under a misbehaving IDAH', () => {
  it('waits for Retry-After on a 429, then succeeds', async () => {
    const server = await startServer();
    server.faults.push({ when: (request) => request.path === '/api/v1/dataset/datasets', action: { status: 429, headers: { 'retry-after': '1' } } });
    const source = sourceFor(server);
    const started = Date.now();
    const datasets = await source.listDatasets();
    expect(datasets.map((dataset) => dataset.id)).toEqual(['ds-a', 'ds-b']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.requestsTo('/api/v1/dataset/datasets')).toHaveLength(2);
  });

  it('retries a 500 and a 503 and succeeds', async () => {
    const server = await startServer();
    server.faults.push({ when: (request) => isEntriesPage(request.path), action: { status: 500 }, times: 2 });
    const entries = (await collectAll(sourceFor(server).entryBatches('ds-a', {}, { batchSize: 10 }))).flat();
    expect(entries).toHaveLength(5);
  });

  it('gives up after the attempts allowed, with SOURCE_UNAVAILABLE naming the route and the status', async () => {
    const server = await startServer();
    server.faults.push({ when: (request) => request.path === '/api/v1/dataset/datasets', action: { status: 502 }, times: 99 });
    const failure = await failureOf(sourceFor(server, { retry: { attempts: 3, baseDelayMs: 1 } }).listDatasets());
    expect(failure).toMatchObject({ code: 'SOURCE_UNAVAILABLE' });
    expect(failure.message).toMatch(/GET \/api\/v1\/dataset\/datasets: HTTP 502.*gave up after 3 tries/);
    expect(server.requestsTo('/api/v1/dataset/datasets')).toHaveLength(3);
  });

  it('does not retry a 4xx other than 429', async () => {
    const server = await startServer();
    server.faults.push({ when: (request) => request.path === '/api/v1/dataset/datasets', action: { status: 422 } });
    const failure = await failureOf(sourceFor(server).listDatasets());
    expect(failure).toMatchObject({ code: 'SOURCE_READ_FAILED' });
    expect(failure.message).toContain('HTTP 422 (Injected: injected fault)');
    expect(server.requestsTo('/api/v1/dataset/datasets')).toHaveLength(1);
  });

  it('times out a request that never answers and retries it', async () => {
    const server = await startServer();
    server.faults.push({ when: (request) => isEntriesPage(request.path), action: 'hang' });
    const source = sourceFor(server, { timeoutMs: 300 });
    const entries = (await collectAll(source.entryBatches('ds-a', {}, { batchSize: 10 }))).flat();
    expect(entries).toHaveLength(5);
  });

  it('fails with SOURCE_UNAVAILABLE when every try hangs', async () => {
    const server = await startServer();
    server.faults.push({ when: (request) => request.path === '/api/v1/dataset/datasets', action: 'hang', times: 99 });
    const failure = await failureOf(sourceFor(server, { timeoutMs: 200, retry: { attempts: 2, baseDelayMs: 1 } }).listDatasets());
    expect(failure).toMatchObject({ code: 'SOURCE_UNAVAILABLE' });
    expect(failure.message).toMatch(/no answer within 200 ms/);
  });

  it('fails when the total changes mid-read (an entry removed), naming the dataset', async () => {
    const server = await startServer();
    server.beforeAnswer = (request) => {
      const page = request.query.page as { number?: string; size?: string } | undefined;
      if (isEntriesPage(request.path) && page?.size === '2' && page.number === '2') {
        server.data.entries.splice(server.data.entries.findIndex((entry) => entry.dataset_id === 'ds-a'), 1);
      }
    };
    const failure = await failureOf(collectAll(sourceFor(server, { pageSize: 2 }).entryBatches('ds-a', {}, { batchSize: 10 })));
    expect(failure).toMatchObject({ code: 'SOURCE_CHANGED' });
    expect(failure.message).toContain('entries of dataset "ds-a" changed while being read');
  });

  it('fails when an entry is added before the cursor mid-read (a filtered read, counted on IDAH)', async () => {
    const server = await startServer();
    let added = false;
    server.beforeAnswer = (request) => {
      const page = request.query.page as { number?: string; size?: string } | undefined;
      if (!added && isEntriesPage(request.path) && page?.size === '2' && page.number === '2') {
        added = true;
        const first = server.data.entries.find((entry) => entry.dataset_id === 'ds-a' && entry.status === 'completed')!;
        server.data.entries.push({ ...first, id: 'ds-a-entry-000000' } as EntryRecord);
      }
    };
    const failure = await failureOf(collectAll(sourceFor(server, { pageSize: 2 }).entryBatches('ds-a', { status: 'completed' }, { batchSize: 10 })));
    expect(failure).toMatchObject({ code: 'SOURCE_CHANGED' });
    expect(failure.message).toContain('dataset "ds-a"');
  });

  it('logs in again when IDAH refuses a token it issued, and says so when a given token is refused', async () => {
    const server = await startServer();
    const source = sourceFor(server);
    await source.listDatasets();
    server.revokeTokens();
    await source.listDatasets();
    expect(server.requestsTo('/api/v1/iam/auth/login')).toHaveLength(2);

    const given = sourceFor(server, { credentials: { kind: 'token', token: server.issueToken() } });
    expect(await given.listDatasets()).toHaveLength(2);
    server.revokeTokens();
    expect(await failureOf(given.listDatasets())).toMatchObject({ code: 'SOURCE_AUTH_FAILED' });
  });

  it('logs in with an API key, and fails clearly on wrong credentials', async () => {
    const server = await startServer(undefined, { apiKey: 'key-123', account: { email: 'a@b.c', password: 'right' } });
    expect(await sourceFor(server, { credentials: { kind: 'api_key', api_key: 'key-123' } }).listDatasets()).toHaveLength(2);
    expect(server.requestsTo('/api/v1/iam/auth/api/login')).toHaveLength(1);
    const failure = await failureOf(sourceFor(server, { credentials: { kind: 'account', email: 'a@b.c', password: 'wrong' } }).listDatasets());
    expect(failure).toMatchObject({ code: 'SOURCE_AUTH_FAILED' });
    expect(failure.message).toContain('POST /api/v1/iam/auth/login: HTTP 401');
    expect(failure.message).not.toContain('wrong');
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    const server = await startServer();
    const source = sourceFor(server, { concurrency: 2, idsPerRequest: 1 });
    const entries = (await collectAll(source.entryBatches('ds-a', {}, { batchSize: 10 }))).flat();
    let release!: () => void;
    server.gate = new Promise((resolve) => (release = resolve));
    server.maxInFlight = 0;
    const reading = source.annotationsOf(entries, {});
    while (server.inFlight < 2) await sleep(10);
    // A client that ignored the bound would have sent all five requests by now.
    await sleep(200);
    expect(server.inFlight).toBe(2);
    release();
    server.gate = undefined;
    const annotations = await reading;
    expect([...annotations.values()].flat()).toHaveLength(10);
    expect(server.maxInFlight).toBe(2);
  });

  it('refuses a URL with credentials in it and any scheme but http(s)', () => {
    expect(() => sourceFor({ url: 'https://user:secret@idah.example.com' } as never)).toThrow(/never go in the URL/);
    expect(() => sourceFor({ url: 'ftp://idah.example.com' } as never)).toThrow(/expected an http\(s\) URL/);
    expect(isIdahPluginError(new Error('x'))).toBe(false);
  });
});
