import { describeThrown, isIdahPluginError } from '../errors.ts';
import { createLogger, stderrSink } from '../logger.ts';
import { loadHost } from '../plugins/host.ts';
import type { ExporterRegistration } from '../plugins/registry.ts';
import type { DataSource } from '../sources/data-source.ts';
import { parseEntryFilter } from '../sources/filters.ts';
import { narrowSource } from '../sources/narrowed-source.ts';
import { openSource } from '../sources/source-descriptor.ts';
import type { ExportRunner } from './export-runner.ts';
import { failedJobRecord } from './job-record.ts';
import { runExportJob } from './run-export-job.ts';

/**
 * Runs an export in this process: loads the plugins, opens the source, runs the job.
 * Fast, but a plugin that hangs or exits takes this process with it; hosts that must
 * survive any plugin run exports isolated instead.
 */
export const runExportInProcess: ExportRunner = async (request) => {
  const sink = request.logSink ?? stderrSink;
  const record = {
    jobId: request.jobId,
    exporterId: request.exporter,
    plugin: null,
    datasetIds: request.datasetIds,
    options: request.options,
    entryFilter: request.entryFilter,
    retryCount: request.retryCount,
  };
  let registration: ExporterRegistration;
  let source: DataSource;
  try {
    const host = await loadHost({
      ...(request.plugins.paths !== undefined ? { pluginPaths: request.plugins.paths } : {}),
      ...(request.plugins.includeBundled !== undefined ? { includeBundled: request.plugins.includeBundled } : {}),
      cwd: request.plugins.cwd,
      logger: createLogger('idah-plugin', sink),
    });
    registration = host.registry.resolve(request.exporter);
  } catch (error) {
    return failedJobRecord(record, describeThrown(error), isIdahPluginError(error) ? error.code : 'PLUGIN_LOAD_FAILED');
  }
  try {
    const where = parseEntryFilter(request.entryFilter);
    source = narrowSource(await openSource(request.source), where);
  } catch (error) {
    const failed = { ...record, exporterId: registration.id, plugin: registration.plugin?.name ?? null };
    return failedJobRecord(failed, describeThrown(error), isIdahPluginError(error) ? error.code : 'SOURCE_INVALID');
  }
  const timeout = request.timeoutMs ? AbortSignal.timeout(request.timeoutMs) : undefined;
  const signals = [request.signal, timeout].filter((signal): signal is AbortSignal => signal !== undefined);
  try {
    const job = await runExportJob({
      exporter: registration,
      source,
      datasetIds: request.datasetIds,
      ...(request.entryFilter ? { entryFilter: request.entryFilter } : {}),
      options: request.options,
      outDir: request.outDir,
      ...(signals.length > 0 ? { signal: AbortSignal.any(signals) } : {}),
      ...(request.onEvent ? { onEvent: request.onEvent } : {}),
      logSink: sink,
      ...(request.reschedule ? { reschedule: request.reschedule } : {}),
      ...(request.jobId ? { jobId: request.jobId } : {}),
      ...(request.retryCount !== undefined ? { retryCount: request.retryCount } : {}),
      ...(request.keepFileLog ? { keepFileLog: true } : {}),
    });
    if (job.status === 'cancelled' && timeout?.aborted && !request.signal?.aborted) {
      return { ...job, status: 'errored', error: `the export ran longer than ${request.timeoutMs} ms`, error_code: 'EXPORT_TIMEOUT', error_plugin: job.plugin };
    }
    return job;
  } finally {
    await source.close().catch(() => {});
  }
};
