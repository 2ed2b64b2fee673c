import { createHash } from 'node:crypto';
import type { ExportRow, JobRow, JobStoreEvent, SubscribeOptions } from './job-store.ts';

/** Rows changed at or after a time, as a store reads them for the feed. */
export type ChangedRows = (sinceIso: string) => Promise<{ jobs: JobRow[]; exports: ExportRow[] }>;

/**
 * The store's change feed. Changes this process makes are delivered at once; changes other
 * processes or machines make are found by polling `updated_at`. A poll looks back a little
 * further than the last change it saw (a transaction may commit after a later one started)
 * and drops what it already delivered, so each row version arrives once, late by at most
 * one poll interval.
 */
export class ChangeFeed {
  static readonly OVERLAP_MS = 5_000;
  private readonly listeners = new Set<(event: JobStoreEvent) => void>();
  /** Per row, the version delivered last: its `updated_at` and a digest of the whole row. */
  private readonly delivered = new Map<string, { updatedAt: string; digest: string }>();
  private timer: NodeJS.Timeout | undefined;
  private cursor = 0;
  private polling = false;

  constructor(
    private readonly changedRows: ChangedRows,
    private readonly now: () => number,
  ) {}

  publish(event: JobStoreEvent): void {
    if (event.kind === 'job' && !this.firstDelivery(`job:${event.job.id}`, event.job.updated_at, event.job)) return;
    if (event.kind === 'export' && !this.firstDelivery(`export:${event.export.id}`, event.export.updated_at, event.export)) return;
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // One listener's failure must not stop the others, nor the store.
      }
    }
  }

  subscribe(listener: (event: JobStoreEvent) => void, options: SubscribeOptions = {}): () => void {
    this.listeners.add(listener);
    const pollMs = options.pollMs ?? 1000;
    if (pollMs > 0 && !this.timer) {
      this.cursor = this.now();
      this.timer = setInterval(() => void this.poll(), pollMs);
      this.timer.unref();
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * A version is the row's content, not only its `updated_at`: two changes in one millisecond
   * (a claim, then a heartbeat) share it, and the second was dropped as already delivered.
   */
  private firstDelivery(key: string, updatedAt: string, row: JobRow | ExportRow): boolean {
    const digest = createHash('sha1').update(JSON.stringify(row)).digest('base64');
    const last = this.delivered.get(key);
    if (last?.updatedAt === updatedAt && last.digest === digest) return false;
    this.delivered.set(key, { updatedAt, digest });
    // Without a poller nothing else prunes: keep the memory of a long-running process bounded.
    if (this.delivered.size > 10_000) this.forgetBefore(this.now() - 2 * ChangeFeed.OVERLAP_MS);
    return true;
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const since = new Date(this.cursor - ChangeFeed.OVERLAP_MS).toISOString();
      const pollStarted = this.now();
      const { jobs, exports } = await this.changedRows(since);
      for (const job of jobs) this.publish({ kind: 'job', job });
      for (const row of exports) this.publish({ kind: 'export', export: row });
      this.cursor = pollStarted;
      this.forgetBefore(this.cursor - 2 * ChangeFeed.OVERLAP_MS);
    } catch {
      // The store is unreachable for now; the next poll tries again from the same cursor.
    } finally {
      this.polling = false;
    }
  }

  private forgetBefore(time: number): void {
    for (const [key, { updatedAt }] of this.delivered) if (Date.parse(updatedAt) < time) this.delivered.delete(key);
  }
}
