import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoDatasets } from '../support/fixtures.ts';
import { writeUpdFile } from '../support/upd-file.ts';
import { runBin } from './support/run-bin.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/plugins');
const THROWING_EXPORT = join(FIXTURES, 'fault-export-throws/backends/sync/fault_export_throws/export.ts');
let cwd: string;

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'idah-export-output-'));
  await writeUpdFile(cwd, 'data.upd', twoDatasets(40, 5));
});

afterAll(() => rm(cwd, { recursive: true, force: true }));

const exportWith = (exporter: string, plugin: string | undefined, flags: string[] = []) =>
  runBin(['export', exporter, '--source', 'data.upd', '--out', join(cwd, 'out'), ...(plugin ? ['--plugins', join(FIXTURES, plugin)] : []), ...flags], { cwd });

describe('export: what a failing plugin shows, --verbose, --quiet and the exit codes', () => {
  it("an error a plugin throws names the plugin's .ts file and line (source-mapped); --verbose adds the stack", async () => {
    const plain = await exportWith('fault-export-throws', 'fault-export-throws');
    expect(plain.exitCode).toBe(1);
    expect(plain.stderr).toContain('errored after');
    expect(plain.stderr).toContain('TypeError: cannot export 0 rows: the plugin is broken on purpose');
    // Line 11 of the .ts file: the compiled JavaScript, without its type declarations, has the throw higher up.
    expect(plain.stderr).toContain(`  at      ${THROWING_EXPORT}:11:9 (plugin fault-export-throws)`);
    expect(plain.stderr).not.toContain('at explode (');
    expect(plain.stderr).toContain('(--verbose prints the stack)');

    const verbose = await exportWith('fault-export-throws', 'fault-export-throws', ['--verbose']);
    expect(verbose.exitCode).toBe(1);
    expect(verbose.stderr).toContain(`at explode (${THROWING_EXPORT}:11:9)`);
    expect(verbose.stderr).toContain(`at ThrowingExport.export (${THROWING_EXPORT}:19:5)`);

    const json = await exportWith('fault-export-throws', 'fault-export-throws', ['--json']);
    const thrown = json.stdout.trim().split('\n').map((line) => JSON.parse(line)).find((event) => event.event === 'thrown');
    expect(thrown).toMatchObject({ location: `${THROWING_EXPORT}:11:9`, message: 'TypeError: cannot export 0 rows: the plugin is broken on purpose' });
    expect(thrown.stack).toContain('at explode (');
  }, 120_000);

  it('a plugin that fails to load at export time exits 1 and says why', async () => {
    const run = await exportWith('broken-import', 'broken-import');
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/errored after .*: plugin "broken-import" failed to load: could not import backends\/sync\/broken_import\/sync\.ts/);
  }, 60_000);

  it('--quiet hides the progress bar and the info lines, and keeps the summary', async () => {
    const loud = await exportWith('upd', undefined);
    expect(loud.exitCode).toBe(0);
    expect(loud.stderr).toMatch(/UPD: +\d+%/);
    expect(loud.stderr).toContain('[upd] info: wrote 2 datasets');
    const quiet = await exportWith('upd', undefined, ['--quiet']);
    expect(quiet.exitCode).toBe(0);
    expect(quiet.stderr).not.toMatch(/UPD: +\d+%|entries|info:/);
    expect(quiet.stderr).toMatch(/^completed in .+ \(Upd::UpdExport\)\n {2}output {2}/);
  }, 60_000);
});
