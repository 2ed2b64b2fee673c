import { describe, expect, it } from 'vitest';
import { ChangeFeed } from '../../../runtime/queue/change-feed.ts';
import type { JobRow, JobStoreEvent } from '../../../runtime/queue/job-store.ts';

describe('ChangeFeed', () => {
  it('delivers two changes of one row made in the same millisecond, and each version once', () => {
    const feed = new ChangeFeed(async () => ({ jobs: [], exports: [] }), () => Date.now());
    const seen: JobStoreEvent[] = [];
    const unsubscribe = feed.subscribe((event) => seen.push(event), { pollMs: 0 });
    const at = '2026-12-03T08:00:00.000Z';
    const claimed = { id: 'j1', status: 'running', progress: 0, updated_at: at } as unknown as JobRow;
    const halfway = { ...claimed, progress: 0.5 } as JobRow;
    feed.publish({ kind: 'job', job: claimed });
    feed.publish({ kind: 'job', job: halfway });
    feed.publish({ kind: 'job', job: { ...halfway } });
    unsubscribe();
    expect(seen.map((event) => (event.kind === 'job' ? event.job.progress : null))).toEqual([0, 0.5]);
  });
});
