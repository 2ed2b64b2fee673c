import type { ExportRunner } from '../jobs/export-runner.ts';
import { runExportInProcess } from '../jobs/run-export-in-process.ts';
import type { Logger } from '../logger.ts';
import { startWorker, type WorkerOptions } from '../queue/worker.ts';
import { stateDirOf } from './service-parts.ts';
import type { WorkerStarter } from './start-service.ts';

/**
 * The queue's worker loop over a service's parts, for `serve` and `worker`. The runner is a
 * parameter: in this process by default, or an isolated one with the same signature.
 */
export function queueWorkerStarter(
  options: { runner?: ExportRunner; logger?: Logger; tuning?: Pick<WorkerOptions, 'leaseMs' | 'heartbeatMs' | 'pollMs' | 'sweepMs' | 'drainTimeoutMs' | 'workerId'> } = {},
): WorkerStarter {
  return async ({ store, storage, settings, concurrency, keepMs }) =>
    startWorker({
      store,
      storage,
      runner: options.runner ?? runExportInProcess,
      plugins: { ...(settings.plugins !== undefined ? { paths: settings.plugins } : {}), cwd: settings.cwd },
      stateDir: stateDirOf(settings),
      concurrency,
      ...(keepMs !== undefined ? { keepMs } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
      ...options.tuning,
    });
}
