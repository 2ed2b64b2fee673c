import { execFileSync } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isIdahPluginError } from '../../../../runtime/errors.ts';
import type { EntryRecord, MediaRecord } from '../../../../runtime/records.ts';
import { openUpdSource, type UpdSource, type UpdSourceOptions } from '../../../../runtime/sources/upd/upd-source.ts';
import { sha256, tempDirs } from '../../upd/support/temp-dir.ts';
import { blobFor, writeUpd } from '../../upd/support/write-upd.ts';

const inside = blobFor(7, 2000);
const outsideBytes = blobFor(8, 100);

/** Real endpoints for the limits: silent, stalling mid-body, endless, redirect loops and hops. */
function startServer(): Promise<Server> {
  const open = new Set<ServerResponse>();
  const server = createServer((request, response) => {
    open.add(response);
    response.on('close', () => open.delete(response));
    switch (request.url) {
      case '/ok.bin':
        return void response.writeHead(200, { 'content-length': inside.length }).end(inside);
      case '/silent':
        return; // never answers
      case '/stalls':
        response.writeHead(200);
        return void response.write(inside.subarray(0, 100)); // then nothing, forever
      case '/endless': {
        response.writeHead(200);
        const chunk = Buffer.alloc(64 * 1024, 1);
        const pump = () => {
          while (response.write(chunk));
          response.once('drain', pump);
        };
        return pump();
      }
      case '/too-big':
        return void response.writeHead(200, { 'content-length': 10 ** 12 }).end();
      case '/loop':
        return void response.writeHead(302, { location: '/loop' }).end();
      case '/to-file':
        return void response.writeHead(302, { location: 'file:///etc/passwd' }).end();
      case '/hop':
        return void response.writeHead(301, { location: '/ok.bin' }).end();
      default:
        response.writeHead(404).end();
    }
  });
  server.on('close', () => open.forEach((response) => response.destroy()));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const entry = (id: string): EntryRecord => ({ id, dataset_id: 'ds', resource: `r-${id}`, name: id });

describe('media URLs are contained', () => {
  const dirs = tempDirs({ per: 'suite' });
  let server: Server;
  let base: string;
  let parent: string;
  let folder: string;
  const sources: UpdSource[] = [];

  const urls: Record<string, string> = {};
  beforeAll(async () => {
    server = await startServer();
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    parent = await dirs.make();
    folder = join(parent, 'data');
    await mkdir(join(folder, 'images'), { recursive: true });
    await writeFile(join(folder, 'images', 'inside.png'), inside);
    await writeFile(join(parent, 'outside.png'), outsideBytes);
    await symlink(join(parent, 'outside.png'), join(folder, 'images', 'leaves.png'));
    await symlink(join(folder, 'images', 'inside.png'), join(folder, 'images', 'stays.png'));
    await symlink(join(folder, 'images', 'loop-b'), join(folder, 'images', 'loop-a'));
    await symlink(join(folder, 'images', 'loop-a'), join(folder, 'images', 'loop-b'));
    await symlink('/proc/self/environ', join(folder, 'images', 'environ.png'));
    execFileSync('mkfifo', [join(folder, 'images', 'fifo.png')]);
    execFileSync('mknod', [join(folder, 'images', 'null.png'), 'c', '1', '3']);
    Object.assign(urls, {
      relative: 'images/inside.png',
      'file-inside': pathToFileURL(join(folder, 'images', 'inside.png')).href,
      'symlink-inside': 'images/stays.png',
      'proc-environ': 'file:///proc/self/environ',
      'dev-zero': '/dev/zero',
      'climbs-out': '../outside.png',
      'absolute-outside': join(parent, 'outside.png'),
      'file-outside': pathToFileURL(join(parent, 'outside.png')).href,
      'symlink-leaves': 'images/leaves.png',
      'symlink-to-proc': 'images/environ.png',
      'symlink-loop': 'images/loop-a',
      fifo: 'images/fifo.png',
      device: 'images/null.png',
      folder: 'images',
      'http-ok': `${base}/ok.bin`,
      'http-silent': `${base}/silent`,
      'http-stalls': `${base}/stalls`,
      'http-endless': `${base}/endless`,
      'http-too-big': `${base}/too-big`,
      'http-loop': `${base}/loop`,
      'http-to-file': `${base}/to-file`,
      'http-hop': `${base}/hop`,
      'http-localhost': `http://localhost:${(server.address() as AddressInfo).port}/ok.bin`,
      'http-mapped': `http://[::ffff:127.0.0.1]:${(server.address() as AddressInfo).port}/ok.bin`,
    });
    await writeUpd(join(folder, 'hostile.upd'), {
      datasets: [{ id: 'ds', name: 'Hostile', modality: 'idah-image' }],
      entries: Object.entries(urls).map(([id, mediaUrl]) => ({ record: entry(id), mediaUrl })),
      medias: [],
    });
  });
  afterAll(async () => {
    await Promise.all(sources.map((source) => source.close()));
    await new Promise((resolve) => server.close(resolve));
  });

  async function open(options: UpdSourceOptions = {}): Promise<UpdSource> {
    const source = await openUpdSource(join(folder, 'hostile.upd'), { idleTimeoutMs: 500, ...options });
    sources.push(source);
    return source;
  }
  async function mediaOf(source: UpdSource, id: string): Promise<MediaRecord> {
    const record = entry(id);
    const [media] = (await source.mediasOf([record], {})).get(record.resource as string) ?? [];
    return media!;
  }
  const read = async (source: UpdSource, id: string) => buffer(await source.openMedia(await mediaOf(source, id)));
  const failureOf = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as Error);

  it.each([
    ['relative', inside],
    ['file-inside', inside],
    ['symlink-inside', inside],
    ['http-ok', inside],
    ['http-hop', inside],
  ])('reads %s', async (id, expected) => {
    expect(sha256(await read(await open(), id))).toBe(sha256(expected));
  });

  it.each([
    ['proc-environ', /\/proc\/self\/environ is a system path/],
    ['dev-zero', /\/dev\/zero is a system path/],
    ['climbs-out', /outside\.png is outside the media root/],
    ['absolute-outside', /outside\.png is outside the media root/],
    ['file-outside', /outside\.png is outside the media root/],
    ['symlink-leaves', /leaves\.png is a symlink leading out of the media root \(to .*outside\.png\)/],
    ['symlink-to-proc', /environ\.png leads to the system path \/proc\//],
    ['symlink-loop', /loop-a is a symlink loop/],
    ['fifo', /fifo\.png is a FIFO/],
    ['device', /null\.png is a device file/],
    ['folder', /images is a directory/],
  ])('refuses %s with MEDIA_REFUSED naming the entry and the media', async (id, problem) => {
    const failure = await failureOf(read(await open(), id));
    expect(isIdahPluginError(failure, 'MEDIA_REFUSED')).toBe(true);
    expect(failure!.message).toMatch(problem);
    expect(failure!.message).toContain(`media "r-${id}" (resource "r-${id}", key "") of entry "${id}": refused:`);
    expect(failure!.message).toContain(`expected a regular file inside the media root`);
  });

  it('reads a file outside the UPD folder when a media root holding it is configured', async () => {
    const source = await open({ mediaRoot: parent });
    expect(sha256(await read(source, 'climbs-out'))).toBe(sha256(outsideBytes));
    expect(sha256(await read(source, 'symlink-leaves'))).toBe(sha256(outsideBytes));
    expect(isIdahPluginError(await failureOf(read(source, 'proc-environ')), 'MEDIA_REFUSED')).toBe(true);
  });

  it('times out a server that never answers and one that stalls mid-body', async () => {
    const source = await open();
    const silent = await failureOf(read(source, 'http-silent'));
    expect(isIdahPluginError(silent, 'SOURCE_READ_FAILED')).toBe(true);
    expect(silent!.message).toMatch(/no data from 127\.0\.0\.1:\d+ for 500 ms/);
    const stalls = await failureOf(read(source, 'http-stalls'));
    expect(stalls!.message).toMatch(/no data from 127\.0\.0\.1:\d+ for 500 ms/);
  });

  it('caps the size of a body, announced or streamed without end', async () => {
    const source = await open({ maxBytes: 1024 * 1024 });
    const endless = await failureOf(read(source, 'http-endless'));
    expect(isIdahPluginError(endless, 'MEDIA_REFUSED')).toBe(true);
    expect(endless!.message).toContain('the body is larger than the limit of 1048576 bytes');
    const announced = await failureOf(read(source, 'http-too-big'));
    expect(announced!.message).toContain('announces 1000000000000 bytes, more than the limit of 1048576');
  });

  it('bounds redirects and follows them only to http(s)', async () => {
    const source = await open({ maxRedirects: 3 });
    const loop = await failureOf(read(source, 'http-loop'));
    expect(isIdahPluginError(loop, 'MEDIA_REFUSED')).toBe(true);
    expect(loop!.message).toContain('more than 3 redirects');
    const toFile = await failureOf(read(source, 'http-to-file'));
    expect(toFile!.message).toContain('a redirect to file: (file:///etc/passwd); expected http or https');
  });

  it('refuses loopback and private addresses when asked, by literal, by name and IPv4-mapped', async () => {
    const source = await open({ refusePrivateAddresses: true });
    for (const id of ['http-ok', 'http-localhost', 'http-mapped', 'http-hop']) {
      const failure = await failureOf(read(source, id));
      expect(isIdahPluginError(failure, 'MEDIA_REFUSED'), id).toBe(true);
      expect(failure!.message).toMatch(/private or loopback address/);
    }
    // Off (the CLI's default), the same local server is read.
    expect(sha256(await read(await open(), 'http-localhost'))).toBe(sha256(inside));
  });
});
