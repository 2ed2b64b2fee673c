// One export in a child process of its host: loads the plugins, opens the source, runs the
// job, and reports events, logs and the final record over IPC. Whatever a plugin does here
// (exit, hang, crash, pollute globals), the host only sees this process end.
import { describeThrown, IdahPluginError, isIdahPluginError } from '../errors.ts';
import type { ExporterClass } from '../exporter.ts';
import { failedJobRecord, type JobRecord } from '../jobs/job-record.ts';
import { runExportJob, type ExportJobRequest } from '../jobs/run-export-job.ts';
import { createLogger, type LogSink } from '../logger.ts';
import { loadHost } from '../plugins/host.ts';
import { importPluginModule } from '../plugins/import-plugin-module.ts';
import type { DataSource } from '../sources/data-source.ts';
import { recordsFromFixtures } from '../sources/memory/fixtures.ts';
import { MemorySource } from '../sources/memory/memory-source.ts';
import { parseEntryFilter } from '../sources/filters.ts';
import { narrowSource } from '../sources/narrowed-source.ts';
import { openSource } from '../sources/source-descriptor.ts';
import { startOrphanWatchdog } from './orphan-watchdog.ts';
import { pluginDirsFor } from './select-plugin-dirs.ts';
import { type ChildMessage, type ChildRun, type ParentMessage } from './protocol.ts';

const hostExit = process.exit.bind(process);
const controller = new AbortController();
let currentPlugin: string | undefined;
let started = false;

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.connected || !process.send) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

// A plugin's process.exit() becomes an error thrown where it was called: it fails the
// plugin's init or its export, with the plugin named, instead of ending the job silently.
process.exit = ((code?: number | string | null) => {
  const plugin = currentPlugin ? `plugin "${currentPlugin}"` : 'a plugin';
  throw new IdahPluginError(
    'PLUGIN_EXITED',
    `${plugin} called process.exit(${code ?? ''}); a plugin must return or throw, never end the process`,
    currentPlugin ? { plugin: currentPlugin } : {},
  );
}) as typeof process.exit;

async function crash(kind: 'uncaught exception' | 'unhandled rejection', thrown: unknown): Promise<void> {
  const code = isIdahPluginError(thrown) ? thrown.code : undefined;
  await Promise.race([
    send({ type: 'crashed', kind, message: describeThrown(thrown), ...(code ? { code } : {}) }),
    new Promise((resolve) => setTimeout(resolve, 1000)),
  ]);
  hostExit(70);
}
process.on('uncaughtException', (error) => void crash('uncaught exception', error));
process.on('unhandledRejection', (reason) => void crash('unhandled rejection', reason));
// The parent is gone: stop; the watchdog thread cleans up if this thread cannot.
process.on('disconnect', () => controller.abort(new IdahPluginError('EXPORT_CANCELLED', 'the host process went away')));

process.on('message', (message: ParentMessage) => {
  if (message.type === 'cancel') controller.abort(new IdahPluginError('EXPORT_CANCELLED', 'cancelled'));
  if (message.type === 'start' && !started) {
    started = true;
    void run(message.run).then(async (job) => {
      await send({ type: 'result', job });
      hostExit(0); // timers a plugin left running must not keep this process alive
    });
  }
});

