// `idah-plugin/host`: what runs plugins. Discovery and loading, export jobs and their records,
// data sources, staging and publishing, manifests, media processors and the demo data, as the
// CLI and the Sync Service use them. Plugins import `idah-plugin`, never this.
// Heavy libraries (DuckDB, archiver, the SQL drivers, the S3 SDK) load where they are used.

export { describeThrown, type IdahErrorCode, type IdahErrorOptions, IdahPluginError, isIdahPluginError } from './errors.ts';
export { createLogger, formatLogEntry, type LogEntry, type Logger, type LogLevel, type LogSink, stderrSink } from './logger.ts';
export { describeSelector, type ExporterClass, type ModalitySelector, selectorMatches } from './exporter.ts';

// Plugins: discovery, loading, the registry.
export { type Host, loadHost, type LoadHostOptions } from './plugins/host.ts';
export { BUNDLED_PLUGINS_DIR, type DiscoverOptions, discoverPluginDirs, type Discovery } from './plugins/discover.ts';
export { DEFAULT_PLUGIN_PATH, PLUGIN_PATH_ENV, splitPluginPath } from './plugins/plugin-path.ts';
export { loadPlugins, type LoadPluginsOptions } from './plugins/load-plugins.ts';
export { DEFAULT_INIT_TIMEOUT_MS } from './plugins/init-timeout.ts';
export type { LoadedPlugin, LoadReport, PluginFailure, SkippedPlugin } from './plugins/load-report.ts';
export { type ExporterRegistration, ExporterRegistry, type ExportFormat } from './plugins/registry.ts';
export type { JsonSchema } from './plugins/options-json-schema.ts';
export type { PluginInfo } from './plugins/plugin-info.ts';
export { isRegistrationTypeError, type RegistrationTypeError } from './plugins/registration-error.ts';
export { type ListedFormats, type ListFormatsOptions, listFormatsIsolated } from './isolation/list-formats-isolated.ts';

// Manifests.
export type { Manifest, ManifestBackend, ManifestModality } from './manifest/manifest-schema.ts';
export { manifestSchema, PLUGIN_NAME_PATTERN } from './manifest/manifest-schema.ts';
export { parseManifest, parseManifestText } from './manifest/parse-manifest.ts';
export { MANIFEST_FILE_NAME, readManifest } from './manifest/read-manifest.ts';

// Export jobs and their records.
export { type ExportJobRequest, runExportJob } from './jobs/run-export-job.ts';
export type { ExportRunner, ExportRunRequest } from './jobs/export-runner.ts';
export { runExportInProcess } from './jobs/run-export-in-process.ts';
export { createIsolatedRunner, type IsolationSettings, runExportIsolated } from './isolation/run-export-isolated.ts';
export {
  createJobRecord,
  failedJobRecord,
  type JobEvent,
  type JobOutput,
  type JobRecord,
  type JobStatus,
  MAX_SKIPPED_IN_RECORD,
  type SkippedItem,
} from './jobs/job-record.ts';
export { type JobLogRow, jobLogRows, type LoggableEvent } from './jobs/job-log-rows.ts';
export type { JobMetrics, MetricsValues } from './context/metrics.ts';
export { type FileLogEntry, type FileLogSummary, MAX_FILE_LOG_IN_RECORD } from './context/file-log.ts';
export type { StepRecord, StepStatus } from './steps/export-step.ts';

// Outputs: the io area the host keeps, staging and publishing.
export { IoContext, type IoContextOptions, type StagedOutput } from './io/io-context.ts';
export { createStagingFolder, isProcessAlive, type SweepOptions, sweepStalePartials, sweepStaleStaging } from './io/staging.ts';
export { publishOutput } from './io/publish.ts';
export { mimeTypeFor } from './io/mime.ts';
export { sanitizeFileName } from './io/file-name.ts';
export { zipDirectory, type ZipDirectoryOptions, type ZipResult } from './io/zip.ts';

// Data sources.
export type { DataSource, EntryBatchOptions } from './sources/data-source.ts';
export { openSource, type SourceDescriptor } from './sources/source-descriptor.ts';
export { openUpdSource, updDatasetStats, UpdSource, type UpdSourceOptions } from './sources/upd/upd-source.ts';
export type { UpdDatasetStats } from './sources/upd/dataset-stats.ts';
export { type MemoryMedia, MemorySource, type MemorySourceData } from './sources/memory/memory-source.ts';
export { type DatasetFixture, recordsFromFixtures } from './sources/memory/fixtures.ts';
export { IdahApiSource, type IdahApiSourceOptions } from './sources/idah-api/idah-api-source.ts';
export { DEFAULT_CREDENTIAL_ENV, type IdahCredentials, type IdahCredentialsRef, resolveCredentials } from './sources/idah-api/credentials.ts';
export { openIdahApiSource, type OpenIdahApiSourceOptions } from './sources/idah-api/open-idah-api-source.ts';
export { isIdahSourceUrl } from './sources/idah-api/source-url.ts';
export { liveDatasetStats, type LiveDatasetStats, openSourceFromFlag, type SourceFlagOptions } from './sources/idah-api/source-from-flag.ts';
export { sourceDescriptorFromFlag } from './sources/idah-api/source-descriptor-from-flag.ts';
export { UpdWriter, type UpdWriterOptions } from './upd/writer/upd-writer.ts';

// Media processors.
export { ProcessorRegistry } from './media/processor-registry.ts';
export { loadMediaProcessors, type LoadMediaProcessorsOptions, type MediaHost } from './media/load-media-processors.ts';
export type { MediaBackend, ProcessorRegistration } from './media/media-processor.ts';

// The demo's generated datasets.
export { buildDemoDatasets, DEMO_IMAGE_COUNT } from './demo/demo-datasets.ts';
