import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isIdahPluginError } from '../../../runtime/errors.ts';
import type { DataSource } from '../../../runtime/sources/data-source.ts';
import { parseEntryFilter } from '../../../runtime/sources/filters.ts';
import { IdahApiSource } from '../../../runtime/sources/idah-api/idah-api-source.ts';
import { type DatasetFixture, recordsFromFixtures } from '../../../runtime/sources/memory/fixtures.ts';
import { MemorySource } from '../../../runtime/sources/memory/memory-source.ts';
import { openSource } from '../../../runtime/sources/source-descriptor.ts';
import { openUpdSource, type UpdSource } from '../../../runtime/sources/upd/upd-source.ts';
import { IdahTestServer } from '../../support/idah-api-server.ts';
import { writeUpdFile } from '../../support/upd-file.ts';

const box = { type: 'idah-image:bounding-box', points: [[0.1, 0.1], [0.2, 0.1], [0.2, 0.2], [0.1, 0.2]], angle: 0 };

/**
 * Entries changed at different times: by their own `updated_at`, only through an annotation,
 * both, neither, and one with no times at all.
 */
const FIXTURES: DatasetFixture[] = [
  {
    id: 'ds',
    entries: [
      { id: 'a-old', updated_at: '2026-01-01T00:00:00.000Z', annotations: [{ dimensions: box, annotation: { category: 'car' }, updated_at: '2026-01-01T00:00:00.000Z' }] },
      { id: 'b-entry', status: 'review', updated_at: '2026-03-01T00:00:00.000Z', annotations: [{ dimensions: box, annotation: { category: 'car' }, updated_at: '2026-01-01T00:00:00.000Z' }] },
      {
        id: 'c-annotation',
        updated_at: '2026-01-01T00:00:00.000Z',
        annotations: [
          { dimensions: box, annotation: { category: 'car' }, updated_at: '2026-01-01T00:00:00.000Z' },
          { dimensions: box, annotation: { category: 'bus' }, updated_at: '2026-04-01T00:00:00.000Z' },
        ],
      },
      { id: 'd-both', updated_at: '2026-05-01T00:00:00.000Z', annotations: [{ dimensions: box, annotation: { category: 'car' }, updated_at: '2026-05-02T00:00:00.000Z' }] },
      { id: 'e-bare', updated_at: null, annotations: [{ dimensions: box, annotation: { category: 'car' }, updated_at: null as unknown as string }] },
      { id: 'f-none', updated_at: '2026-01-01T00:00:00.000Z' },
    ],
  },
];

let dir: string;
let upd: UpdSource;
let server: IdahTestServer;
let live: IdahApiSource;
const memory = new MemorySource(recordsFromFixtures(FIXTURES));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'idah-updated-since-'));
  upd = await openUpdSource(await writeUpdFile(dir, 'since.upd', FIXTURES));
  server = await IdahTestServer.start(recordsFromFixtures(FIXTURES), { account: { email: 'e@idah', password: 'p' } });
  live = new IdahApiSource({ baseUrl: server.url, credentials: { kind: 'account', email: 'e@idah', password: 'p' }, pageSize: 2 });
}, 60_000);

afterAll(async () => {
  await live?.close();
  await upd?.close();
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

async function idsOf(source: DataSource, filter: Record<string, unknown>): Promise<{ ids: string[]; count: number }> {
  const parsed = parseEntryFilter(filter);
  const ids: string[] = [];
  for await (const batch of source.entryBatches('ds', parsed, { batchSize: 2 })) ids.push(...batch.map((entry) => entry.id));
  return { ids, count: await source.countEntries('ds', parsed) };
}

const CASES: Array<[Record<string, unknown>, string[]]> = [
  [{ updated_since: '2025-12-31T00:00:00Z' }, ['a-old', 'b-entry', 'c-annotation', 'd-both', 'f-none']],
  [{ updated_since: '2026-01-01T00:00:00Z' }, ['b-entry', 'c-annotation', 'd-both']],
  [{ updated_since: '2026-03-15T00:00:00Z' }, ['c-annotation', 'd-both']],
  [{ updated_since: '2026-05-01T12:00:00Z' }, ['d-both']],
  [{ updated_since: '2026-06-01T00:00:00Z' }, []],
  [{ updated_since: '2026-01-01T00:00:00Z', status: 'completed' }, ['c-annotation', 'd-both']],
];

describe.each([
  ['memory', () => memory],
  ['upd', () => upd],
  ['idah-api', () => live],
] as const)('updated_since on the %s source', (_name, source) => {
  it.each(CASES)('%j selects the entries changed after it, by themselves or an annotation', async (filter, expected) => {
    expect(await idsOf(source(), filter)).toEqual({ ids: expected, count: expected.length });
  });
});

describe('updated_since', () => {
  it('is refused when it is no time, naming the filter', () => {
    let error: unknown;
    try {
      parseEntryFilter({ updated_since: 'last week' });
    } catch (thrown) {
      error = thrown;
    }
    expect(isIdahPluginError(error, 'FILTER_INVALID')).toBe(true);
    expect((error as Error).message).toBe('entries filter "updated_since": expected an ISO 8601 timestamp or a Date, got string "last week"');
  });

  it('asks IDAH for the changed annotations of the dataset (updated_at__gt) and never drops the filter', async () => {
    const before = server.requests.length;
    await idsOf(live, { updated_since: '2026-03-15T00:00:00Z' });
    const annotationReads = server.requests.slice(before).filter((request) => request.path === '/api/v1/dataset/annotations');
    expect(annotationReads.length).toBeGreaterThan(0);
    expect(annotationReads[0]?.query).toMatchObject({ filter: { dataset_id: 'ds', updated_at__gt: '2026-03-15T00:00:00.000Z' } });
  });

  it('scopes every entry read of a source opened with updated_since, and keeps a later one the exporter asks for', async () => {
    const view = await openSource({ kind: 'upd', path: join(dir, 'since.upd'), updated_since: '2026-01-01T00:00:00Z' });
    try {
      expect(view.description).toMatch(/changed since 2026-01-01T00:00:00.000Z/);
      expect(await idsOf(view, {})).toEqual({ ids: ['b-entry', 'c-annotation', 'd-both'], count: 3 });
      expect(await idsOf(view, { updated_since: '2026-03-15T00:00:00Z' })).toEqual({ ids: ['c-annotation', 'd-both'], count: 2 });
      expect(await idsOf(view, { updated_since: '2025-01-01T00:00:00Z' })).toEqual({ ids: ['b-entry', 'c-annotation', 'd-both'], count: 3 });
    } finally {
      await view.close();
    }
    await expect(openSource({ kind: 'upd', path: join(dir, 'since.upd'), updated_since: 'soon' })).rejects.toThrow(/updated_since: expected an ISO 8601 time, got "soon"/);
  });
});
