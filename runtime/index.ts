// The public surface of idah-plugin: plugins and tools import from here, nothing else.

export { z } from 'zod';

export {
  describeThrown,
  type IdahErrorCode,
  type IdahErrorOptions,
  IdahPluginError,
  isIdahPluginError,
} from './errors.ts';
export {
  describeSelector,
  type Exporter,
  type ExporterClass,
  type ModalitySelector,
  selectorMatches,
} from './exporter.ts';
export { createLogger, formatLogEntry, type LogEntry, type Logger, type LogLevel, type LogSink } from './logger.ts';
export type {
  AnnotationPayload,
  AnnotationRecord,
  DatasetRecord,
  Dimensions,
  EntryRecord,
  JsonObject,
  JsonValue,
  MediaRecord,
} from './records.ts';

export { DatasetContext } from './context/dataset-context.ts';
export { EntryContext } from './context/entry-context.ts';
export { ExportContext } from './context/export-context.ts';
export { type ConcurrencyOptions, Query } from './context/query.ts';
export { AnnotationContext, MediaContext } from './context/record-contexts.ts';

export type { DataSource, EntryBatchOptions } from './sources/data-source.ts';
export {
  type AnnotationFilter,
  annotationMatches,
  type EntryFilter,
  entryMatches,
  type MediaFilter,
  mediaMatches,
  parseAnnotationFilter,
  parseEntryFilter,
  parseMediaFilter,
  shapeTypeMatches,
} from './sources/filters.ts';
export {
  type AnnotationFixture,
  type DatasetFixture,
  type EntryFixture,
  type MediaFixture,
  recordsFromFixtures,
} from './sources/memory/fixtures.ts';
export { type MemoryMedia, MemorySource, type MemorySourceData } from './sources/memory/memory-source.ts';

export {
  createJobRecord,
  failedJobRecord,
  type JobEvent,
  type JobOutput,
  type JobRecord,
  type JobStatus,
  MAX_SKIPPED_IN_RECORD,
} from './jobs/job-record.ts';
export type { ExportRunner, ExportRunRequest } from './jobs/export-runner.ts';
export { runExportInProcess } from './jobs/run-export-in-process.ts';
export { createIsolatedRunner, type IsolationSettings, runExportIsolated } from './isolation/run-export-isolated.ts';
export { type ListedFormats, type ListFormatsOptions, listFormatsIsolated } from './isolation/list-formats-isolated.ts';
export { createStagingFolder, isProcessAlive, type SweepOptions, sweepStalePartials, sweepStaleStaging } from './io/staging.ts';
export { openSource, type SourceDescriptor } from './sources/source-descriptor.ts';
export { IdahApiSource, type IdahApiSourceOptions } from './sources/idah-api/idah-api-source.ts';
export { DEFAULT_CREDENTIAL_ENV, type IdahCredentials, type IdahCredentialsRef, resolveCredentials } from './sources/idah-api/credentials.ts';
export { isIdahSourceUrl, openIdahApiSource, type OpenIdahApiSourceOptions } from './sources/idah-api/open-idah-api-source.ts';
export { liveDatasetStats, type LiveDatasetStats, openSourceFromFlag, sourceDescriptorFromFlag, type SourceFlagOptions } from './sources/idah-api/source-from-flag.ts';
export { type ExportJobRequest, runExportJob } from './jobs/run-export-job.ts';

export { TextWriter } from './streams/text-writer.ts';

export type { Manifest, ManifestBackend, ManifestModality } from './manifest/manifest-schema.ts';
export { BACKEND_MODULE_PATTERN, DEFAULT_DESCRIPTION, manifestSchema, PLUGIN_NAME_PATTERN } from './manifest/manifest-schema.ts';
export { parseManifest, parseManifestText } from './manifest/parse-manifest.ts';
export { MANIFEST_FILE_NAME, readManifest } from './manifest/read-manifest.ts';

