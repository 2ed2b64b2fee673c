import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { twoDatasets } from '../support/fixtures.ts';
import { writeUpdFile } from '../support/upd-file.ts';
import { runBin } from './support/run-bin.ts';
import { runCli, tempFolder } from './support/run-cli.ts';

const exporterFile = 'plugins/my-plugin/backends/sync/my_plugin/export.ts';

describe('create --steps', () => {
  it('writes the sync exporter as steps, and it exports from the command line with steps, metrics and file logs', async () => {
    const cwd = await tempFolder('idah-create-steps-');
    const created = await runCli(['create', 'my-plugin', './plugins', '--yes', '--service', 'sync', '--steps'], { cwd });
    expect(created.exitCode, created.stderr).toBe(0);
    const source = await readFile(join(cwd, exporterFile), 'utf8');
    expect(source).toContain('implements StepExporter<ExportOptions>');
    expect(source).not.toContain('{{');

    await writeUpdFile(cwd, 'data.upd', twoDatasets(4, 2));
    const run = await runCli(['export', 'my-plugin', '--source', 'data.upd', '--json'], { cwd });
    expect(run.exitCode, run.stderr).toBe(0);
    const events = run.stdout.trim().split('\n').map((line) => JSON.parse(line));
    const result = events.at(-1);
    expect(result).toMatchObject({ event: 'result', status: 'completed', exporter: 'MyPlugin::Export' });
    expect(result.steps.map((step: { name: string; status: string }) => `${step.name}:${step.status}`)).toEqual([
      'count:completed',
      'write_entries:completed',
      'write_summary:completed',
    ]);
    expect(result.metrics).toEqual({ data_file: { stand_by: 0, success: 6, failed: 0 } });
    expect(events.filter((event) => event.event === 'file_log').flatMap((event) => event.entries)).toHaveLength(6);
    const document = JSON.parse(await readFile(result.output.path, 'utf8'));
    expect(document.entries).toHaveLength(6);
    expect(document.datasets.map((dataset: { entries: number }) => dataset.entries)).toEqual([4, 2]);
  });

  it('the generated tests pass as generated', { timeout: 120_000 }, async () => {
    const cwd = await tempFolder('idah-create-steps-');
    expect((await runCli(['create', 'my-plugin', 'plugins', '--yes', '--service', 'sync', '--steps'], { cwd })).exitCode).toBe(0);
    const run = await runBin(['test', 'plugins/my-plugin'], { cwd });
    const printed = stripVTControlCharacters(run.stdout + run.stderr);
    expect(printed).toMatch(/Test Files .*2 passed.*\n.*Tests .*4 passed/);
    expect(run.exitCode).toBe(0);
  });

  it('needs the sync backend', async () => {
    const cwd = await tempFolder('idah-create-steps-');
    const run = await runCli(['create', 'my-plugin', '--yes', '--service', 'media', '--steps'], { cwd });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('--steps writes the sync exporter as steps: expected --service sync as well, got media');
  });
});
