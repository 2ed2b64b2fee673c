// The names each entry point exports, types included, read by the TypeScript compiler. A name
// added or removed here is a deliberate change of a public surface (and of the README's lists).
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

const expected: Record<string, string[]> = {
  // idah-plugin: what a plugin author writes against.
  'runtime/index.ts': [
    'AnnotationContext', 'AnnotationFilter', 'AnnotationPayload', 'AnnotationRecord', 'Box', 'ByteWriter', 'Category',
    'CategoryLabels', 'CategoryNames', 'CategoryTable', 'ConcurrencyOptions', 'CounterValues', 'DatasetContext',
    'DatasetRecord', 'Dimensions', 'EntryContext', 'EntryData', 'EntryFilter', 'EntryRecord', 'ExifOrientationMode',
    'ExportContext', 'ExportIo', 'ExportStep', 'Exporter', 'ExporterClass', 'FileLogInput', 'FileOptions',
    'FileStatus', 'FramedImage', 'IdahErrorCode', 'IdahErrorOptions', 'IdahPluginError', 'ImageFileType', 'ImageItem',
    'ImageSize', 'IoMode', 'JsonObject', 'JsonValue', 'LogLevel', 'Logger', 'MaskBitmap', 'MediaContext',
    'MediaCopier', 'MediaFilter', 'MediaInput', 'MediaProcessContext', 'MediaProcessor', 'MediaProcessorClass',
    'MediaRecord', 'MediaServiceContext', 'MetricsCounter', 'ModalitySelector', 'NO_AREA_REASON', 'OutputFile',
    'ParsedAnnotation', 'PixelShape', 'PluginInfo', 'Point', 'ProcessorDefinition', 'Query', 'RenditionInfo',
    'ResolvedAttribute', 'SkipReport', 'SkippedItem', 'StepExporter', 'StepRegistry', 'SyncContext', 'TextWriter',
    'UniqueNames', 'UpdWriter', 'WritableData', 'angleDegrees', 'attributeObject', 'attributeText', 'attributeValue',
    'categoryLabelsOf', 'clampTo', 'cocoRleFromBitmap', 'cocoRleToString', 'convertAnnotations', 'describeThrown',
    'ellipsePolygon', 'entryOptions', 'framedImage', 'imageExportOptions', 'imageOutputName', 'isDataProblem', 'isIdahPluginError',
    'maskBoundingBox', 'maskPixelCount', 'onErrorOption', 'outlineOf', 'outputTimestamp', 'parseImageAnnotation', 'pixelExtent',
    'polygonRegionArea', 'readImageItem', 'selectorMatches', 'splitAssigner', 'splitFileExtension', 'toPixelShape',
    'xmlAttribute', 'xmlText', 'z', 'zipImageExport',
  ],
  // idah-plugin/testing: the plugin test harness.
  'runtime/testing/index.ts': [
    'AnnotationFixture', 'DataSource', 'DatasetFixture', 'EntryBatchOptions', 'EntryFixture', 'ExportJobRequest',
    'FixturePoint', 'IDAH_SAMPLE_LABELING_CONFIGURATION', 'IDAH_SAMPLE_MASK_PIXELS', 'IDAH_TIME',
    'IdahImageDimensions', 'IdahUpdAnnotation', 'IdahUpdDataset', 'IdahUpdEntry', 'LabelingConfigurationFixture',
    'MediaFileFixture', 'MediaFixture', 'MediaRegistrationView', 'MemorySource', 'MemorySourceData',
    'RegistrationsOfOptions', 'Rendition', 'RunExportOptions', 'RunExportResult', 'RunMediaProcessorOptions',
    'RunMediaProcessorResult', 'entryRoot', 'hasPyYaml', 'idahSampleDatasets', 'imageBox', 'imageCircle',
    'imageEllipse', 'imageLine', 'imageMask', 'imageMaskTiles', 'imagePolygon', 'jpegBytes', 'listZipEntries',
    'maskTileCode', 'openUpdSource', 'pngBytes', 'python', 'readJsonOutput', 'readZipEntries', 'readZipEntry',
    'recordsFromFixtures', 'registrationsOf', 'registrationsOfMedia', 'runExport', 'runExportJob',
    'runMediaProcessor', 'unzipTest', 'unzipped', 'writeIdahUpd', 'xmllint',
  ],
  // idah-plugin/host: what the CLI and the Sync Service run plugins with.
  'runtime/host.ts': [
    'BUNDLED_PLUGINS_DIR', 'DEFAULT_CREDENTIAL_ENV', 'DEFAULT_INIT_TIMEOUT_MS', 'DEFAULT_PLUGIN_PATH',
    'DEMO_IMAGE_COUNT', 'DataSource', 'DatasetFixture', 'DiscoverOptions', 'Discovery', 'EntryBatchOptions',
    'ExportFormat', 'ExportJobRequest', 'ExportRunRequest', 'ExportRunner', 'ExporterClass', 'ExporterRegistration',
    'ExporterRegistry', 'FileLogEntry', 'FileLogSummary', 'Host', 'IdahApiSource', 'IdahApiSourceOptions',
    'IdahCredentials', 'IdahCredentialsRef', 'IdahErrorCode', 'IdahErrorOptions', 'IdahPluginError', 'IoContext',
    'IoContextOptions', 'IsolationSettings', 'JobEvent', 'JobLogRow', 'JobMetrics', 'JobOutput', 'JobRecord',
    'JobStatus', 'JsonSchema', 'ListFormatsOptions', 'ListedFormats', 'LiveDatasetStats', 'LoadHostOptions',
    'LoadMediaProcessorsOptions', 'LoadPluginsOptions', 'LoadReport', 'LoadedPlugin', 'LogEntry', 'LogLevel',
    'LogSink', 'LoggableEvent', 'Logger', 'MANIFEST_FILE_NAME', 'MAX_FILE_LOG_IN_RECORD', 'MAX_SKIPPED_IN_RECORD',
    'Manifest', 'ManifestBackend', 'ManifestModality', 'MediaBackend', 'MediaHost', 'MemoryMedia', 'MemorySource',
    'MemorySourceData', 'MetricsValues', 'ModalitySelector', 'OpenIdahApiSourceOptions', 'PLUGIN_NAME_PATTERN',
    'PLUGIN_PATH_ENV', 'PluginFailure', 'PluginInfo', 'ProcessorRegistration', 'ProcessorRegistry',
    'RegistrationTypeError', 'SkippedItem', 'SkippedPlugin', 'SourceDescriptor', 'SourceFlagOptions', 'StagedOutput',
    'StepRecord', 'StepStatus', 'SweepOptions', 'UpdDatasetStats', 'UpdSource', 'UpdSourceOptions', 'UpdWriter',
    'UpdWriterOptions', 'ZipDirectoryOptions', 'ZipResult', 'buildDemoDatasets', 'createIsolatedRunner',
    'createJobRecord', 'createLogger', 'createStagingFolder', 'describeSelector', 'describeThrown',
    'discoverPluginDirs', 'failedJobRecord', 'formatLogEntry', 'isIdahPluginError', 'isIdahSourceUrl',
    'isProcessAlive', 'isRegistrationTypeError', 'jobLogRows', 'listFormatsIsolated', 'liveDatasetStats', 'loadHost',
    'loadMediaProcessors', 'loadPlugins', 'manifestSchema', 'mimeTypeFor', 'openIdahApiSource', 'openSource',
    'openSourceFromFlag', 'openUpdSource', 'parseManifest', 'parseManifestText', 'publishOutput', 'readManifest',
    'recordsFromFixtures', 'resolveCredentials', 'runExportInProcess', 'runExportIsolated', 'runExportJob',
    'sanitizeFileName', 'selectorMatches', 'sourceDescriptorFromFlag', 'splitPluginPath', 'stderrSink',
    'sweepStalePartials', 'sweepStaleStaging', 'updDatasetStats', 'zipDirectory',
  ],
};

