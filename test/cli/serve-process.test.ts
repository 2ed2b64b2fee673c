import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoDatasets } from '../support/fixtures.ts';
import { writeUpdFile } from '../support/upd-file.ts';
import { runBin } from './support/run-bin.ts';
import { type ServiceProcess, startBin } from './support/service-process.ts';

let work: string;
let serve: ServiceProcess;
let url: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'idah-serve-process-'));
  await writeUpdFile(work, 'demo.upd', twoDatasets(10, 4));
  serve = startBin(['serve', '--port', '0'], { cwd: work });
  url = (await serve.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)\//))[1] as string;
}, 90_000);

afterAll(async () => {
  await serve?.stop('SIGKILL');
  await rm(work, { recursive: true, force: true });
});

describe('idah-plugin serve as a real process', { timeout: 120_000 }, () => {
  it('answers like curl would: health, datasets, an export posted, polled to completed, downloaded', async () => {
    expect(await (await fetch(`${url}/api/v1/sync/healthcheck`)).json()).toMatchObject({ store: 'OK', storage: 'OK' });
    const datasets = (await (await fetch(`${url}/api/v1/sync/datasets`)).json()) as { data: Array<{ id: string }> };
    expect(datasets.data.map((dataset) => dataset.id)).toEqual(['demo:big', 'demo:small']);
    const posted = await fetch(`${url}/api/v1/sync/exports/export`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/vnd.api+json' },
      body: JSON.stringify({ project_id: 'demo', dataset_ids: ['small'], exporter: 'json', options: { pretty: true } }),
    });
    expect(posted.status).toBe(202);
    const location = posted.headers.get('location') as string;
    let status = 'pending';
    for (let tries = 0; tries < 900 && status !== 'completed' && status !== 'errored'; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const current = (await (await fetch(`${url}${location}?included[]=job`)).json()) as { included: Array<{ attributes: { status: string } }> };
      status = current.included[0]?.attributes.status as string;
    }
    expect(status).toBe('completed');
    const file = await fetch(`${url}${location}/download`);
    expect(file.status).toBe(200);
    const exported = JSON.parse(await file.text()) as unknown;
    expect(JSON.stringify(exported)).toContain('small');
    // The page is mounted at / beside the API.
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
  });

  it('drains and exits 0 on SIGTERM', async () => {
    const { code } = await serve.stop('SIGTERM');
    expect(code).toBe(0);
    expect(serve.stderr()).toMatch(/SIGTERM: draining\nstopped/);
  });

  it('refuses to listen beyond 127.0.0.1 without auth, and bad flags, as usage errors', async () => {
    const [open, port, keep] = await Promise.all([
      runBin(['serve', '--host', '0.0.0.0', '--port', '0'], { cwd: work }),
      runBin(['serve', '--port', '70000'], { cwd: work }),
      runBin(['serve', '--keep', 'forever', '--port', '0'], { cwd: work }),
    ]);
    expect(open.exitCode).toBe(2);
    expect(open.stderr).toMatch(/needs --token-file/);
    expect(port.exitCode).toBe(2);
    expect(keep.exitCode).toBe(2);
    expect(keep.stderr).toMatch(/--keep: expected a duration/);
  }, 120_000);
});
