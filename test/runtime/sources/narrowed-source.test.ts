import { describe, expect, it } from 'vitest';
import { MemorySource } from '../../../runtime/sources/memory/memory-source.ts';
import { recordsFromFixtures } from '../../../runtime/sources/memory/fixtures.ts';
import { mergeEntryFilters } from '../../../runtime/sources/filters.ts';
import { narrowSource } from '../../../runtime/sources/narrowed-source.ts';
import { entriesWithShapes } from '../../support/fixtures.ts';

// big-0..big-9: even indexes completed, odd review.
const source = () => narrowSource(new MemorySource(recordsFromFixtures([{ id: 'big', entries: entriesWithShapes(10, 'big') }])), { status: 'completed', name__match: 'big-[0-5]$' });

async function names(filter: object, limit?: number) {
  const read: string[] = [];
  for await (const batch of source().entryBatches('big', filter, { batchSize: 2, ...(limit ? { limit } : {}) })) read.push(...batch.map((entry) => entry.name ?? ''));
  return read;
}

describe('narrowSource: the host-level entry filter holds with every filter an exporter passes', () => {
  it('counts and reads only entries matching both', async () => {
    expect(await source().countEntries('big', {})).toBe(3);
    expect(await names({})).toEqual(['big-0', 'big-2', 'big-4']);
    expect(await names({ status__in: ['completed', 'review'] })).toEqual(['big-0', 'big-2', 'big-4']);
  });

  it('a second, different pattern on the same field is checked on what the source returns, with the limit kept', async () => {
    expect(await source().countEntries('big', { name__match: '[2-9]$' })).toBe(2);
    expect(await names({ name__match: '[2-9]$' })).toEqual(['big-2', 'big-4']);
    expect(await names({ name__match: '[0-9]$' }, 2)).toEqual(['big-0', 'big-2']);
  });

  it('contradicting statuses match nothing; lists intersect', async () => {
    expect(await source().countEntries('big', { status: 'review' })).toBe(0);
    expect(await names({ status: 'review' })).toEqual([]);
    expect(mergeEntryFilters({ priority__in: [1, 2], wf_step__in: ['qa'] }, { priority__in: [2, 3] })).toEqual({
      pushed: { priority__in: [2], wf_step__in: ['qa'] },
      empty: false,
    });
  });
});