function exportedNames(): Map<string, string[]> {
  const parsed = ts.getParsedCommandLineOfConfigFile(`${root}tsconfig.json`, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (!parsed) throw new Error('expected the root tsconfig.json to parse');
  const files = Object.keys(expected).map((file) => `${root}${file}`);
  const program = ts.createProgram(files, { ...parsed.options, noEmit: true });
  const checker = program.getTypeChecker();
  return new Map(
    Object.keys(expected).map((file) => {
      const source = program.getSourceFile(`${root}${file}`);
      const symbol = source && checker.getSymbolAtLocation(source);
      if (!symbol) throw new Error(`expected ${file} to be a module`);
      return [file, checker.getExportsOfModule(symbol).map((exported) => exported.name).sort()];
    }),
  );
}

describe('the public entry points', { timeout: 180_000 }, () => {
  const actual = exportedNames();

  it.each(Object.keys(expected))('%s exports exactly the listed names', (file) => {
    expect(actual.get(file)).toEqual([...expected[file]!].sort());
  });

  it('the plugin entry keeps the host out: no job runner, loader, io area or logger factory', () => {
    const pluginNames = new Set(actual.get('runtime/index.ts'));
    for (const hostOnly of ['runExportJob', 'loadHost', 'IoContext', 'createLogger', 'openUpdSource', 'MemorySource', 'JobRecord']) {
      expect(pluginNames.has(hostOnly), hostOnly).toBe(false);
    }
  });
});
