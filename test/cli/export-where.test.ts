import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openUpdSource } from '../../runtime/sources/upd/upd-source.ts';
import { IdahTestServer } from '../support/idah-api-server.ts';
import { serverDataOf } from '../support/idah-api-server-data.ts';
import { writeUpdFile } from '../support/upd-file.ts';
import { sampleFixtures } from '../runtime/sources/idah-api/support.ts';
import { runBin } from './support/run-bin.ts';

// sampleFixtures: ds-a holds image-0..4.png, ds-b "Field Shot 5.PNG" and "Field Shot 6.PNG";
// entry i has status review when i % 3 === 0 (else completed), priority i % 4, wf_step done (even) or qa (odd).
const ACCOUNT = { email: 'where@idah', password: 'where-secret' };
let cwd: string;
let server: IdahTestServer;
let runs = 0;

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'idah-export-where-'));
  const upd = await openUpdSource(await writeUpdFile(cwd, 'data.upd', sampleFixtures()));
  try {
    server = await IdahTestServer.start(await serverDataOf(upd), { account: ACCOUNT });
  } finally {
    await upd.close();
  }
}, 60_000);

afterAll(async () => {
  await server?.close();
  await rm(cwd, { recursive: true, force: true });
});

/** Runs `export json` with these flags as a separate process; the entry names it exported per dataset, and the progress total. */
async function exportedNames(flags: string[], source = 'data.upd') {
  const out = join(cwd, `out-${(runs += 1)}`);
  const run = await runBin(['export', 'json', '--source', source, '--out', out, '--json', ...flags], {
    cwd,
    env: { IDAH_EMAIL: ACCOUNT.email, IDAH_PASSWORD: ACCOUNT.password },
  });
  expect(run.stderr).toBe('');
  expect(run.exitCode).toBe(0);
  const [file] = await readdir(out);
  const document = JSON.parse(await readFile(join(out, file!), 'utf8')) as { datasets: { entries: { record: { name: string } }[] }[] };
  const events = run.stdout.trim().split('\n').map((line) => JSON.parse(line));
  const total = events.filter((event) => event.event === 'progress').at(-1)?.entries_total;
  return { names: document.datasets.flatMap((dataset) => dataset.entries.map((entry) => entry.record.name)), total };
}

describe('export --where / --filter: only the entries that match, validated', () => {
  it('filters a UPD file by status, by priority and workflow step together, and by name', async () => {
    expect(await exportedNames(['--where', 'status=review'])).toEqual({ names: ['image-0.png', 'image-3.png', 'Field Shot 6.PNG'], total: 3 });
    expect((await exportedNames(['--where', 'priority=1,2', '--where', 'wf_step=qa'])).names).toEqual(['image-1.png', 'Field Shot 5.PNG']);
    expect((await exportedNames(['--filter', 'name~^field shot'])).names).toEqual(['Field Shot 5.PNG', 'Field Shot 6.PNG']);
    expect((await exportedNames(['--where', 'name=image-2.png', '--where', 'resource~.'])).names).toEqual(['image-2.png']);
  }, 120_000);

  it("is recorded in the job's arguments and shown in the summary, as the clauses that give it", async () => {
    const flags = ['--where', 'status=review,completed', '--filter', 'name~^image', '--where', 'priority=0'];
    const json = await runBin(['export', 'json', '--source', 'data.upd', '--out', join(cwd, `out-${(runs += 1)}`), '--json', ...flags], { cwd });
    expect(json.exitCode).toBe(0);
    const result = JSON.parse(json.stdout.trim().split('\n').at(-1)!) as { event: string; arguments: Record<string, unknown> };
    expect(result.event).toBe('result');
    expect(result.arguments).toEqual({ dataset_ids: 'all', exporter: 'Json::JsonExport', options: {}, entry_filter: { status__in: ['review', 'completed'], name__match: '^image', priority__in: [0] } });

    const human = await runBin(['export', 'json', '--source', 'data.upd', '--out', join(cwd, `out-${(runs += 1)}`), ...flags], { cwd });
    expect(human.exitCode).toBe(0);
    expect(human.stderr).toMatch(/\n {2}where {3}status=review,completed; priority=0; name~\^image\n/);
    const unfiltered = await runBin(['export', 'json', '--source', 'data.upd', '--out', join(cwd, `out-${(runs += 1)}`), '--json'], { cwd });
    expect(JSON.parse(unfiltered.stdout.trim().split('\n').at(-1)!).arguments).not.toHaveProperty('entry_filter');
  }, 120_000);

  it("holds together with the exporter's own entry filter (both must match)", async () => {
    const both = await exportedNames(['--where', 'status__in=review,completed', '--where', 'priority=0', '--option', 'entry_status=["review"]']);
    expect(both.names).toEqual(['image-0.png']);
  }, 60_000);

  it('filters a live IDAH the same way', async () => {
    const live = await exportedNames(['--where', 'status=review', '--where', 'name~image'], `idah+${server.url}`);
    expect(live).toEqual({ names: ['image-0.png', 'image-3.png'], total: 2 });
  }, 60_000);

  it('an unknown field or a bad value is a usage error saying what was expected and what came, before any export', async () => {
    const cases: [string, string][] = [
      ['stauts=review', '--where: unknown field "stauts"; did you mean "status"? expected one of status, name, resource, priority, wf_step'],
      ['priority=high', '--where priority: expected whole numbers separated by commas, got "high"'],
      ['status=', '--where status: expected a status, or several separated by commas, got nothing'],
      ['status~rev', '--where status: expected status=a status, or several separated by commas, got "~" (only name and resource take a regular expression)'],
      ['review', '--where: expected <field>=<value>[,<value>...] or <field>~<regular expression>, got "review"'],
      ['name~(', '--where: entries filter "name__match": expected a valid regular expression'],
    ];
    for (const [clause, message] of cases) {
      const out = join(cwd, 'refused');
      const run = await runBin(['export', 'json', '--source', 'data.upd', '--out', out, '--where', clause], { cwd });
      expect(run.stderr).toContain(`error: ${message}`);
      expect(run.exitCode).toBe(2);
      await expect(readdir(out)).rejects.toThrow(/ENOENT/);
    }
  }, 120_000);
});
