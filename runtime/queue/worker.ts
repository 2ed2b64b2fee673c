import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { type DeliveryWorkerOptions, startDeliveryWorker } from '../destinations/delivery-worker.ts';
import { describeThrown } from '../errors.ts';
import type { ExportRunner, ExportRunRequest } from '../jobs/export-runner.ts';
import { createLogger, type Logger, stderrSink } from '../logger.ts';
import type { OutputStorage } from '../storage/output-storage.ts';
import { attemptFolderName } from './attempt-paths.ts';
import type { JobStore } from './job-store.ts';
import { type RunningJob, runClaimedJob } from './run-claimed-job.ts';
import { sweepOnce } from './sweeper.ts';
import { waitForWakeOrPoll } from './wait-for-wake-or-poll.ts';

export interface WorkerOptions {
  store: JobStore;
  storage: OutputStorage;
  /** How exports run: in process, or isolated in a child process; same signature. */
  runner: ExportRunner;
  /** Where plugins come from, for every job. */
  plugins: ExportRunRequest['plugins'];
  /** Staging folders live under `<stateDir>/work`. */
  stateDir: string;
  /** Default `<host>:<pid>:<random>`. */
  workerId?: string;
  /** Jobs run at once (default 1). */
  concurrency?: number;
  /** Lease length (default 30 s); a worker silent this long loses its jobs to others. */
  leaseMs?: number;
  /** Heartbeat period (default 1 s): renews leases, records progress, picks up cancellations. */
  heartbeatMs?: number;
  /** How often to look for due jobs when idle (default 1 s); jobs enqueued by this process wake it at once. */
  pollMs?: number;
  /** Sweeper period (default 10 s): expired leases, orphans, retention. */
  sweepMs?: number;
  /** Retention: exports older than this are expired and their files removed. */
  keepMs?: number;
  /** How long `stop()` lets running jobs finish before handing them back (default 30 s). */
  drainTimeoutMs?: number;
  /** Aborting it drains and stops the worker. */
  signal?: AbortSignal;
  logger?: Logger;
  /** How published files reach their destinations (secrets, concurrency, lease, poll, public URL). */
  delivery?: Partial<Pick<DeliveryWorkerOptions, 'secrets' | 'concurrency' | 'leaseMs' | 'pollMs' | 'publicUrl' | 'localRoots'>>;
}

export interface Worker {
  readonly workerId: string;
  /** Jobs running now. */
  readonly running: number;
  /**
   * Stops claiming. With `drain` (default) running jobs may finish until the drain timeout,
   * then are stopped and handed back (pending, attempt not counted); without, at once.
   * Resolves when no job of this worker is running.
   */
  stop(drain?: boolean): Promise<void>;
}

/** Starts a worker loop: claims up to `concurrency` jobs, runs them, and sweeps. */
export function startWorker(options: WorkerOptions): Worker {
  const workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));
  const leaseMs = options.leaseMs ?? 30_000;
  const heartbeatMs = options.heartbeatMs ?? Math.min(1_000, Math.floor(leaseMs / 3));
  const pollMs = options.pollMs ?? 1_000;
  const sweepMs = options.sweepMs ?? 10_000;
  const logger = options.logger ?? createLogger(`worker ${workerId}`, stderrSink, 'info');
  const running = new Map<string, RunningJob>();
  const runningAttempts = new Set<string>();
  let stopping = false;
  const idle = waitForWakeOrPoll(pollMs);
  const poke = idle.poke;

  const unsubscribe = options.store.subscribe(
    (event) => {
      if (event.kind === 'job' && event.job.status === 'pending') poke();
    },
    { pollMs: 0 },
  );

  const env = {
    store: options.store,
    storage: options.storage,
    runner: options.runner,
    stateDir: options.stateDir,
    plugins: options.plugins,
    leaseMs,
    heartbeatMs,
    logger,
  };

  const deliveries = startDeliveryWorker({
    store: options.store,
    storage: options.storage,
    workerId,
    logger,
    pollMs,
    ...options.delivery,
  });

  const sweep = async () => {
    await sweepOnce({
      store: options.store,
      storage: options.storage,
      stateDir: options.stateDir,
      logger,
      running: () => runningAttempts,
      ...(options.keepMs !== undefined ? { keepMs: options.keepMs } : {}),
    });
  };
  let sweeping: Promise<void> | undefined;
  const sweepTimer = setInterval(() => {
    sweeping ??= sweep().finally(() => (sweeping = undefined));
  }, sweepMs);
  sweepTimer.unref();

  const loop = (async () => {
    sweeping = sweep().finally(() => (sweeping = undefined));
    while (!stopping) {
      const free = concurrency - running.size;
      let claimedAny = false;
      if (free > 0) {
        try {
          for (const claimed of await options.store.claim({ workerId, limit: free, leaseMs })) {
            claimedAny = true;
            if (stopping) {
              await options.store.release(claimed.lease);
              continue;
            }
            const attempt = `${claimed.job.id}/${attemptFolderName(claimed.lease)}`;
            const run = runClaimedJob(env, claimed);
            running.set(claimed.job.id, run);
            runningAttempts.add(attempt);
            void run.done.finally(() => {
              running.delete(claimed.job.id);
              runningAttempts.delete(attempt);
              poke();
            });
          }
        } catch (error) {
          logger.warn(`claim failed: ${describeThrown(error)}`);
        }
      }
      // Claim again at once while there was work and room; otherwise wait for a wake-up or the poll.
      if (claimedAny && running.size < concurrency) continue;
      await idle.wait();
    }
  })();

  let stopped: Promise<void> | undefined;
  const stop = (drain = true): Promise<void> => {
    stopped ??= (async () => {
      stopping = true;
      poke();
      await loop;
      if (drain && running.size > 0) {
        const deadline = new Promise<void>((resolve) => setTimeout(resolve, options.drainTimeoutMs ?? 30_000).unref());
        await Promise.race([Promise.all([...running.values()].map((run) => run.done)), deadline]);
      }
      for (const run of running.values()) run.stop('drain');
      await Promise.all([...running.values()].map((run) => run.done));
      await deliveries.stop();
      clearInterval(sweepTimer);
      await sweeping;
      unsubscribe();
    })();
    return stopped;
  };
  options.signal?.addEventListener('abort', () => void stop(true), { once: true });

  return {
    workerId,
    get running() {
      return running.size;
    },
    stop,
  };
}