async function resolveExporter(run: ChildRun, sink: LogSink): Promise<ExportJobRequest['exporter']> {
  const { exporter } = run;
  if (exporter.kind === 'module') {
    const exports = await importPluginModule(exporter.module);
    const exporterClass = exports[exporter.exportName] as ExporterClass | undefined;
    if (typeof exporterClass !== 'function') {
      throw new IdahPluginError('EXPORTER_NOT_FOUND', `expected ${exporter.module} to export a class named ${exporter.exportName}`);
    }
    return { id: exporter.exportName, exporterClass, ...(exporter.selector ? { selector: exporter.selector } : {}) };
  }
  const only = await pluginDirsFor(exporter.reference, exporter.plugins);
  const host = await loadHost({
    ...(only ? { pluginPaths: only, includeBundled: false } : {}),
    ...(!only && exporter.plugins.paths !== undefined ? { pluginPaths: exporter.plugins.paths } : {}),
    ...(!only && exporter.plugins.includeBundled !== undefined ? { includeBundled: exporter.plugins.includeBundled } : {}),
    cwd: exporter.plugins.cwd,
    logger: createLogger('idah-plugin', sink),
    initTimeoutMs: run.initTimeoutMs,
    onPluginLoading: (plugin) => {
      currentPlugin = plugin.name;
      void send({ type: 'loading', plugin: plugin.name });
    },
  });
  currentPlugin = undefined;
  try {
    return host.registry.resolve(exporter.reference);
  } catch (error) {
    if (!isIdahPluginError(error)) throw error;
    // The plugin asked for by name failed to load: that failure is the answer.
    const own = host.report.failures.find((failure) => failure.plugin === exporter.reference);
    if (own) {
      const exited = causedByExit(own.cause);
      throw new IdahPluginError(exited ? 'PLUGIN_EXITED' : (own.code as IdahPluginError['code']), `plugin "${own.plugin}" failed to load: ${own.message}`);
    }
    const broken = host.report.failures.map((failure) => `${failure.plugin}: ${failure.message}`);
    const hint = broken.length > 0 ? `; plugins that failed to load: ${broken.join('; ')}` : '';
    throw new IdahPluginError(error.code, `${error.message}${hint}`);
  }
}

function causedByExit(thrown: unknown, depth = 0): boolean {
  if (isIdahPluginError(thrown, 'PLUGIN_EXITED')) return true;
  return depth < 5 && thrown instanceof Error && causedByExit(thrown.cause, depth + 1);
}

async function openChildSource(run: ChildRun): Promise<DataSource> {
  if (run.source.kind === 'fixtures') return new MemorySource(recordsFromFixtures(run.source.datasets));
  return openSource(run.source);
}

async function run(run: ChildRun): Promise<JobRecord> {
  startOrphanWatchdog({ parentPid: process.ppid, workRoot: run.workRoot, outDir: run.outDir });
  const sink: LogSink = (entry) => void send({ type: 'log', entry });
  const reference = run.exporter.kind === 'plugin' ? run.exporter.reference : run.exporter.exportName;
  const record = { jobId: run.jobId, exporterId: reference, plugin: null, datasetIds: run.datasetIds, options: run.options, entryFilter: run.entryFilter, retryCount: run.retryCount };
  let exporter: ExportJobRequest['exporter'];
  try {
    exporter = await resolveExporter(run, sink);
  } catch (error) {
    return failedJobRecord(record, describeThrown(error), isIdahPluginError(error) ? error.code : 'PLUGIN_LOAD_FAILED');
  }
  currentPlugin = exporter.plugin?.name;
  const name = (exporter as { name?: unknown }).name;
  await send({ type: 'loaded', exporterId: exporter.id, name: typeof name === 'string' ? name : exporter.id, plugin: exporter.plugin?.name ?? null });
  let source: DataSource;
  try {
    const where = parseEntryFilter(run.entryFilter);
    source = narrowSource(await openChildSource(run), where);
  } catch (error) {
    const failed = { ...record, exporterId: exporter.id, plugin: exporter.plugin?.name ?? null };
    return failedJobRecord(failed, describeThrown(error), isIdahPluginError(error) ? error.code : 'SOURCE_INVALID');
  }
  try {
    return await runExportJob({
      exporter,
      source,
      datasetIds: run.datasetIds,
      ...(run.entryFilter ? { entryFilter: run.entryFilter } : {}),
      options: run.options,
      outDir: run.outDir,
      workRoot: run.workRoot,
      signal: controller.signal,
      onEvent: (event) => void send({ type: 'event', event }),
      logSink: sink,
      ...(run.reschedule ? { reschedule: run.reschedule } : {}),
      ...(run.jobId ? { jobId: run.jobId } : {}),
      ...(run.retryCount !== undefined ? { retryCount: run.retryCount } : {}),
      ...(run.maxReschedules !== undefined ? { maxReschedules: run.maxReschedules } : {}),
      ...(run.batchSize !== undefined ? { batchSize: run.batchSize } : {}),
      ...(run.keepFileLog ? { keepFileLog: true } : {}),
      ...(run.cancelGraceMs !== undefined ? { cancelGraceMs: run.cancelGraceMs } : {}),
    });
  } finally {
    await source.close().catch(() => {});
  }
}

void send({ type: 'ready' });