export type { SyncContext } from './plugins/sync-context.ts';
export type { PluginInfo } from './plugins/plugin-info.ts';
export { isRegistrationTypeError, type RegistrationTypeError } from './plugins/registration-error.ts';
export { type ExporterRegistration, ExporterRegistry, type ExportFormat } from './plugins/registry.ts';
export type { JsonSchema } from './plugins/options-json-schema.ts';
export type { LoadedPlugin, LoadReport, PluginFailure, SkippedPlugin } from './plugins/load-report.ts';
export { DEFAULT_INIT_TIMEOUT_MS, loadPlugins, type LoadPluginsOptions } from './plugins/load-plugins.ts';
export { BUNDLED_PLUGINS_DIR, type DiscoverOptions, discoverPluginDirs, type Discovery } from './plugins/discover.ts';
export { DEFAULT_PLUGIN_PATH, PLUGIN_PATH_ENV, splitPluginPath } from './plugins/plugin-path.ts';
export { type Host, loadHost, type LoadHostOptions } from './plugins/host.ts';

export { IoContext, type IoContextOptions, type IoMode, type OutputFile, type StagedOutput } from './io/io-context.ts';
export type { FileOptions } from './io/file-request.ts';
export type { WritableData } from './io/write-data.ts';
export type { EntryData } from './io/pending-zip.ts';
export { publishOutput } from './io/publish.ts';
export { mimeTypeFor } from './io/mime.ts';
export { slugify } from './io/slugify.ts';
export { zipDirectory, type ZipDirectoryOptions, type ZipResult } from './io/zip.ts';
export { sanitizeFileName } from './io/file-name.ts';
export { safeJoin } from './io/safe-join.ts';

// Image-format helpers (runtime/formats)
export { ByteWriter } from './formats/byte-writer.ts';
export { type CocoRle, cocoRleFromBitmap, cocoRleFromString, cocoRleToString, maskBoundingBox, maskPixelCount } from './formats/mask.ts';
export { type Category, CategoryIndex, categoryPathOf, splitCategoryPath } from './formats/categories.ts';
export {
  categoryNamesOption,
  exifOrientationOption,
  imageExportOptions,
  imageExportOptionsSchema,
  type ImageExportOptions,
  type IncludeMedias,
  includeMediasOption,
  reproducibleOption,
} from './formats/common-options.ts';
export { onErrorOption, type OnError, SKIPPED_FILE, type SkippedItem, SkipReport, type SkipReportContext } from './formats/error-policy.ts';
export { isDataProblem } from './formats/error-policy.ts';
export {
  angleDegrees,
  type Box,
  type CategoryLabels,
  categoryLabelsOf,
  type CategoryNames,
  circlePolygon,
  type Clamp,
  clamp01,
  clampTo,
  type Conversion,
  convertAnnotations,
  decodeMaskTile,
  decodeMaskTiles,
  describeValue,
  ellipsePolygon,
  encodeMaskTile,
  extentOf,
  type IdahShape,
  type IdahShapeKind,
  type ImageFrame,
  imageFrame,
  invalidShape,
  MASK_TILE_SIZE,
  type MaskBitmap,
  type MaskTile,
  maskTilesFromBitmap,
  outlineOf,
  type ParsedAnnotation,
  parseIdahShape,
  parseImageAnnotation,
  type PixelBox,
  pixelBox,
  pixelExtent,
  type PixelShape,
  type Point,
  type ResolvedAttribute,
  type ResolvedCategory,
  rotatePoint,
  toPixelShape,
} from './formats/shapes/index.ts';
export { type ExifOrientationMode, type ImageSize, imageSizeFromHeader, imageSizeOf, type ImageType, MAX_HEADER_BYTES } from './formats/image-size.ts';
export { CategoryTable, type TableCategory } from './formats/category-table.ts';
export { IMAGE_FILE_EXTENSIONS, imageFileNameOf, type ImageFileType, imageOutputName, imageTypeOfBytes, imageTypeOfMime, imageTypeOfName } from './formats/image-file-names.ts';
export { attributeObject, attributeText, attributeValue } from './formats/attribute-values.ts';
export { isSelfIntersecting, NO_AREA_REASON, polygonRegionArea } from './formats/polygon-rule.ts';
export { MAX_NAME_BYTES, NAME_BYTES_RESERVED, portableFileName } from './formats/portable-names.ts';
export { type FramedImage, framedImage } from './formats/framed-image.ts';
export { copyEntryMedias, MediaCopier, originalMediaOf } from './formats/media-copy.ts';
export { entryOptions, outputTimestamp, REPRODUCIBLE_DATE, zipImageExport } from './formats/reproducible.ts';
export { DEFAULT_SPLIT, type SplitAssigner, splitAssigner, splitsOption, type SplitsOption, unitHash } from './formats/splits.ts';
export { safeFileName, splitFileExtension, UniqueNames } from './formats/unique-names.ts';

