import { resolve } from 'node:path';
import { SecretResolver } from '../destinations/secrets.ts';
import { createIsolatedRunner } from '../isolation/run-export-isolated.ts';
import type { ExportRunner } from '../jobs/export-runner.ts';
import { runExportInProcess } from '../jobs/run-export-in-process.ts';
import type { Logger } from '../logger.ts';
import { startWorker, type WorkerOptions } from '../queue/worker.ts';
import { stateDirOf } from './service-parts.ts';
import type { WorkerStarter } from './start-service.ts';

export interface QueueWorkerOptions {
  /** How each export runs; default a child process per export (`createIsolatedRunner`). */
  runner?: ExportRunner;
  /** Run exports in this process instead (debugging: a plugin can then take the service down). */
  inProcess?: boolean;
  logger?: Logger;
  tuning?: Pick<WorkerOptions, 'leaseMs' | 'heartbeatMs' | 'pollMs' | 'sweepMs' | 'drainTimeoutMs' | 'workerId'> & {
    delivery?: Pick<NonNullable<WorkerOptions['delivery']>, 'concurrency' | 'leaseMs' | 'pollMs'>;
  };
}

/**
 * The queue's worker loop over a service's parts, for `serve` and `worker`. Every export runs
 * in a child process of its own, so a plugin that busy-loops, crashes or eats its heap cannot
 * stop the service; cancel and the job timeout kill that child.
 */
export function queueWorkerStarter(options: QueueWorkerOptions = {}): WorkerStarter {
  const runner = options.runner ?? (options.inProcess ? runExportInProcess : createIsolatedRunner());
  return async ({ store, storage, settings, concurrency, keepMs, publicUrl }) => {
    const { delivery, ...tuning } = options.tuning ?? {};
    const secrets = new SecretResolver(settings.secretsFile ? { secretsFile: resolve(settings.cwd, settings.secretsFile) } : {});
    return startWorker({
      store,
      storage,
      runner,
      plugins: { ...(settings.plugins !== undefined ? { paths: settings.plugins } : {}), cwd: settings.cwd },
      stateDir: stateDirOf(settings),
      concurrency,
      ...(keepMs !== undefined ? { keepMs } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
      ...tuning,
      delivery: {
        secrets,
        ...delivery,
        ...((settings.publicUrl ?? publicUrl) ? { publicUrl: settings.publicUrl ?? publicUrl } : {}),
        ...(settings.localDestinationRoots ? { localRoots: settings.localDestinationRoots.map((root) => resolve(settings.cwd, root)) } : {}),
      },
    });
  };
}
