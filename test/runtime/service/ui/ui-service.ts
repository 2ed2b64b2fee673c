import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDemoUpd } from '../../../../cli/demo/create-demo-upd.ts';
import { createLogger } from '../../../../runtime/logger.ts';
import { loadHost } from '../../../../runtime/plugins/host.ts';
import type { JobStore } from '../../../../runtime/queue/job-store.ts';
import type { AuthConfig } from '../../../../runtime/service/auth/authenticate.ts';
import { queueWorkerStarter } from '../../../../runtime/service/queue-worker.ts';
import { startService } from '../../../../runtime/service/start-service.ts';
import { mountUi } from '../../../../runtime/service/ui/mount-ui.ts';

const FIXTURE_PLUGINS = fileURLToPath(new URL('../../../fixtures/plugins/', import.meta.url));

export interface RunningUiService {
  /** The page: `http://127.0.0.1:<port>/`. */
  url: string;
  api: string;
  store: JobStore;
  close(): Promise<void>;
}

/**
 * The service as `serve` starts it, on 127.0.0.1 and a free port: the SQLite store and local
 * outputs under a state folder, a worker in the same process, the page, the bundled plugins
 * plus `wait-for-cancel` (runs until cancelled) and `broken-import` (fails to load), and a data
 * folder holding the demo's `demo.upd`.
 */
export async function startUiService(options: { auth?: AuthConfig; storage?: { url: string; endpoint: string } } = {}): Promise<RunningUiService> {
  const work = await mkdtemp(join(tmpdir(), 'idah-ui-service-'));
  const dataDir = join(work, 'data');
  await mkdir(dataDir);
  const quiet = createLogger('ui-test', () => {});
  await createDemoUpd(await loadHost({ pluginPaths: [], cwd: work, logger: quiet }), join(dataDir, 'demo.upd'));
  const service = await startService({
    cwd: work,
    stateDir: 'state',
    plugins: [join(FIXTURE_PLUGINS, 'wait-for-cancel'), join(FIXTURE_PLUGINS, 'broken-import')].join(';'),
    host: '127.0.0.1',
    port: 0,
    dataDir,
    auth: options.auth ?? {},
    concurrency: 2,
    startWorker: queueWorkerStarter({ logger: quiet }),
    mounts: [mountUi],
    ...(options.storage ? { storage: options.storage.url, s3Endpoint: options.storage.endpoint } : {}),
  });
  return {
    url: `${service.url}/`,
    api: `${service.url}/api/v1/sync`,
    store: service.context.store,
    async close() {
      await service.close();
      await rm(work, { recursive: true, force: true });
    },
  };
}
