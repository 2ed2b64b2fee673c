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
