import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordsFromFixtures } from '../../runtime/sources/memory/fixtures.ts';
import { IdahTestServer } from '../support/idah-api-server.ts';
import { waitUntil } from '../support/wait-until.ts';
import { sampleFixtures } from '../runtime/sources/idah-api/support.ts';
import { runBin } from './support/run-bin.ts';
import { type ServiceProcess, startBin } from './support/service-process.ts';

const ACCOUNT = { email: 'serve@idah', password: 'serve-pa55' };
let work: string;
let idah: IdahTestServer;
let serve: ServiceProcess;
let url: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'idah-serve-live-'));
  const fixtures = sampleFixtures().map((fixture) => ({ ...fixture, project_id: 'p-1', entries_total_count: fixture.entries?.length ?? 0 }));
  idah = await IdahTestServer.start(recordsFromFixtures(fixtures), { account: ACCOUNT });
  serve = startBin(['serve', '--port', '0', '--source', `idah+${idah.url}`], { cwd: work, env: { IDAH_EMAIL: ACCOUNT.email, IDAH_PASSWORD: ACCOUNT.password } });
  url = (await serve.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)\//))[1] as string;
}, 90_000);

afterAll(async () => {
  await serve?.stop('SIGKILL');
  await idah?.close();
  await rm(work, { recursive: true, force: true });
});

describe('idah-plugin serve --source idah+http://host', { timeout: 120_000 }, () => {
  it('serves the live datasets and runs an export of them in its worker, credentials from the environment', async () => {
    await serve.waitForStderr(new RegExp(`live IDAH ${idah.url.replace(/[.]/g, '\\.')}`));
    const datasets = (await (await fetch(`${url}/api/v1/sync/datasets`)).json()) as { data: Array<{ id: string }> };
    expect(datasets.data.map((dataset) => dataset.id)).toEqual(['p-1:ds-a', 'p-1:ds-b']);
    const posted = await fetch(`${url}/api/v1/sync/exports/export`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ project_id: 'p-1', dataset_ids: ['ds-b'], exporter: 'json' }),
    });
    expect(posted.status).toBe(202);
    const { data } = (await posted.json()) as { data: { id: string; attributes: { job_id: string } } };
    const job = await waitUntil('the job to finish', async () => {
      const body = (await (await fetch(`${url}/api/v1/sync/jobs/${data.attributes.job_id}`)).json()) as { data: { attributes: { status: string; error: string | null; arguments: unknown } } };
      return ['completed', 'errored'].includes(body.data.attributes.status) ? body.data.attributes : null;
    }, 90_000);
    expect(job.error).toBeNull();
    expect(job.arguments).toMatchObject({ source: { kind: 'idah-api', baseUrl: idah.url } });
    expect(JSON.stringify(job)).not.toContain(ACCOUNT.password);
    const file = JSON.parse(Buffer.from(await (await fetch(`${url}/api/v1/sync/exports/${data.id}/download`)).arrayBuffer()).toString());
    expect(JSON.stringify(file)).toContain('Field Shot 5.PNG');
  });

  it('refuses a UPD file as --source and --credentials-file alone, as usage errors', async () => {
    const [upd, lonely] = await Promise.all([
      runBin(['serve', '--port', '0', '--source', 'demo.upd'], { cwd: work }),
      runBin(['serve', '--port', '0', '--credentials-file', 'c.json'], { cwd: work }),
    ]);
    expect(upd.exitCode).toBe(2);
    expect(upd.stderr).toMatch(/--source: expected a live IDAH as idah\+https:\/\/host .*UPD files are served from --data <dir>/);
    expect(lonely.exitCode).toBe(2);
    expect(lonely.stderr).toMatch(/--credentials-file: only with --source idah\+https:\/\/host/);
  });
});
