// One benchmark worker process: the queue's worker loop over a store and a local storage,
// running only the trivial exporter (no bundled plugins), until SIGTERM.
// Args: <store location JSON> <state dir> <plugin dir> <concurrency>
import { runExportInProcess } from '../runtime/jobs/run-export-in-process.ts';
import { createLogger } from '../runtime/logger.ts';
import { openJobStore } from '../runtime/queue/open-job-store.ts';
import { startWorker } from '../runtime/queue/worker.ts';
import { LocalOutputStorage } from '../runtime/storage/local-output-storage.ts';
import { join } from 'node:path';

const [location = '', stateDir = '', pluginDir = '', concurrency = '1'] = process.argv.slice(2);
const store = await openJobStore(JSON.parse(location));
const worker = startWorker({
  store,
  storage: new LocalOutputStorage(join(stateDir, 'outputs')),
  runner: runExportInProcess,
  plugins: { paths: pluginDir, cwd: stateDir, includeBundled: false },
  stateDir,
  concurrency: Number(concurrency),
  pollMs: 50,
  logger: createLogger('bench-worker', () => {}),
});
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  void worker.stop().then(() => store.close()).then(() => process.exit(0));
});
