import { createLogger, formatLogEntry } from '../../runtime/host.ts';
import { concurrencyOf, keepOf, settingsFrom, type StoreFlags, untilSignal, withStoreOptions } from '../service-flags.ts';
import type { CommandRegistrar } from './index.ts';

/** `idah-plugin worker`: runs jobs from the shared store, no HTTP; as many as you like on PostgreSQL. */
export const registerWorkerCommand: CommandRegistrar = (program, environment) => {
  withStoreOptions(
    program
      .command('worker')
      .description('Run export jobs from the job store (no HTTP); start several against one --db')
      .option('--in-process', 'run exports in the worker process itself (debugging; a plugin can then take the worker down)'),
  ).action(
    async (flags: StoreFlags & { inProcess?: boolean }) => {
      const settings = settingsFrom(environment, flags);
      // The store drivers and the worker load only for this command.
      const { closeStorage, loadHostFor, openStorageFor, openStoreFor } = await import('../../runtime/service/service-parts.ts');
      const { queueWorkerStarter } = await import('../../runtime/service/queue-worker.ts');
      const logger = createLogger('worker', (entry) => {
        if (entry.level !== 'debug') environment.stderr.write(`${formatLogEntry(entry)}\n`);
      });
      const storage = await openStorageFor(settings);
      const store = await openStoreFor(settings).catch((error: unknown) => {
        closeStorage(storage);
        throw error;
      });
      try {
        const host = await loadHostFor(settings);
        const keepMs = keepOf(flags);
        const concurrency = concurrencyOf(flags);
        const worker = await queueWorkerStarter({ logger, ...(flags.inProcess ? { inProcess: true } : {}) })({ store, storage, host, settings, concurrency, ...(keepMs ? { keepMs } : {}) });
        // Schedules need only the store: a worker queues their slots too, so `serve --no-worker` setups keep them.
        const { startScheduler } = await import('../../runtime/schedules/scheduler.ts');
        const scheduler = startScheduler({ store, logger });
        environment.stdout.write(`worker running: store ${store.driver} ${store.description}, outputs ${storage.description}, concurrency ${concurrency}\n`);
        const signal = await untilSignal();
        environment.stderr.write(`${signal}: draining\n`);
        await scheduler.stop();
        await worker.stop();
        environment.stderr.write('stopped\n');
      } finally {
        await store.close();
        closeStorage(storage);
      }
    },
  );
};
