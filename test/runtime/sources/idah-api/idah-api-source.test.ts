import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { isIdahPluginError } from '../../../../runtime/errors.ts';
import type { DatasetRecord } from '../../../../runtime/records.ts';
import type { EntryFilter } from '../../../../runtime/sources/filters.ts';
import { recordsFromFixtures } from '../../../../runtime/sources/memory/fixtures.ts';
import { MemorySource } from '../../../../runtime/sources/memory/memory-source.ts';
import { readSourceContents } from '../../../support/read-source.ts';
import { collectAll, sampleFixtures, sourceFor, startServer } from './support.ts';

const withoutTotals = (records: DatasetRecord[]) => records.map(({ entries_total_count: _, ...rest }) => rest);

describe('IdahApiSource reads what IDAH serves', () => {
  it('gives the same records and bytes as the same data in memory, through small pages and batches', async () => {
    const server = await startServer();
    const source = sourceFor(server, { pageSize: 2, idsPerRequest: 2 });
    const live = await readSourceContents(source);
    const memory = await readSourceContents(new MemorySource(recordsFromFixtures(sampleFixtures())));
    expect(withoutTotals(live.datasets)).toEqual(withoutTotals(memory.datasets));
    expect(live.datasets.map((dataset) => dataset.entries_total_count)).toEqual([5, 2]);
    expect(live.entries).toEqual(memory.entries);
    expect(live.annotations).toEqual(memory.annotations);
    expect(live.medias).toEqual(memory.medias);

    const entryPages = server.requestsTo('/api/v1/dataset/entries').filter((request) => (request.query.page as { size: string }).size === '2');
    expect(entryPages.map((request) => [request.query.filter, request.query.sort, (request.query.page as { number: string }).number])).toContainEqual([{ dataset_id: 'ds-a' }, 'id', '3']);
    const annotationRequests = server.requestsTo('/api/v1/dataset/annotations');
    expect(annotationRequests.every((request) => ((request.query.filter as { entry_id: string[] }).entry_id).length <= 2)).toBe(true);
    expect(server.requestsTo('/api/v1/iam/auth/login')).toHaveLength(1);
  });

  it('leaves out datasets IDAH does not have (404) and keeps the order asked', async () => {
    const server = await startServer();
    const found = await sourceFor(server).getDatasets(['ds-b', 'missing', 'ds-a']);
    expect(found.map((dataset) => dataset.id)).toEqual(['ds-b', 'ds-a']);
  });

  it.each<[string, EntryFilter]>([
    ['status', { status: 'review' }],
    ['status__in', { status__in: ['review', 'new'] }],
    ['priority__in', { priority__in: [0, 3] }],
    ['wf_step__in', { wf_step__in: ['qa'] }],
    ['a literal name__match', { name__match: 'field shot' }],
    ['a regex name__match (matched here)', { name__match: '^image-[13]\\.png$' }],
    ['resource__match', { resource__match: 'ENTRY-00000' }],
    ['an empty status__in', { status__in: [] }],
    ['several at once', { status: 'completed', wf_step__in: ['qa', 'done'], name__match: 'image' }],
  ])('applies the entry filter %s as the reference predicates do', async (_, filter) => {
    const server = await startServer();
    const source = sourceFor(server, { pageSize: 2 });
    const memory = new MemorySource(recordsFromFixtures(sampleFixtures()));
    for (const datasetId of ['ds-a', 'ds-b']) {
      const read = async (from: typeof source | MemorySource) => {
        const entries = [];
        for await (const batch of from.entryBatches(datasetId, filter, { batchSize: 2 })) entries.push(...batch);
        return entries;
      };
      const expected = await read(memory);
      expect(await read(source)).toEqual(expected);
      expect(await source.countEntries(datasetId, filter)).toBe(expected.length);
    }
  });

  it('maps entry filters to IDAH query parameters, and keeps a regex IDAH cannot express to itself', async () => {
    const server = await startServer();
    const source = sourceFor(server);
    const filter: EntryFilter = { status: 'completed', status__in: ['completed'], priority__in: [1], wf_step__in: ['qa'], name__match: 'image', resource__match: '^resource' };
    for await (const batch of source.entryBatches('ds-a', filter, { batchSize: 10 })) expect(batch.length).toBeGreaterThan(0);
    const pageRequest = server.requestsTo('/api/v1/dataset/entries').find((request) => (request.query.page as { size: string }).size === '1000');
    expect(pageRequest?.query.filter).toEqual({ dataset_id: 'ds-a', status: 'completed', status__in: ['completed'], priority__in: ['1'], wf_step__in: ['qa'], name__match: 'image' });
  });

  it('still filters when IDAH silently drops a filter it does not know', async () => {
    const server = await startServer();
    // An IDAH without wf_step__in answers as if it were not sent.
    server.beforeAnswer = (request) => {
      const filter = request.query.filter as Record<string, unknown> | undefined;
      if (filter) delete filter.wf_step__in;
    };
    const source = sourceFor(server);
    const entries = [];
    for await (const batch of source.entryBatches('ds-a', { wf_step__in: ['qa'] }, { batchSize: 10 })) entries.push(...batch);
    expect(entries.map((entry) => entry.wf_step)).toEqual(['qa', 'qa']);
  });

  it('filters annotations (updated_at__gt on IDAH, type and category here) and medias (key, mime_type on IDAH)', async () => {
    const server = await startServer();
    const source = sourceFor(server);
    const memory = new MemorySource(recordsFromFixtures(sampleFixtures()));
    const [entries = []] = await collectAll(memory.entryBatches('ds-a', {}, { batchSize: 10 }));
    for (const filter of [{ updated_at__gt: '2026-02-02T00:00:00Z' }, { type: 'polygon' }, { category: 'person', updated_at__gt: '2026-01-01T00:00:00Z' }]) {
      expect(await source.annotationsOf(entries, filter)).toEqual(await memory.annotationsOf(entries, filter));
    }
    for (const filter of [{ key: '' }, { mime_type: 'image/jpeg' }, { key: 'thumbnail.jpg', mime_type: 'image/png' }]) {
      expect(await source.mediasOf(entries, filter)).toEqual(await memory.mediasOf(entries, filter));
    }
    const annotationFilters = server.requestsTo('/api/v1/dataset/annotations').map((request) => request.query.filter as Record<string, unknown>);
    expect(annotationFilters[0]).toMatchObject({ updated_at__gt: '2026-02-02T00:00:00Z' });
    expect(server.requestsTo('/api/v1/media/medias')[0]?.query.filter).toMatchObject({ key: '' });
  });

  it('stops at the limit without reading further pages', async () => {
    const server = await startServer();
    const source = sourceFor(server, { pageSize: 2 });
    const batches = await collectAll(source.entryBatches('ds-a', {}, { batchSize: 10, limit: 3 }));
    expect(batches.flat()).toHaveLength(3);
    expect(server.requestsTo('/api/v1/dataset/entries').filter((request) => (request.query.page as { size: string }).size === '2')).toHaveLength(2);
  });

  it('streams a media and fails on a body cut short (IDAH has no Range to resume)', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024);
    for (let index = 0; index < big.length; index += 1) big[index] = (index * 31) % 251;
    const server = await startServer([{ id: 'ds', entries: [{ medias: [{ filename: 'big.bin', data: big }] }] }]);
    const source = sourceFor(server);
    const [entry] = (await collectAll(source.entryBatches('ds', {}, { batchSize: 1 }))).flat();
    const [media] = (await source.mediasOf([entry!], {})).get(entry!.resource!)!;
    expect((await buffer(await source.openMedia(media!))).equals(big)).toBe(true);
    const file = server.requests.at(-1)!;
    expect(file.path).toBe(`/api/v1/media/medias/files/${entry!.resource}`);
    expect(file.query).toEqual({ key: '' });

    server.faults.push({ when: (request) => request.path.includes('/medias/files/'), action: 'truncate' });
    const failure = await buffer(await source.openMedia(media!)).catch((error: unknown) => error);
    expect(isIdahPluginError(failure)).toBe(true);
    expect(String((failure as Error).message)).toMatch(/medias\/files/);
  });

  it('lets a slow reader pause longer than the timeout, and fails a body that stalls', async () => {
    const big = Buffer.alloc(4 * 1024 * 1024, 7);
    const server = await startServer([{ id: 'ds', entries: [{ medias: [{ filename: 'big.bin', data: big }] }] }]);
    const source = sourceFor(server, { timeoutMs: 200 });
    const [entry] = (await collectAll(source.entryBatches('ds', {}, { batchSize: 1 }))).flat();
    const [media] = (await source.mediasOf([entry!], {})).get(entry!.resource!)!;
    const stream = await source.openMedia(media!);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((await buffer(stream)).equals(big)).toBe(true);

    server.faults.push({ when: (request) => request.path.includes('/medias/files/'), action: 'stall' });
    const failure = await buffer(await source.openMedia(media!)).catch((error: unknown) => error);
    expect(isIdahPluginError(failure)).toBe(true);
    expect(String((failure as Error).message)).toContain('no answer within 200 ms');
  });
});
