// `idah-plugin`: what a plugin author writes against. The plugin's classes, the contexts the
// host hands it, the records it reads, the errors it throws and the format helpers the bundled
// exporters share. Loading it costs no database or zip library: those load when used.
// The host's own API is `idah-plugin/host`; the test harness is `idah-plugin/testing`.

export { z } from 'zod';

export { describeThrown, type IdahErrorCode, type IdahErrorOptions, IdahPluginError, isIdahPluginError } from './errors.ts';
export { type Exporter, type ExporterClass, type ModalitySelector, selectorMatches, type StepExporter } from './exporter.ts';
export type { Logger, LogLevel } from './logger.ts';
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

// What `Sync.init(context)` and `export(context)` receive.
export type { SyncContext } from './plugins/sync-context.ts';
export type { PluginInfo } from './plugins/plugin-info.ts';
export type { ExportContext } from './context/export-context.ts';
export type { DatasetContext } from './context/dataset-context.ts';
export type { EntryContext } from './context/entry-context.ts';
export type { AnnotationContext, MediaContext } from './context/record-contexts.ts';
export type { ConcurrencyOptions, Query } from './context/query.ts';
export type { AnnotationFilter, EntryFilter, MediaFilter } from './sources/filters.ts';
export type { ExportIo } from './io/export-io.ts';
export type { IoMode, OutputFile } from './io/io-context.ts';
export type { FileOptions } from './io/file-request.ts';
export type { WritableData } from './io/write-data.ts';
export type { EntryData } from './io/pending-zip.ts';
export type { SkippedItem } from './jobs/job-record.ts';
export type { CounterValues, MetricsCounter } from './context/metrics.ts';
export type { FileLogInput, FileStatus } from './context/file-log.ts';
export type { ExportStep } from './steps/export-step.ts';
export type { StepRegistry } from './steps/step-registry.ts';

// Media processors (`backends/media`).
export type {
  MediaInput,
  MediaProcessContext,
  MediaProcessor,
  MediaProcessorClass,
  MediaServiceContext,
  ProcessorDefinition,
  RenditionInfo,
} from './media/media-processor.ts';

// Writing outputs.
export { TextWriter } from './streams/text-writer.ts';
export { UpdWriter } from './upd/writer/upd-writer.ts';

// Format helpers (runtime/formats): shapes, categories, masks, images, names, options.
export { ByteWriter } from './formats/byte-writer.ts';
export { cocoRleFromBitmap, cocoRleToString, maskBoundingBox, maskPixelCount } from './formats/mask.ts';
export type { Category } from './formats/categories.ts';
export { CategoryTable } from './formats/category-table.ts';
export { imageExportOptions } from './formats/common-options.ts';
export { isDataProblem, onErrorOption, SkipReport } from './formats/error-policy.ts';
export {
  angleDegrees,
  type Box,
  type CategoryLabels,
  categoryLabelsOf,
  type CategoryNames,
  clampTo,
  convertAnnotations,
  ellipsePolygon,
  type MaskBitmap,
  outlineOf,
  parseImageAnnotation,
  type ParsedAnnotation,
  pixelExtent,
  type PixelShape,
  type Point,
  type ResolvedAttribute,
  toPixelShape,
} from './formats/shapes/index.ts';
export type { ExifOrientationMode, ImageSize } from './formats/image-size.ts';
export { type ImageFileType, imageOutputName } from './formats/image-file-names.ts';
export { attributeObject, attributeText, attributeValue } from './formats/attribute-values.ts';
export { NO_AREA_REASON, polygonRegionArea } from './formats/polygon-rule.ts';
export { type FramedImage, framedImage } from './formats/framed-image.ts';
export { MediaCopier } from './formats/media-copy.ts';
export { entryOptions, outputTimestamp, zipImageExport } from './formats/reproducible.ts';
export { splitAssigner } from './formats/splits.ts';
export { splitFileExtension, UniqueNames } from './formats/unique-names.ts';
export { type ImageItem, readImageItem } from './formats/image-item.ts';
export { xmlAttribute, xmlText } from './formats/xml-text.ts';
