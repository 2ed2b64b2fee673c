import { readdir, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describeThrown } from '../errors.ts';
import { sweepStalePartials, sweepStaleStaging } from '../io/staging.ts';
import type { Logger } from '../logger.ts';
import type { OutputStorage } from '../storage/output-storage.ts';
import { attemptStagingDir, attemptStorageKey, parseAttemptName, stagingRoot } from './attempt-paths.ts';
import type { JobStore } from './job-store.ts';

export interface SweepEnvironment {
  store: JobStore;
  storage: OutputStorage;
  stateDir: string;
  logger: Logger;
  /** Attempts running in this process (`<job id>/<attempt folder>`), never touched. */
  running: () => ReadonlySet<string>;
  /** Retention: exports older than this are expired and their files removed. */
  keepMs?: number;
}

export interface SweepReport {
  requeued: number;
  removedObjects: number;
  removedStaging: number;
  /** Staging folders and partial files whose owner process is gone (a killed export child). */
  removedStale: number;
  expired: number;
}

const STALE_TEMPORARY_MS = 60 * 60_000;

/**
 * One pass of the sweeper any worker runs: takes back expired leases and removes what their
 * attempts left (the attempt-scoped object, the staging folder), removes staging folders of
 * attempts that are no longer running, and applies retention. Failures are logged, never thrown.
 */
export async function sweepOnce(env: SweepEnvironment): Promise<SweepReport> {
  const report: SweepReport = { requeued: 0, removedObjects: 0, removedStaging: 0, removedStale: 0, expired: 0 };
  await step(env, 'requeue expired leases', async () => {
    for (const lease of await env.store.requeueExpired()) {
      report.requeued += 1;
      env.logger.warn(`job ${lease.job_id}: the lease of worker ${lease.worker_id} expired (attempt ${lease.attempt}); now ${lease.status}`);
      if (lease.export_id) {
        await env.storage.delete(attemptStorageKey(lease.export_id, lease));
        report.removedObjects += 1;
      }
      await rm(attemptStagingDir(env.stateDir, lease.job_id, lease), { recursive: true, force: true });
    }
  });
  await step(env, 'remove orphan staging folders', async () => {
    report.removedStaging = await removeOrphanStaging(env);
  });
  await step(env, 'remove staging of dead processes', async () => {
    report.removedStale = await removeStaleOfDeadProcesses(env);
  });
  const storage = env.storage as OutputStorage & { removeStaleTemporaries?: (maxAgeMs: number) => Promise<number> };
  if (storage.removeStaleTemporaries) await step(env, 'remove stale temporary copies', () => storage.removeStaleTemporaries!(STALE_TEMPORARY_MS));
  if (env.keepMs !== undefined) {
    await step(env, 'expire old exports', async () => {
      const expired = await env.store.expireExports(new Date(Date.now() - (env.keepMs as number)).toISOString());
      for (const each of expired) await env.storage.delete(each.storageKey);
      report.expired = expired.length;
    });
  }
  return report;
}

/** A staging folder stays only while its job is running with that very lease (here or in another process sharing the folder). */
async function removeOrphanStaging(env: SweepEnvironment): Promise<number> {
  const root = stagingRoot(env.stateDir);
  let removed = 0;
  const jobs = await readdir(root).catch(() => [] as string[]);
  for (const jobId of jobs) {
    const attempts = await readdir(join(root, jobId)).catch(() => [] as string[]);
    const job = attempts.length > 0 ? await env.store.getJob(jobId) : null;
    for (const name of attempts) {
      if (env.running().has(`${jobId}/${name}`)) continue;
      const ref = parseAttemptName(name);
      if (ref && job?.status === 'running' && job.lease_token === ref.token) continue;
      await rm(join(root, jobId, name), { recursive: true, force: true });
      removed += 1;
    }
    // rmdir, not rm -r: another process may be making a new attempt's folder in it right now.
    await rmdir(join(root, jobId)).catch(() => {});
  }
  return removed;
}

/**
 * What export processes that are gone left behind: their `idah-export-<pid>-*` folders in the
 * temp folder (the isolated runner's work root) and `.idah-partial-<pid>-*` files in the
 * staging folders of attempts still running here.
 */
async function removeStaleOfDeadProcesses(env: SweepEnvironment): Promise<number> {
  let removed = (await sweepStaleStaging()).length;
  for (const attempt of env.running()) {
    const [jobId, name] = attempt.split('/');
    if (jobId && name) removed += (await sweepStalePartials(join(stagingRoot(env.stateDir), jobId, name))).length;
  }
  if (removed > 0) env.logger.info(`sweeper: removed ${removed} staging folders or partial files of processes that are gone`);
  return removed;
}

async function step(env: SweepEnvironment, what: string, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (error) {
    env.logger.warn(`sweeper: ${what} failed: ${describeThrown(error)}`);
  }
}
