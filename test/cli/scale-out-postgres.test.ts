import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema } from '../support/postgres-schema.ts';
import { twoDatasets } from '../support/fixtures.ts';
import { writeUpdFile } from '../support/upd-file.ts';
import { runBin } from './support/run-bin.ts';
import { type ServiceProcess, startBin } from './support/service-process.ts';

let work: string;
let database: Awaited<ReturnType<typeof createTestSchema>>;
const processes: ServiceProcess[] = [];
let url: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  database = await createTestSchema('idah_service');
  work = await mkdtemp(join(tmpdir(), 'idah-scale-out-'));
  await writeUpdFile(work, 'demo.upd', twoDatasets(10, 4));
  // The database URL comes from the environment, as a URL with a password would.
  env = { IDAH_SYNC_DB: `${database.url}?schema=${database.schema}` };
  const serve = startBin(['serve', '--port', '0', '--no-worker', '--state', 'shared'], { cwd: work, env });
  processes.push(serve);
  url = (await serve.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)\//))[1] as string;
  for (let index = 0; index < 2; index += 1) {
    const worker = startBin(['worker', '--state', 'shared'], { cwd: work, env });
    processes.push(worker);
    await worker.waitFor(/worker running: store postgres/);
  }
}, 240_000);

afterAll(async () => {
  await Promise.all(processes.map((child) => child.stop('SIGKILL')));
  await rm(work, { recursive: true, force: true });
  await database?.drop();
});

describe('serve --no-worker and two worker processes on one PostgreSQL', { timeout: 120_000 }, () => {
  it('share the queue: every export completes once and downloads from the server', async () => {
    const jobIds: string[] = [];
    for (let index = 0; index < 6; index += 1) {
      const response = await fetch(`${url}/api/v1/sync/exports/export`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ project_id: 'demo', dataset_ids: [index % 2 ? 'big' : 'small'], exporter: 'json' }),
      });
      expect(response.status).toBe(202);
      jobIds.push(((await response.json()) as { included: Array<{ id: string }> }).included[0]?.id as string);
    }
    let jobs: Array<{ id: string; attributes: { status: string; locked_by: string | null } }> = [];
    for (let tries = 0; tries < 1200; tries += 1) {
      jobs = ((await (await fetch(`${url}/api/v1/sync/jobs?page[size]=100`)).json()) as { data: typeof jobs }).data;
      if (jobs.length === 6 && jobs.every((job) => job.attributes.status === 'completed')) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(jobs.map((job) => job.attributes.status)).toEqual(Array(6).fill('completed'));
    expect(new Set(jobs.map((job) => job.id))).toEqual(new Set(jobIds));
    const exports = ((await (await fetch(`${url}/api/v1/sync/exports?page[size]=100`)).json()) as { data: Array<{ id: string; attributes: { file_id: string; size: number } }> }).data;
    expect(exports).toHaveLength(6);
    expect(new Set(exports.map((row) => row.attributes.file_id)).size).toBe(6);
    for (const row of exports) {
      const file = await fetch(`${url}/api/v1/sync/exports/${row.id}/download`);
      expect(file.status).toBe(200);
      expect((await file.arrayBuffer()).byteLength).toBe(row.attributes.size);
    }
    const health = (await (await fetch(`${url}/api/v1/sync/healthcheck`)).json()) as { details: { store: { driver: string } } };
    expect(health.details.store.driver).toBe('postgres');
  });

  it('doctor reaches the same store and storage', async () => {
    const doctor = await runBin(['doctor', '--state', 'shared', '--json'], { cwd: work, env });
    const report = JSON.parse(doctor.stdout) as { ok: boolean; checks: Array<{ name: string; ok: boolean; detail: string }> };
    expect(report.checks.find((check) => check.name === 'job store')).toMatchObject({ ok: true, detail: expect.stringMatching(/^postgres/) });
    expect(report.checks.find((check) => check.name === 'output storage')?.ok).toBe(true);
    expect(report.checks.find((check) => check.name === 'duckdb')?.detail).toMatch(/^DuckDB v/);
    expect(report.checks.map((check) => check.name)).toEqual(expect.arrayContaining(['node', 'plugins', 'unzip', 'xmllint', 'python3', 'zip', 'chromium']));
    expect(report.ok).toBe(true);
    expect(doctor.exitCode).toBe(0);
  });

  it('workers drain on SIGTERM and exit 0', async () => {
    for (const worker of processes.slice(1)) {
      const { code } = await worker.stop('SIGTERM');
      expect(code).toBe(0);
      expect(worker.stderr()).toContain('stopped');
    }
  });
});
