// The plugin author's API as the compiler sees it: `vitest run` typechecks this file (vitest.config.ts
// `typecheck`), and `tsc -p .` does too. A change here is a change of the public API.
import { describe, expectTypeOf, it } from 'vitest';
import type { ExportContext, Exporter, ExporterClass, ExportIo, OutputFile, StepExporter, StepRegistry, SyncContext } from 'idah-plugin';
import { IdahPluginError, z } from 'idah-plugin';
import type { IoContext, StagedOutput } from 'idah-plugin/host';

const options = z.object({ pretty: z.boolean().default(false) });
type Options = z.output<typeof options>;

class JsonLines implements Exporter<Options> {
  name = 'JSON lines';
  description = 'One line per entry';
  options = options;
  async export(context: ExportContext<Options>): Promise<void> {
    const file = context.io.file({ format: 'jsonl' });
    for await (const dataset of context.datasets) for await (const entry of dataset.entries()) void [file.path, entry.record.id];
  }
}

describe('idah-plugin: what an exporter sees', () => {
  it('an exporter class is an ExporterClass, its options typed from its zod schema', () => {
    expectTypeOf(JsonLines).toExtend<ExporterClass>();
    expectTypeOf<ExportContext<Options>['options']>().toEqualTypeOf<{ pretty: boolean }>();
    expectTypeOf<SyncContext['registerExports']>().parameter(1).toEqualTypeOf<ExporterClass>();
  });

  it('the export context has the documented members', () => {
    expectTypeOf<ExportContext>().toHaveProperty('datasetIds').toEqualTypeOf<readonly string[]>();
    expectTypeOf<ExportContext>().toHaveProperty('signal').toEqualTypeOf<AbortSignal>();
    expectTypeOf<ExportContext>().toHaveProperty('progress').toEqualTypeOf<number>();
    expectTypeOf<ExportContext['error']>().returns.toBeNever();
    expectTypeOf<ExportContext['reschedule']>().returns.toBeNever();
    expectTypeOf<ExportContext['io']>().toEqualTypeOf<ExportIo>();
  });

  it('context.io has the author methods and nothing else', () => {
    expectTypeOf<keyof ExportIo>().toEqualTypeOf<
      'mode' | 'file' | 'useFile' | 'directory' | 'resolve' | 'writeFile' | 'writeEntry' | 'zipDirectory' | 'tempPath' | 'cleanup'
    >();
    expectTypeOf<ExportIo['file']>().returns.toEqualTypeOf<OutputFile>();
  });

  it('host-only members are not on the plugin types', () => {
    expectTypeOf<ExportIo>().not.toHaveProperty('finalize');
    expectTypeOf<ExportIo>().not.toHaveProperty('dispose');
    expectTypeOf<ExportContext>().not.toHaveProperty('requestedStop');
    const misuse = (context: ExportContext) => {
      // @ts-expect-error staging the output is the host's, after export() returned
      void context.io.finalize();
      // @ts-expect-error removing the io area is the host's
      void context.io.dispose();
      // @ts-expect-error the host reads the stop an exporter asked for, the exporter does not
      void context.requestedStop;
    };
    expectTypeOf(misuse).toBeFunction();
  });

  it('the host keeps those members on its own type', () => {
    expectTypeOf<IoContext['finalize']>().returns.toEqualTypeOf<Promise<StagedOutput | undefined>>();
    expectTypeOf<IoContext['dispose']>().returns.toEqualTypeOf<Promise<void>>();
    expectTypeOf<IoContext>().toExtend<ExportIo>();
  });

  it('steps and errors', () => {
    expectTypeOf<NonNullable<StepExporter<Options>['steps']>>().toExtend<ReadonlyArray<unknown>>();
    expectTypeOf<Parameters<NonNullable<StepExporter<Options>['setupSteps']>>[0]>().toEqualTypeOf<StepRegistry<Options>>();
    expectTypeOf<IdahPluginError['code']>().toBeString();
    expectTypeOf<IdahPluginError>().toHaveProperty('plugin');
  });
});

describe('idah-plugin does not offer the host', () => {
  it('host names are not exported to plugins', () => {
    type PluginEntry = typeof import('idah-plugin');
    expectTypeOf<PluginEntry>().toHaveProperty('IdahPluginError');
    expectTypeOf<PluginEntry>().not.toHaveProperty('runExportJob');
    expectTypeOf<PluginEntry>().not.toHaveProperty('IoContext');
    expectTypeOf<PluginEntry>().not.toHaveProperty('loadHost');
    expectTypeOf<PluginEntry>().not.toHaveProperty('createLogger');
    expectTypeOf<typeof import('idah-plugin/host')>().toHaveProperty('runExportJob');
  });
});
