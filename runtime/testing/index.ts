// idah-plugin/testing: run exporters on plain-object fixtures through the real host job.

export type {
  AnnotationFixture,
  DatasetFixture,
  EntryFixture,
  FixturePoint,
  IdahImageDimensions,
  LabelingConfigurationFixture,
  MediaFixture,
} from '../sources/memory/fixtures.ts';
export { entryRoot, imageBox, imageCircle, imageEllipse, imageLine, imageMask, imagePolygon } from './shapes.ts';
export { imageMaskTiles, maskTileCode } from './mask-tile-code.ts';
export { type RunExportOptions, type RunExportResult, runExport } from './run-export.ts';
export { registrationsOf, type RegistrationsOfOptions } from './registrations.ts';
export { listZipEntries, readJsonOutput, readZipEntries, readZipEntry } from './read-output.ts';
export * from '../media/testing.ts';
export { hasPyYaml, python, unzipped, unzipTest, xmllint } from './external-checks.ts';
export { jpegBytes, pngBytes } from './images.ts';
export { IDAH_TIME, type IdahUpdAnnotation, type IdahUpdDataset, type IdahUpdEntry, writeIdahUpd } from './idah-upd.ts';
export { IDAH_SAMPLE_LABELING_CONFIGURATION, IDAH_SAMPLE_MASK_PIXELS, idahSampleDatasets } from './idah-sample.ts';
// A real source through the host's own job, for tests and benches that need more than runExport.
export { type ExportJobRequest, runExportJob } from '../jobs/run-export-job.ts';
export { openUpdSource } from '../sources/upd/upd-source.ts';
export { MemorySource, type MemorySourceData } from '../sources/memory/memory-source.ts';
export { recordsFromFixtures } from '../sources/memory/fixtures.ts';
export type { DataSource, EntryBatchOptions } from '../sources/data-source.ts';
