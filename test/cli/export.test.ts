import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoDatasets } from '../support/fixtures.ts';
import { writeUpdFile } from '../support/upd-file.ts';
import { runCli } from './support/run-cli.ts';

let cwd: string;
let upd: string;

beforeAll(async () => {
  // Shared by every test of the file: made once, removed at the end.
  cwd = await mkdtemp(join(tmpdir(), 'idah-export-cli-'));
  upd = await writeUpdFile(cwd, 'data.upd', twoDatasets(30, 5));
});

const ndjson = (text: string) => text.trim().split('\n').map((line) => JSON.parse(line));

afterAll(() => rm(cwd, { recursive: true, force: true }));

describe('idah-plugin export', () => {
  it('runs an exporter on a UPD file with --json: NDJSON events then the job record', async () => {
    const out = join(cwd, 'out-json');
    const run = await runCli(['export', 'json', '--source', 'data.upd', '--out', out, '--json', '--option', 'pretty=true'], { cwd });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const events = ndjson(run.stdout);
    expect(events.filter((e) => e.event === 'status').map((e) => e.status)).toEqual(['pending', 'running', 'completed']);
    const result = events.at(-1);
    expect(result).toMatchObject({ event: 'result', status: 'completed', exporter: 'Json::JsonExport', progress: 1 });
    expect(result.arguments.options).toEqual({ pretty: true });
    expect(await readdir(out)).toEqual([result.output.filename]);
    const document = JSON.parse(await readFile(result.output.path, 'utf8'));
    expect(document.datasets.map((d: { entries: unknown[] }) => d.entries.length)).toEqual([30, 5]);
  });

  it('selects datasets and prints a readable summary on stderr', async () => {
    const out = join(cwd, 'out-human');
    const run = await runCli(['export', 'Csv::CsvExport', '--source', upd, '--datasets', 'small', '--out', out], { cwd });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toMatch(/completed in .+ \(Csv::CsvExport\)/);
    expect(run.stderr).toMatch(/output {2}out-human\/csv-\d{8}-\d{6}\.csv/);
    const csv = await readFile(join(out, (await readdir(out))[0] as string), 'utf8');
    expect(csv.trim().split('\n')).toHaveLength(1 + 5 * 2);
  });

  it('an unknown exporter is a usage error (exit 2) listing what exists', async () => {
    const run = await runCli(['export', 'nope', '--source', upd], { cwd });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('no exporter matches "nope"');
    expect(run.stderr).toContain('Json::JsonExport');
  });

  it('a missing --source is a usage error', async () => {
    const run = await runCli(['export', 'json'], { cwd });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("required option '--source <file.upd>' not specified");
  });

  it('a file that is not UPD fails cleanly and writes nothing', async () => {
    await writeFile(join(cwd, 'notes.upd'), 'just text');
    const out = join(cwd, 'out-bad-source');
    const run = await runCli(['export', 'json', '--source', 'notes.upd', '--out', out], { cwd });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('notes.upd');
    await expect(readdir(out)).rejects.toThrow(/ENOENT/);
  });

  it('bad options fail the job (exit 1) naming every bad field', async () => {
    const run = await runCli(['export', 'csv', '--source', upd, '--option', 'delimiter=|', '--option', 'bom=maybe', '--json'], { cwd });
    expect(run.exitCode).toBe(1);
    const result = ndjson(run.stdout).at(-1);
    expect(result.status).toBe('errored');
    expect(result.error).toContain('options.delimiter');
    expect(result.error).toContain('options.bom');
  });

  it('--options-json must be an object; --option must be key=value', async () => {
    expect((await runCli(['export', 'json', '--source', upd, '--options-json', '[1]'], { cwd })).exitCode).toBe(2);
    expect((await runCli(['export', 'json', '--source', upd, '--option', 'pretty'], { cwd })).stderr).toContain(
      '--option: expected key=value, got "pretty"',
    );
  });

  it('a dataset id the file lacks fails the job naming it', async () => {
    const run = await runCli(['export', 'json', '--source', upd, '--datasets', 'big,ghost', '--json'], { cwd });
    expect(run.exitCode).toBe(1);
    expect(ndjson(run.stdout).at(-1).error).toContain('dataset "ghost" not found');
  });
});
