import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Host } from '../plugins/host.ts';
import type { JobStore } from '../queue/job-store.ts';
import { type Scheduler, type SchedulerOptions, startScheduler } from '../schedules/scheduler.ts';
import type { OutputStorage } from '../storage/output-storage.ts';
import { createServiceApp } from './app.ts';
import type { AuthConfig } from './auth/authenticate.ts';
import type { DatasetCatalog } from './datasets/dataset-catalog.ts';
import { LiveIdahCatalog } from './datasets/live-idah-catalog.ts';
import { UpdCatalog } from './datasets/upd-catalog.ts';
import type { SourceDescriptor } from '../sources/source-descriptor.ts';
import { type ListeningService, listenService } from './listen.ts';
import type { RouteMount, ServiceContext } from './service-context.ts';
import { closeStorage, loadHostFor, openStorageFor, openStoreFor, type ServiceSettings, stateDirOf } from './service-parts.ts';

/** A running worker loop: `stop()` drains it (finishes or hands back every job it holds). */
export interface RunningWorker {
  stop(): Promise<void>;
}

export interface WorkerParts {
  store: JobStore;
  storage: OutputStorage;
  host: Host;
  settings: ServiceSettings;
  concurrency: number;
  keepMs?: number;
  /** The service's address, when a `serve` runs the worker (download links in notifications). */
  publicUrl?: string;
}

/** Starts the queue's worker loop over these parts (the queue provides it). */
export type WorkerStarter = (parts: WorkerParts) => Promise<RunningWorker>;

export interface StartServiceOptions extends ServiceSettings {
  host: string;
  port: number;
  /** Where the UPD files are (default the current folder). */
  dataDir: string;
  /** A live IDAH to export from instead of the UPD files (credentials by reference only). */
  source?: Extract<SourceDescriptor, { kind: 'idah-api' }>;
  auth: AuthConfig;
  /** Run jobs in this process too (`--no-worker` turns it off). */
  startWorker?: WorkerStarter;
  concurrency: number;
  keepMs?: number;
  jobTimeoutMs?: number;
  mounts?: readonly RouteMount[];
  /** The schedules' loop (on by default in every serve); `false` turns it off. */
  scheduler?: false | Pick<SchedulerOptions, 'tickMs' | 'now' | 'logger'>;
}

export interface RunningService {
  url: string;
  context: ServiceContext;
  /** The schedules' loop of this process, unless turned off. */
  scheduler?: Scheduler;
  /** Stops taking requests, drains the worker, closes the store: nothing is left running. */
  close(): Promise<void>;
}

/** `idah-plugin serve`: the store, the storage, the plugins, the HTTP app and (unless told not to) a worker. */
export async function startService(options: StartServiceOptions): Promise<RunningService> {
  await mkdir(stateDirOf(options), { recursive: true });
  const storage = await openStorageFor(options);
  const store = await openStoreFor(options).catch((error: unknown) => {
    closeStorage(storage);
    throw error;
  });
  let listening: ListeningService | undefined;
  let worker: RunningWorker | undefined;
  let catalog: DatasetCatalog | undefined;
  let scheduler: Scheduler | undefined;
  try {
    const host = await loadHostFor(options);
    catalog = options.source ? new LiveIdahCatalog(options.source) : new UpdCatalog(resolve(options.cwd, options.dataDir));
    const context: ServiceContext = {
      store,
      storage,
      host,
      catalog,
      auth: options.auth,
      ...(options.keepMs ? { keepMs: options.keepMs } : {}),
      ...(options.jobTimeoutMs ? { jobTimeoutMs: options.jobTimeoutMs } : {}),
    };
    listening = await listenService(createServiceApp(context, { mounts: options.mounts ?? [] }), { host: options.host, port: options.port });
    if (options.startWorker) {
      worker = await options.startWorker({
        store,
        storage,
        host,
        settings: options,
        concurrency: options.concurrency,
        ...(options.keepMs ? { keepMs: options.keepMs } : {}),
        publicUrl: options.publicUrl ?? listening.url,
      });
    }
    if (options.scheduler !== false) scheduler = startScheduler({ store, ...options.scheduler });
    const server = listening;
    let closing: Promise<void> | undefined;
    return {
      url: server.url,
      context,
      ...(scheduler ? { scheduler } : {}),
      close: () =>
        (closing ??= (async () => {
          await scheduler?.stop();
          await server.close();
          await worker?.stop();
          await store.close();
          await catalog?.close();
          closeStorage(storage);
        })()),
    };
  } catch (error) {
    await scheduler?.stop().catch(() => {});
    await listening?.close().catch(() => {});
    await worker?.stop().catch(() => {});
    await store.close().catch(() => {});
    await catalog?.close().catch(() => {});
    closeStorage(storage);
    throw error;
  }
}
