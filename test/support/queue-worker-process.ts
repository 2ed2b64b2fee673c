// A queue worker in a process of its own, for the multi-process tests:
//   node bin/run-ts.js test/support/queue-worker-process.ts '<json config>'
// Prints `ready <worker id>` once it runs; SIGTERM drains it, then it exits 0.
import { runExportInProcess } from '../../runtime/jobs/run-export-in-process.ts';
import { createLogger } from '../../runtime/logger.ts';
import { openJobStore, type JobStoreLocation } from '../../runtime/queue/open-job-store.ts';
import { startWorker } from '../../runtime/queue/worker.ts';
import { LocalOutputStorage } from '../../runtime/storage/local-output-storage.ts';

interface WorkerProcessConfig {
  store: JobStoreLocation;
  outputs: string;
  stateDir: string;
  plugins: string[];
  cwd: string;
  workerId: string;
  concurrency?: number;
  leaseMs?: number;
  heartbeatMs?: number;
  pollMs?: number;
  sweepMs?: number;
  drainTimeoutMs?: number;
  retryBaseMs?: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as WorkerProcessConfig;
const store = await openJobStore(config.store, { retry: { baseMs: config.retryBaseMs ?? 50, capMs: 1_000 } });
const worker = startWorker({
  store,
  storage: new LocalOutputStorage(config.outputs),
  runner: runExportInProcess,
  plugins: { paths: config.plugins, cwd: config.cwd, includeBundled: true },
  stateDir: config.stateDir,
  workerId: config.workerId,
  ...(config.concurrency ? { concurrency: config.concurrency } : {}),
  ...(config.leaseMs ? { leaseMs: config.leaseMs } : {}),
  ...(config.heartbeatMs ? { heartbeatMs: config.heartbeatMs } : {}),
  ...(config.pollMs ? { pollMs: config.pollMs } : {}),
  ...(config.sweepMs ? { sweepMs: config.sweepMs } : {}),
  ...(config.drainTimeoutMs ? { drainTimeoutMs: config.drainTimeoutMs } : {}),
  logger: createLogger(config.workerId, (entry) => process.stderr.write(`[${entry.source}] ${entry.level}: ${entry.message}\n`)),
});
process.on('SIGTERM', () => {
  void worker
    .stop(true)
    .then(() => store.close())
    .then(() => process.exit(0));
});
process.stdout.write(`ready ${worker.workerId}\n`);
