import { describe, expect, it } from 'vitest';
import { JsonExport } from '../../../plugins/json/backends/sync/json/export.ts';
import { readJsonOutput, runExport } from '../../../runtime/testing/index.ts';
import { twoDatasets } from '../../support/fixtures.ts';
import { ExitingExporter, SpinningExporter } from './support/misbehaving-exporters.ts';

const JSON_EXPORT = new URL('../../../plugins/json/backends/sync/json/export.ts', import.meta.url);
const MISBEHAVING = new URL('./support/misbehaving-exporters.ts', import.meta.url);

describe('runExport({ isolated }): the harness on the real isolation', { timeout: 180_000 }, () => {
  it('gives the same output as the in-process run, with progress and the job record', async () => {
    const datasets = twoDatasets(5, 2);
    const inProcess = await runExport(JsonExport, { datasets });
    const isolated = await runExport(JsonExport, { datasets, isolated: { module: JSON_EXPORT } });
    expect(isolated.status).toBe('completed');
    expect(isolated.job.exporter).toBe('JsonExport');
    expect(await readJsonOutput(isolated.output!.path)).toEqual(await readJsonOutput(inProcess.output!.path));
    expect(isolated.progress.at(-1)).toBe(1);
  });

  it('a busy loop ends on the timeout, and the test process lives on', async () => {
    const result = await runExport(SpinningExporter, { datasets: twoDatasets(2, 1), isolated: { module: MISBEHAVING, timeoutMs: 1500 } });
    expect(result.status).toBe('errored');
    expect(result.job.error_code).toBe('EXPORT_TIMEOUT');
    expect(result.output).toBeUndefined();
  });

  it('process.exit in export() is a failure, not the end of the test run', async () => {
    const result = await runExport(ExitingExporter, { datasets: twoDatasets(2, 1), isolated: { module: MISBEHAVING } });
    expect(result.job.error_code).toBe('PLUGIN_EXITED');
    expect(result.error).toMatch(/process\.exit\(4\)/);
  });

  it('cancels through the signal like the in-process run', async () => {
    const controller = new AbortController();
    const running = runExport(SpinningExporter, { datasets: twoDatasets(2, 1), signal: controller.signal, isolated: { module: MISBEHAVING } });
    setTimeout(() => controller.abort(), 1500);
    const result = await running;
    expect(result.status).toBe('cancelled');
  });

  it('names a missing export clearly', async () => {
    const result = await runExport(JsonExport, { datasets: twoDatasets(1, 1), isolated: { module: MISBEHAVING } });
    expect(result.job.error_code).toBe('EXPORTER_NOT_FOUND');
    expect(result.error).toMatch(/misbehaving-exporters\.ts to export a class named JsonExport/);
  });
});
