import { afterEach } from 'vitest';
import type { IdahCredentials } from '../../../../runtime/sources/idah-api/credentials.ts';
import { IdahApiSource, type IdahApiSourceOptions } from '../../../../runtime/sources/idah-api/idah-api-source.ts';
import { type DatasetFixture, recordsFromFixtures } from '../../../../runtime/sources/memory/fixtures.ts';
import { type IdahServerOptions, IdahTestServer } from '../../../support/idah-api-server.ts';

export const ACCOUNT = { email: 'sync@services.idah.ai', password: 'correct horse' };

/** Seven entries in two datasets, with annotations, shared and unshared resources, and media bytes. */
export function sampleFixtures(): DatasetFixture[] {
  const entry = (index: number, extra: Record<string, unknown> = {}) => ({
    name: `image-${index}.png`,
    status: index % 3 === 0 ? 'review' : 'completed',
    priority: index % 4,
    wf_step: index % 2 === 0 ? 'done' : 'qa',
    annotations: [
      { dimensions: { type: 'idah-image:polygon', points: [[0.1, 0.1], [0.5, 0.1], [0.3, 0.4]] }, annotation: { category: 'vehicles/car' }, updated_at: '2026-01-14 10:23:27 +0000' },
      { dimensions: { type: 'idah-image:bounding-box', points: [[0.1, 0.1], [0.2, 0.1], [0.2, 0.2], [0.1, 0.2]], angle: 0 }, annotation: { category: 'person', attributes: { occluded: index % 2 === 0 } }, updated_at: `2026-02-0${1 + (index % 5)} 08:00:00 +0000` },
    ],
    medias: [
      { filename: `image-${index}.png`, data: Buffer.alloc(2048 + index, index), mime_type: 'image/png', meta: { width: 64, height: 48 } },
      { key: 'thumbnail.jpg', filename: 'thumbnail.jpg', data: Buffer.from(`thumb ${index}`), mime_type: 'image/jpeg' },
    ],
    ...extra,
  });
  return [
    { id: 'ds-a', name: 'Streets', entries: [0, 1, 2, 3, 4].map((index) => entry(index)) },
    { id: 'ds-b', name: 'Fields', modality: 'idah-image', entries: [5, 6].map((index) => entry(index, { name: `Field Shot ${index}.PNG` })) },
  ];
}

const servers: IdahTestServer[] = [];
const sources: IdahApiSource[] = [];
afterEach(async () => {
  await Promise.all(sources.splice(0).map((source) => source.close()));
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

export async function startServer(fixtures: DatasetFixture[] = sampleFixtures(), options: IdahServerOptions = { account: ACCOUNT }): Promise<IdahTestServer> {
  const server = await IdahTestServer.start(recordsFromFixtures(fixtures), options);
  servers.push(server);
  return server;
}

export function sourceFor(
  server: IdahTestServer,
  options: Partial<Omit<IdahApiSourceOptions, 'credentials'>> & { credentials?: IdahCredentials } = {},
): IdahApiSource {
  const source = new IdahApiSource({
    baseUrl: server.url,
    credentials: { kind: 'account', ...ACCOUNT },
    retry: { baseDelayMs: 5, maxDelayMs: 2000 },
    timeoutMs: 5000,
    ...options,
  });
  sources.push(source);
  return source;
}

/** Every item of an async iterable (Node 20 has no Array.fromAsync). */
export async function collectAll<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
