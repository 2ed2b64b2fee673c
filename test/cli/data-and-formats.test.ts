import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoDatasets } from '../support/fixtures.ts';
import { writeUpdFile } from '../support/upd-file.ts';
import { runCli } from './support/run-cli.ts';

let cwd: string;

beforeAll(async () => {
  // Shared by every test of the file: made once, removed at the end.
  cwd = await mkdtemp(join(tmpdir(), 'idah-data-cli-'));
  const datasets = twoDatasets(12, 3);
  datasets[0]!.entries![0]!.medias = [{ filename: 'a.png', data: 'png bytes' }];
  await writeUpdFile(cwd, 'data.upd', datasets);
});

afterAll(() => rm(cwd, { recursive: true, force: true }));

describe('idah-plugin data info', () => {
  it('lists datasets with modality and counts', async () => {
    const run = await runCli(['data', 'info', 'data.upd', '--json'], { cwd });
    expect(run.exitCode).toBe(0);
    const info = JSON.parse(run.stdout);
    expect(info.datasets).toEqual([
      { id: 'big', name: 'Big', modality: 'idah-image', entries: 12, annotations: 24, medias: 1 },
      { id: 'small', name: 'Small', modality: 'idah-image', entries: 3, annotations: 6, medias: 0 },
    ]);
    const human = await runCli(['data', 'info', 'data.upd'], { cwd });
    expect(human.stdout).toMatch(/big\s+Big\s+idah-image\s+12\s+24\s+1/);
  });

  it('a file that is not UPD is an error naming it', async () => {
    await writeFile(join(cwd, 'x.upd'), 'not duckdb');
    const run = await runCli(['data', 'info', 'x.upd'], { cwd });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('x.upd');
  });
});

describe('idah-plugin formats', () => {
  it('lists the bundled exporters with their options, and broken plugins with their errors', async () => {
    const plugins = join(cwd, 'plugins', 'half-done');
    await mkdir(plugins, { recursive: true });
    await writeFile(join(plugins, 'manifest.json'), '{"type": "idah-plugin", "name": "half-done"}');
    const run = await runCli(['formats', '--modality', 'idah-video', '--plugins', join(cwd, 'plugins'), '--json'], { cwd });
    expect(run.exitCode).toBe(0);
    const listed = JSON.parse(run.stdout);
    const ids = listed.formats.map((format: { exporter: string }) => format.exporter);
    expect(ids).toEqual(expect.arrayContaining(['Json::JsonExport', 'Csv::CsvExport', 'Upd::UpdExport']));
    expect(ids.some((id: string) => id.startsWith('Coco::'))).toBe(false);
    const upd = listed.formats.find((format: { exporter: string }) => format.exporter === 'Upd::UpdExport');
    expect(upd.options.properties.include_medias).toMatchObject({ enum: ['none', 'original', 'all'], default: 'original' });
    expect(listed.failures).toEqual([expect.objectContaining({ plugin: 'half-done', code: 'MANIFEST_INVALID' })]);
    expect(listed.failures[0].message).toContain('version');

    const human = await runCli(['formats', '--plugins', join(cwd, 'plugins')], { cwd });
    expect(human.stdout).toContain('Upd::UpdExport  UPD');
    expect(human.stdout).toContain('--option include_medias=<"none" | "original" | "all">  default "original"');
    expect(human.stdout).toContain('plugins that failed to load (1)');
  });
});
