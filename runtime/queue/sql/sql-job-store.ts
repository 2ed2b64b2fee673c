import { DEFAULT_RETRY_POLICY } from '../backoff.ts';
import { ChangeFeed } from '../change-feed.ts';
import type { JobStore, JobStoreOptions } from '../job-store.ts';
import * as delivery from './delivery-ops.ts';
import { appendLogs, readLogs } from './log-ops.ts';
import * as managing from './managing-ops.ts';
import * as running from './running-ops.ts';
import { migrateSchema, SCHEMA_VERSION } from './schema.ts';
import { createSqlScheduleStore } from '../../schedules/sql-schedule-store.ts';
import type { SqlDriver } from './sql-driver.ts';
import type { StoreContext } from './store-context.ts';

/** The job store over either database: one body of SQL, the dialect's few differences in the driver and context. */
export function createSqlJobStore(db: SqlDriver, options: JobStoreOptions & { schema?: string } = {}): JobStore {
  let offsetMs = 0;
  const ctx: StoreContext = {
    db,
    nowMs: () => Date.now() + offsetMs,
    retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
    deliveryRetry: { ...DEFAULT_RETRY_POLICY, ...options.deliveryRetry },
    maxReschedules: options.maxReschedules ?? 5,
    maxLogsPerJob: options.maxLogsPerJob ?? 10_000,
    feed: new ChangeFeed((since) => managing.changedRows(ctx, since), () => ctx.nowMs()),
  };
  return {
    driver: db.dialect,
    description: db.description,
    migrate: async () => {
      await migrateSchema(db, options.schema);
      // A measured offset is only as good as the round trip; below a second it is noise
      // (same host, or clocks kept by NTP), and times of one machine had better agree.
      const measured = await db.clockOffsetMs();
      offsetMs = Math.abs(measured) < 1_000 ? 0 : measured;
    },
    close: async () => {
      ctx.feed.stop();
      await db.close();
    },
    check: async () => {
      try {
        const [row] = await db.all<{ version: unknown }>('SELECT MAX(version) AS version FROM idah_schema_version');
        const version = Number(row?.version ?? 0);
        return version === SCHEMA_VERSION
          ? { ok: true, detail: `${db.description}, schema version ${version}` }
          : { ok: false, detail: `${db.description}: schema version ${version}, expected ${SCHEMA_VERSION}` };
      } catch (error) {
        return { ok: false, detail: `${db.description}: ${error instanceof Error ? error.message : String(error)}` };
      }
    },
    enqueueExport: (input) => managing.enqueueExport(ctx, input),
    claim: (claimOptions) => running.claim(ctx, claimOptions),
    heartbeat: (lease, leaseMs, update) => running.heartbeat(ctx, lease, leaseMs, update),
    complete: (lease, input) => running.complete(ctx, lease, input),
    fail: (lease, input) => running.fail(ctx, lease, input),
    reschedule: (lease, input) => running.reschedule(ctx, lease, input),
    finishCancelled: (lease, details) => running.finishCancelled(ctx, lease, details),
    release: (lease) => running.release(ctx, lease),
    requeueExpired: () => running.requeueExpired(ctx),
    claimDeliveries: (claimOptions) => delivery.claimDeliveries(ctx, claimOptions),
    renewDelivery: (claim, leaseMs) => delivery.renewDelivery(ctx, claim, leaseMs),
    finishDelivery: (claim, outcome) => delivery.finishDelivery(ctx, claim, outcome),
    releaseDelivery: (claim) => delivery.releaseDelivery(ctx, claim),
    redeliver: (exportId) => delivery.redeliver(ctx, exportId),
    cancel: (jobId) => managing.cancel(ctx, jobId),
    retry: (jobId) => managing.retry(ctx, jobId),
    deleteJob: (jobId) => managing.deleteJob(ctx, jobId),
    deleteExport: (exportId) => managing.deleteExport(ctx, exportId),
    expireExports: (before) => managing.expireExports(ctx, before),
    getJob: (jobId) => managing.getJob(ctx, jobId),
    getExport: (exportId) => managing.getExport(ctx, exportId),
    exportsOfJobs: (jobIds) => managing.exportsOfJobs(ctx, jobIds),
    listJobs: (query) => managing.listJobs(ctx, query),
    listExports: (query) => managing.listExports(ctx, query),
    schedules: createSqlScheduleStore(ctx),
    appendLogs: (jobId, lines) => appendLogs(ctx, jobId, lines),
    readLogs: (jobId, readOptions) => readLogs(ctx, jobId, readOptions),
    subscribe: (listener, subscribeOptions) => ctx.feed.subscribe(listener, subscribeOptions),
  };
}