export type {
  MediaBackend,
  MediaInput,
  MediaProcessContext,
  MediaProcessor,
  MediaProcessorClass,
  MediaServiceContext,
  ProcessorDefinition,
  ProcessorRegistration,
  RenditionInfo,
} from './media/media-processor.ts';
export { ProcessorRegistry } from './media/processor-registry.ts';
export { loadMediaProcessors, type LoadMediaProcessorsOptions, type MediaHost } from './media/load-media-processors.ts';
export { mimeTypeMatches } from './media/validate-processor.ts';

export { openUpdSource, UPD_PREFERRED_BATCH_SIZE, updDatasetStats, UpdSource, type UpdSourceOptions } from './sources/upd/upd-source.ts';
export type { UpdDatasetStats } from './sources/upd/dataset-stats.ts';
export { MEDIA_ACCESS_DEFAULTS, type MediaAccessOptions } from './sources/upd/media-access.ts';
export type { UpdFileInfo } from './sources/upd/validate-upd-file.ts';
export {
  ANNOTATIONS_TABLE_DDL,
  DATASETS_TABLE_DDL,
  DEFAULT_UPD_FLAVOR,
  ENTRIES_TABLE_DDL,
  MEDIAS_TABLE_DDL,
  METADATA_TABLE_DDL,
  SUPPORTED_UPD_SCHEMA_VERSIONS,
  UPD_CORE_COLUMNS,
  UPD_ID_MAX_LENGTH,
  UPD_INDEXES_DDL,
  UPD_LEGACY_ANNOTATION_COLUMNS,
  UPD_MEDIA_KEY_MAX_LENGTH,
  UPD_METADATA_KEYS,
  UPD_SCHEMA_TYPE,
  UPD_SCHEMA_VERSION,
  UPD_TABLE_NAMES,
  UPD_TABLES_DDL,
  type UpdAnnotationColumns,
  type UpdTableName,
} from './upd/schema.ts';
export { fromUpdKey, isPortableAttributeName, toUpdKey } from './upd/keys.ts';
export { decodeMetadataValue, encodeMetadataValue, type UpdFileMetadataOptions } from './upd/file-metadata.ts';
export {
  annotationToRow,
  datasetToRow,
  entryToRow,
  mediaToRow,
  rowToAnnotation,
  rowToDataset,
  rowToEntry,
  rowToMedia,
} from './upd/mapping.ts';
export { type AddEntryOptions, UpdWriter, type UpdWriterCounts, type UpdWriterOptions } from './upd/writer/upd-writer.ts';
export { buildDemoDatasets, DEMO_IMAGE_COUNT } from './demo/demo-datasets.ts';
export { type ImageItem, readImageItem } from './formats/image-item.ts';
export { xmlAttribute, xmlText } from './formats/xml-text.ts';

// Steps, metrics and per-file logs
export type { StepExporter } from './exporter.ts';
export type { ExportStep, StepRecord, StepStatus } from './steps/export-step.ts';
export { StepRegistry } from './steps/step-registry.ts';
export { type CounterValues, type JobMetrics, MetricsCounter, type MetricsValues } from './context/metrics.ts';
export {
  ERROR_FILE_LIST,
  type FileLogEntry,
  type FileLogInput,
  type FileLogSummary,
  type FileStatus,
  MAX_FILE_LOG_IN_RECORD,
} from './context/file-log.ts';
export { type JobLogRow, jobLogRows, type LoggableEvent } from './jobs/job-log-rows.ts';
export type { FileReporter } from './context/file-log.ts';
export { ORIGINAL_FILE } from './formats/media-copy.ts';
export { DATA_FILE } from './formats/error-policy.ts';
