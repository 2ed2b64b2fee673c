import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../../../../runtime/logger.ts';
import { loadHost } from '../../../../runtime/plugins/host.ts';
import type { JobStore, JobStoreOptions } from '../../../../runtime/queue/job-store.ts';
import { openJobStore, type JobStoreLocation } from '../../../../runtime/queue/open-job-store.ts';
import { createServiceApp } from '../../../../runtime/service/app.ts';
import type { AuthConfig } from '../../../../runtime/service/auth/authenticate.ts';
import { UpdCatalog } from '../../../../runtime/service/datasets/upd-catalog.ts';
import { listenService } from '../../../../runtime/service/listen.ts';
import type { ServiceContext } from '../../../../runtime/service/service-context.ts';
import type { OutputStorage } from '../../../../runtime/storage/output-storage.ts';
import { twoDatasets } from '../../../support/fixtures.ts';
import { writeUpdFile } from '../../../support/upd-file.ts';

export const FIXTURE_PLUGINS = fileURLToPath(new URL('../../../fixtures/plugins/', import.meta.url));

export interface RunningTestService {
  url: string;
  api: string;
  context: ServiceContext;
  store: JobStore;
  work: string;
  dataDir: string;
  close(): Promise<void>;
}

export interface TestServiceOptions {
  storage: OutputStorage;
  auth?: AuthConfig;
  store?: JobStoreLocation;
  storeOptions?: JobStoreOptions;
  /** More plugin folders for the service's host. */
  pluginPaths?: string[];
  redirectDownloads?: boolean;
  keepMs?: number;
}

/**
 * The real service on 127.0.0.1, a free port: a real job store, the given storage, the bundled
 * plugins plus good-image and one broken plugin, and a data folder with one UPD file
 * `data.upd` (datasets `big` with 12 entries and `small` with 3, modality idah-image).
 */
export async function startTestService(options: TestServiceOptions): Promise<RunningTestService> {
  const work = await mkdtemp(join(tmpdir(), 'idah-service-test-'));
  const dataDir = join(work, 'data');
  await mkdir(dataDir);
  await writeUpdFile(dataDir, 'data.upd', twoDatasets(12, 3));
  await writeFile(join(dataDir, 'not-a-database.upd'), 'plain text');
  const store = await openJobStore(options.store ?? { stateDir: join(work, 'state') }, options.storeOptions);
  const host = await loadHost({
    pluginPaths: [join(FIXTURE_PLUGINS, 'good-image'), join(FIXTURE_PLUGINS, 'broken-import'), ...(options.pluginPaths ?? [])],
    cwd: work,
    logger: createLogger('test', () => {}),
  });
  const context: ServiceContext = {
    store,
    storage: options.storage,
    host,
    catalog: new UpdCatalog(dataDir),
    auth: options.auth ?? {},
    redirectDownloads: options.redirectDownloads ?? false,
    eventsPollMs: 100,
    ...(options.keepMs ? { keepMs: options.keepMs } : {}),
  };
  const listening = await listenService(createServiceApp(context), { host: '127.0.0.1', port: 0 });
  return {
    url: listening.url,
    api: `${listening.url}/api/v1/sync`,
    context,
    store,
    work,
    dataDir,
    async close() {
      await listening.close();
      await store.close();
      await rm(work, { recursive: true, force: true });
    },
  };
}

/**
 * Runs the next due job the way a worker does, through the store's own API: claim, put the
 * bytes in storage under an attempt-scoped key, complete fenced by the lease.
 */
export async function publishNextJob(service: RunningTestService, bytes: Buffer, filename = 'out.json', mimeType = 'application/json') {
  const [claimed] = await service.store.claim({ workerId: 'test-worker', limit: 1, leaseMs: 60_000 });
  if (!claimed?.export) throw new Error('no job to claim');
  const path = join(service.work, `${claimed.job.id}-${filename}`);
  await writeFile(path, bytes);
  const key = `exports/${claimed.export.id}/${claimed.lease.attempt}-${filename}`;
  const stored = await service.context.storage.put(key, path, { mimeType, filename });
  const completed = await service.store.complete(claimed.lease, {
    file: { key, filename, mime_type: mimeType, size: stored.size, etag: stored.etag },
  });
  if (!completed) throw new Error('lease lost');
  return { job: claimed.job, exportId: claimed.export.id, key };
}

/** Posts an export of `data.upd` and returns the parsed body. */
export async function postExport(service: RunningTestService, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await fetch(`${service.api}/exports/export`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { response, body: (await response.json()) as { data: { id: string; attributes: Record<string, unknown> }; included: Array<{ id: string; attributes: Record<string, unknown> }>; errors?: Array<Record<string, unknown>> } };
}
