import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openUpdSource } from '../../../../runtime/sources/upd/upd-source.ts';
import { runBin } from '../../../cli/support/run-bin.ts';
import { runCli } from '../../../cli/support/run-cli.ts';
import { IdahTestServer } from '../../../support/idah-api-server.ts';
import { serverDataOf } from '../../../support/idah-api-server-data.ts';
import { writeUpdFile } from '../../../support/upd-file.ts';
import { sampleFixtures } from './support.ts';

const ACCOUNT = { email: 'cli@idah', password: 'cli-secret' };
let cwd: string;
let server: IdahTestServer;

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'idah-live-cli-'));
  const fixtures = sampleFixtures().map((fixture) => ({ ...fixture, entries_total_count: fixture.entries?.length ?? 0 }));
  const upd = await openUpdSource(await writeUpdFile(cwd, 'same.upd', fixtures));
  try {
    server = await IdahTestServer.start(await serverDataOf(upd), { account: ACCOUNT });
  } finally {
    await upd.close();
  }
  await writeFile(join(cwd, 'idah-credentials.json'), JSON.stringify(ACCOUNT));
}, 60_000);

afterAll(async () => {
  await server?.close();
  await rm(cwd, { recursive: true, force: true });
});

async function onlyFile(dir: string): Promise<Buffer> {
  const files = await readdir(dir);
  expect(files).toHaveLength(1);
  return readFile(join(dir, files[0]!));
}

describe('idah-plugin with --source idah+http://host', () => {
  it('exports from a live IDAH with credentials from the environment, the same bytes as from the UPD file', async () => {
    const fromFile = await runCli(['export', 'json', '--source', 'same.upd', '--out', 'from-file', '--json'], { cwd });
    expect(fromFile.exitCode).toBe(0);
    const fromLive = await runBin(['export', 'json', '--source', `idah+${server.url}`, '--out', 'from-live', '--json'], {
      cwd,
      env: { IDAH_EMAIL: ACCOUNT.email, IDAH_PASSWORD: ACCOUNT.password },
    });
    expect(fromLive.stderr).toBe('');
    expect(fromLive.exitCode).toBe(0);
    expect((await onlyFile(join(cwd, 'from-live'))).equals(await onlyFile(join(cwd, 'from-file')))).toBe(true);
    expect(fromLive.stdout).not.toContain(ACCOUNT.password);
  }, 60_000);

  it('reads credentials from --credentials-file, and data info lists the live datasets', async () => {
    const run = await runCli(['data', 'info', `idah+${server.url}`, '--credentials-file', 'idah-credentials.json', '--json'], { cwd });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout).datasets).toEqual([
      { id: 'ds-a', name: 'Streets', modality: 'idah-image', entries: 5, annotations: null, medias: null },
      { id: 'ds-b', name: 'Fields', modality: 'idah-image', entries: 2, annotations: null, medias: null },
    ]);
    const human = await runCli(['data', 'info', `idah+${server.url}`, '--credentials-file', 'idah-credentials.json'], { cwd });
    expect(human.stdout).toMatch(/ds-a\s+Streets\s+idah-image\s+5\s+-\s+-/);
  });

  it('fails clearly without credentials, and with wrong ones (never printing them)', async () => {
    const none = await runCli(['export', 'json', '--source', `idah+${server.url}`, '--out', 'none'], { cwd });
    expect(none.exitCode).toBe(1);
    expect(none.stderr).toMatch(/no IDAH credentials in the environment \(IDAH_TOKEN, IDAH_API_KEY, or IDAH_EMAIL and IDAH_PASSWORD\)/);
    const wrong = await runBin(['data', 'info', `idah+${server.url}`], { cwd, env: { IDAH_EMAIL: ACCOUNT.email, IDAH_PASSWORD: 'nope' } });
    expect(wrong.exitCode).toBe(1);
    expect(wrong.stderr).toContain('HTTP 401');
    expect(wrong.stderr).not.toContain('nope');
  }, 60_000);
});
