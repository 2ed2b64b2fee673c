import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isIdahPluginError } from '../../../../runtime/errors.ts';
import type { EntryRecord, MediaRecord } from '../../../../runtime/records.ts';
import { openUpdSource, type UpdSource } from '../../../../runtime/sources/upd/upd-source.ts';
import { sha256, tempDirs } from '../../upd/support/temp-dir.ts';
import { blobFor, writeUpd } from '../../upd/support/write-upd.ts';

const served = blobFor(1, 300_000);
const onDisk = blobFor(2, 5000);
const stored = blobFor(3, 4096);
const streamed = blobFor(4, 70_000);

function startServer(): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.url === '/images/cat%201.jpg') {
      response.writeHead(200, { 'content-type': 'image/jpeg' });
      response.end(served);
    } else {
      response.writeHead(404).end('not here');
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const entry = (id: string, resource: string | null): EntryRecord => ({ id, dataset_id: 'ds', resource, name: id });
const media = (resource: string, key = '', extra: Partial<MediaRecord> = {}): MediaRecord => ({
  id: `media-${resource}-${key}`,
  resource,
  key,
  filename: `${resource}.bin`,
  mime_type: 'image/jpeg',
  ...extra,
});

describe('medias: from blobs, local: rows, files, paths and http(s)', () => {
  const dirs = tempDirs({ per: 'suite' });
  let server: Server;
  let source: UpdSource;
  let baseUrl: string;
  let folder: string;

  beforeAll(async () => {
    server = await startServer();
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    folder = await dirs.make();
    await mkdir(join(folder, 'images'));
    await writeFile(join(folder, 'images', 'on disk.png'), onDisk);
    const absolute = join(folder, 'images', 'on disk.png');
    await writeUpd(join(folder, 'medias.upd'), {
      datasets: [{ id: 'ds', name: 'Medias', modality: 'idah-image' }],
      entries: [
        { record: entry('e01-blob', 'r-blob'), mediaUrl: 'local:r-blob' },
        { record: entry('e02-stream', 'r-stream'), mediaUrl: 'local:r-stream' },
        { record: entry('e03-file-url', 'r-file-url'), mediaUrl: pathToFileURL(absolute).href },
        { record: entry('e04-relative', 'r-relative'), mediaUrl: 'images/on disk.png' },
        { record: entry('e05-absolute', 'r-absolute'), mediaUrl: absolute },
        { record: entry('e06-http', 'r-http'), mediaUrl: `${baseUrl}/images/cat%201.jpg` },
        { record: entry('e07-row-no-blob', 'r-row-url'), mediaUrl: 'images/on disk.png' },
        { record: entry('e08-local-no-blob', 'r-no-blob'), mediaUrl: 'local:r-no-blob' },
        { record: entry('e09-http-404', 'r-404'), mediaUrl: `${baseUrl}/missing.jpg` },
        { record: entry('e10-missing-file', 'r-missing'), mediaUrl: 'images/missing.png' },
        { record: entry('e11-s3', 'r-s3'), mediaUrl: 's3://bucket/key.jpg' },
        { record: entry('e12-no-resource', null), mediaUrl: 'images/on disk.png' },
        { record: entry('e13-shares-blob', 'r-blob'), mediaUrl: 'local:r-blob' },
        { record: entry('e14-refused', 'r-refused'), mediaUrl: 'http://127.0.0.1:1/nothing.jpg' },
      ],
      medias: [
        { record: media('r-blob', '', { size: stored.length, meta: { width: 64 } }), blob: stored },
        { record: media('r-blob', 'thumb', { mime_type: 'image/png' }), blob: stored.subarray(0, 10) },
        { record: media('r-stream'), blob: Readable.from([streamed.subarray(0, 1000), streamed.subarray(1000)]) },
        { record: media('r-row-url', '', { filename: 'described.png', mime_type: 'image/png' }), blob: null },
        { record: media('r-no-blob'), blob: null },
      ],
    });
    source = await openUpdSource(join(folder, 'medias.upd'));
  });
  afterAll(async () => {
    await source.close();
    await new Promise((resolve) => server.close(resolve));
  });

  async function mediasOfEntry(id: string, filter = {}): Promise<MediaRecord[]> {
    const all: EntryRecord[] = [];
    for await (const batch of source.entryBatches('ds', {}, { batchSize: 100 })) all.push(...batch);
    const found = all.find((candidate) => candidate.id === id)!;
    return (await source.mediasOf([found], filter)).get(found.resource as string) ?? [];
  }
  const bytesOf = async (record: MediaRecord) => buffer(await source.openMedia(record));

  it('reads stored blobs bit for bit, every key of the resource', async () => {
    const medias = await mediasOfEntry('e01-blob');
    expect(medias.map((m) => [m.key, m.mime_type, m.size ?? null])).toEqual([
      ['', 'image/jpeg', stored.length],
      ['thumb', 'image/png', null],
    ]);
    expect(sha256(await bytesOf(medias[0]!))).toBe(sha256(stored));
    expect(sha256(await bytesOf(medias[1]!))).toBe(sha256(stored.subarray(0, 10)));
  });

  it('stores a blob given as a stream', async () => {
    const [record] = await mediasOfEntry('e02-stream');
    expect(sha256(await bytesOf(record!))).toBe(sha256(streamed));
  });

  it.each([
    ['a file:// URL', 'e03-file-url'],
    ['a path relative to the UPD file', 'e04-relative'],
    ['an absolute path', 'e05-absolute'],
  ])('reads the bytes from %s when no media is stored', async (_, id) => {
    const medias = await mediasOfEntry(id);
    expect(medias).toEqual([{ id: medias[0]!.resource, resource: medias[0]!.resource, key: '', filename: 'on disk.png' }]);
    expect(sha256(await bytesOf(medias[0]!))).toBe(sha256(onDisk));
  });

  it('streams the bytes of an http URL', async () => {
    const [record] = await mediasOfEntry('e06-http');
    expect(record).toMatchObject({ key: '', filename: 'cat 1.jpg' });
    const stream = await source.openMedia(record!);
    expect(stream).toBeInstanceOf(Readable);
    expect(sha256(await buffer(stream))).toBe(sha256(served));
  });

  it("uses the entry's URL for a stored media row without blob", async () => {
    const [record] = await mediasOfEntry('e07-row-no-blob');
    expect(record).toMatchObject({ filename: 'described.png', mime_type: 'image/png' });
    expect(sha256(await bytesOf(record!))).toBe(sha256(onDisk));
  });

  it('shares the medias of a resource between its entries', async () => {
    expect(await mediasOfEntry('e13-shares-blob')).toEqual(await mediasOfEntry('e01-blob'));
  });

  it('gives entries without a resource no medias', async () => {
    const all: EntryRecord[] = [];
    for await (const batch of source.entryBatches('ds', {}, { batchSize: 100 })) all.push(...batch);
    const byResource = await source.mediasOf(all.filter((e) => e.id === 'e12-no-resource'), {});
    expect(byResource.size).toBe(0);
  });

  it('filters URL medias with the same rules as stored ones', async () => {
    expect(await mediasOfEntry('e04-relative', { key: 'thumb' })).toEqual([]);
    expect(await mediasOfEntry('e04-relative', { mime_type: 'image/png' })).toEqual([]);
    expect(await mediasOfEntry('e04-relative', { key: '' })).toHaveLength(1);
    expect((await mediasOfEntry('e01-blob', { key: 'thumb' })).map((m) => m.key)).toEqual(['thumb']);
  });

  it.each([
    ['e08-local-no-blob', /media "media-r-no-blob-".*found no blob and url "local:r-no-blob"/],
    ['e09-http-404', /expected HTTP 2xx with a body, got 404 Not Found \(url "http:\/\/127\.0\.0\.1:\d+\/missing\.jpg"\)/],
    ['e10-missing-file', /expected a readable file at .*images\/missing\.png.*\(url "images\/missing\.png"\)/],
    ['e11-s3', /expected a local:, file:\/\/, http\(s\):\/\/ URL or a path \(url "s3:\/\/bucket\/key\.jpg"\)/],
    ['e14-refused', /fetching http:\/\/127\.0\.0\.1:1\/nothing\.jpg failed: .*\(url "http:\/\/127\.0\.0\.1:1\/nothing\.jpg"\)/],
  ])('fails to open %s with SOURCE_READ_FAILED naming the media and the url', async (id, message) => {
    const [record] = await mediasOfEntry(id);
    expect(record).toBeDefined();
    const failure = await source.openMedia(record!).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isIdahPluginError(failure, 'SOURCE_READ_FAILED')).toBe(true);
    expect((failure as Error).message).toMatch(message);
  });
});
