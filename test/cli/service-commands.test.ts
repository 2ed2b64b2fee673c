import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { StaticTokens } from '../../runtime/service/auth/static-tokens.ts';
import { queueWorkerStarter } from '../../runtime/service/queue-worker.ts';
import { useCliWithService } from './support/cli-with-service.ts';

const TOKEN = 'cli-test-token-0123456789';
const WAIT_PLUGIN = fileURLToPath(new URL('../fixtures/plugins/wait-for-cancel', import.meta.url));
const withService = useCliWithService({
  prefix: 'idah-cli-service-',
  entries: [8, 3],
  service: {
    plugins: WAIT_PLUGIN,
    auth: { tokens: new StaticTokens(TOKEN, 'test') },
    startWorker: queueWorkerStarter({ tuning: { pollMs: 100, heartbeatMs: 200 } }),
  },
  env: { IDAH_SYNC_TOKEN: TOKEN },
});
const { cli } = withService;

async function post(body: Record<string, unknown>) {
  const response = await fetch(`${withService.service.url}/api/v1/sync/exports/export`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(202);
  return (await response.json()) as { data: { id: string }; included: Array<{ id: string }> };
}

async function statusOf(jobId: string): Promise<string> {
  const response = await fetch(`${withService.service.url}/api/v1/sync/jobs/${jobId}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  return ((await response.json()) as { data: { attributes: { status: string } } }).data.attributes.status;
}

async function until(check: () => Promise<boolean>, what: string) {
  for (let waited = 0; waited < 90_000; waited += 100) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('jobs and exports commands against a running service', { timeout: 120_000 }, () => {
  it('follows a job to the end, shows it, lists it, and downloads its file byte for byte', async () => {
    const { data, included } = await post({ project_id: 'data', dataset_ids: ['big'], exporter: 'json' });
    const jobId = included[0]?.id as string;
    const follow = await cli(['jobs', 'logs', jobId, '--follow']);
    expect(follow.exitCode).toBe(0);
    expect(await statusOf(jobId)).toBe('completed');

    const show = await cli(['jobs', 'show', jobId]);
    expect(show.stdout).toMatch(/status\s+completed/);
    expect(show.stdout).toContain('Json::JsonExport');

    const list = await cli(['jobs', 'ls', '--json', '--status', 'completed']);
    expect(list.exitCode).toBe(0);
    expect((JSON.parse(list.stdout) as { data: Array<{ id: string }> }).data.map((job) => job.id)).toContain(jobId);
    expect((await cli(['jobs', 'ls'])).stdout).toMatch(new RegExp(`${jobId}\\s+completed\\s+100%`));

    const exportsList = await cli(['exports', 'ls']);
    expect(exportsList.stdout).toMatch(new RegExp(`^${data.id}\\s+${jobId}\\s+completed\\s+json-`, 'm'));

    const download = await cli(['exports', 'download', data.id, '--out', 'downloads', '--json']);
    expect(download.exitCode).toBe(0);
    const result = JSON.parse(download.stdout) as { path: string; filename: string; size: number };
    expect(result.path.startsWith(join(withService.work, 'downloads'))).toBe(true);
    const served = Buffer.from(await (await fetch(`${withService.service.url}/api/v1/sync/exports/${data.id}/download`, { headers: { Authorization: `Bearer ${TOKEN}` } })).arrayBuffer());
    expect((await readFile(result.path)).equals(served)).toBe(true);
    expect(result.size).toBe(served.length);
    const parsed = JSON.parse(served.toString('utf8')) as unknown;
    expect(parsed).toBeTruthy();
  });

  it('cancels a running job and retries it; a finished job cannot be cancelled', async () => {
    const { included } = await post({ project_id: 'data', dataset_ids: ['small'], exporter: 'WaitForCancel::WaitForCancelExport' });
    const jobId = included[0]?.id as string;
    await until(async () => (await statusOf(jobId)) === 'running', 'the job to run');
    // The export runs in a child process: cancel once its exporter is at work (it has logged), not while it loads.
    await until(async () => (await cli(['jobs', 'logs', jobId, '--json'])).stdout.includes('waiting for the job to be cancelled'), 'the exporter to start');
    const cancel = await cli(['jobs', 'cancel', jobId]);
    expect(cancel.exitCode).toBe(0);
    expect(cancel.stdout).toMatch(/cancel/);
    await until(async () => (await statusOf(jobId)) === 'cancelled', 'the job to be cancelled');
    expect((await cli(['jobs', 'cancel', jobId])).stderr).toMatch(/409 job .* is already cancelled/);

    const retry = await cli(['jobs', 'retry', jobId, '--json']);
    expect(retry.exitCode).toBe(0);
    expect(['pending', 'running']).toContain((JSON.parse(retry.stdout) as { data: { attributes: { status: string } } }).data.attributes.status);
    await until(async () => (await statusOf(jobId)) === 'running', 'the retried job to run');
    await cli(['jobs', 'cancel', jobId]);
    await until(async () => (await statusOf(jobId)) === 'cancelled', 'the retried job to be cancelled');
    const logs = await cli(['jobs', 'logs', jobId, '--json']);
    expect(logs.stdout).toContain('waiting for the job to be cancelled');
  });

  it('fails clearly without a token, on an unknown job, and when nothing listens', async () => {
    const anonymous = await cli(['jobs', 'ls'], {});
    expect(anonymous.exitCode).toBe(1);
    expect(anonymous.stderr).toMatch(/401 unauthorized_access/);
    const unknown = await cli(['jobs', 'show', '00000000-0000-7000-8000-000000000000']);
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toMatch(/404 no job/);
    const nowhere = await cli(['jobs', 'ls', '--url', 'http://127.0.0.1:9']);
    expect(nowhere.exitCode).toBe(1);
    expect(nowhere.stderr).toMatch(/cannot reach the Sync Service at http:\/\/127\.0\.0\.1:9/);
    expect((await cli(['jobs', 'ls', '--limit', 'many'])).exitCode).toBe(2);
  });
});
