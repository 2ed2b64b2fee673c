import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isIdahPluginError } from '../../../../runtime/errors.ts';
import type { EntryRecord } from '../../../../runtime/records.ts';
import { UpdCatalog } from '../../../../runtime/service/datasets/upd-catalog.ts';
import { openSource } from '../../../../runtime/sources/source-descriptor.ts';
import { tempDirs } from '../../upd/support/temp-dir.ts';
import { blobFor, writeUpd } from '../../upd/support/write-upd.ts';

const dirs = tempDirs({ per: 'suite' });
const entry: EntryRecord = { id: 'e1', dataset_id: 'ds', resource: 'r-e1', name: 'e1' };
let server: Server;
let requests = 0;
let root: string;

beforeAll(async () => {
  server = createServer((_request, response) => {
    requests += 1;
    response.writeHead(200).end(blobFor(1, 100));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  root = await dirs.make();
  const mediaUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/secret.bin`;
  await writeUpd(join(root, 'inner.upd'), { datasets: [{ id: 'ds', name: 'Inner', modality: 'idah-image' }], entries: [{ record: entry, mediaUrl }], medias: [] });
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("the service's data catalog", () => {
  it('builds sources that refuse media on loopback and private addresses, without a request reaching them', async () => {
    const catalog = new UpdCatalog(root);
    const project = await catalog.project('inner');
    expect(project).not.toBeNull();
    const descriptor = catalog.sourceOf(project!);
    expect(descriptor).toMatchObject({ kind: 'upd', refusePrivateAddresses: true });
    const source = await openSource(descriptor);
    try {
      const [media] = (await source.mediasOf([entry], {})).get('r-e1') ?? [];
      expect(media).toBeDefined();
      const failure = await source.openMedia(media!).then(buffer).then(() => undefined, (error: unknown) => error as Error);
      expect(isIdahPluginError(failure, 'MEDIA_REFUSED')).toBe(true);
      expect(failure?.message).toMatch(/private or loopback address/);
      expect(requests).toBe(0);
    } finally {
      await source.close();
    }
  });
});
