import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { DatasetFixture, EntryFixture } from '../../../runtime/sources/memory/fixtures.ts';
import { queueWorkerStarter } from '../../../runtime/service/queue-worker.ts';
import { type RunningService, startService, type StartServiceOptions } from '../../../runtime/service/start-service.ts';
import { entriesWithShapes } from '../../support/fixtures.ts';
import { createTestSchema } from '../../support/postgres-schema.ts';
import { writeUpdFile } from '../../support/upd-file.ts';
import { waitUntil } from '../../support/wait-until.ts';

const MINUTE = 60_000;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function workFolder(): Promise<{ work: string; dataDir: string }> {
  const work = await mkdtemp(join(tmpdir(), 'idah-schedules-service-'));
  cleanups.push(() => rm(work, { recursive: true, force: true }));
  const dataDir = join(work, 'data');
  await mkdir(dataDir);
  return { work, dataDir };
}

async function start(options: Partial<StartServiceOptions> & Pick<StartServiceOptions, 'cwd' | 'stateDir' | 'dataDir'>): Promise<RunningService> {
  const service = await startService({ host: '127.0.0.1', port: 0, auth: {}, concurrency: 1, ...options });
  cleanups.push(() => service.close());
  return service;
}

async function api(service: RunningService, method: string, path: string, body?: unknown) {
  const response = await fetch(`${service.url}/api/v1/sync${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as { data: { id: string; attributes: Record<string, unknown> } & Array<{ id: string; attributes: Record<string, unknown> }> };
}

describe('a schedule on two servers sharing one PostgreSQL', () => {
  it('every minute, exactly one job per slot whichever server gets there; none while paused', { timeout: 120_000 }, async () => {
    const { work, dataDir } = await workFolder();
    await writeUpdFile(dataDir, 'proj.upd', [{ id: 'big', entries: entriesWithShapes(3, 'big') }]);
    const { url, schema, drop } = await createTestSchema('idah_sched_two');
    cleanups.push(drop);
    // Both servers' loops run on their own timers; only their clock is moved by the test.
    let clock = Date.now();
    const scheduler = { tickMs: 15, now: () => new Date(clock) };
    const db = `${url}?schema=${schema}`;
    const a = await start({ cwd: work, stateDir: join(work, 'state-a'), dataDir, db, scheduler });
    const b = await start({ cwd: work, stateDir: join(work, 'state-b'), dataDir, db, scheduler });

    const created = await api(a, 'POST', '/schedules', {
      project_id: 'proj',
      dataset_ids: ['big'],
      exporter: 'Json::JsonExport',
      cron: '* * * * *',
      timezone: 'UTC',
      destination: { type: 'http', url: 'https://hooks.example.com/export', secret_headers: { Authorization: 'env:HOOK_TOKEN' } },
    });
    const id = created.data.id;
    const first = Date.parse(String(created.data.attributes.next_run_at));
    const jobsOf = async (service: RunningService) => (await api(service, 'GET', `/jobs?filter[schedule_id]=${id}&sort=scheduled_at`)).data;

    const slots: string[] = [];
    for (let minute = 0; minute < 4; minute += 1) {
      clock = first + minute * MINUTE + 1_000;
      slots.push(new Date(first + minute * MINUTE).toISOString());
      await waitUntil(`the job of slot ${minute}`, async () => (await jobsOf(b)).length === slots.length);
      // Both loops keep ticking at this instant: still one job for it.
      await sleep(150);
      await Promise.all([a.scheduler!.tick(), b.scheduler!.tick(), a.scheduler!.tick(), b.scheduler!.tick()]);
      expect((await jobsOf(a)).map((job) => job.attributes.schedule_slot)).toEqual(slots);
    }
    const jobs = await jobsOf(a);
    expect(new Set(jobs.map((job) => job.attributes.unicity)).size).toBe(4);
    for (const job of jobs) expect(job.attributes.arguments).toMatchObject({ destination: { type: 'http', url: 'https://hooks.example.com/export', secret_headers: { Authorization: 'env:HOOK_TOKEN' } } });

    await api(b, 'POST', `/schedules/${id}/pause`);
    clock += 3 * MINUTE;
    await sleep(150);
    await Promise.all([a.scheduler!.tick(), b.scheduler!.tick()]);
    expect(await jobsOf(a)).toHaveLength(4);

    await api(a, 'POST', `/schedules/${id}/resume`);
    await waitUntil('a job after resuming', async () => (await jobsOf(b)).length === 5);
    await sleep(150);
    expect(await jobsOf(a)).toHaveLength(5);
  });
});

/** Entries of the JSON exporter's output: `{ datasets: [{ entries: [{ record }] }] }`. */
async function exportedEntryIds(service: RunningService, exportId: string): Promise<string[]> {
  const response = await fetch(`${service.url}/api/v1/sync/exports/${exportId}/download`);
  expect(response.status).toBe(200);
  const document = (await response.json()) as { datasets: Array<{ entries: Array<{ record: { id: string } }> }> };
  return document.datasets.flatMap((dataset) => dataset.entries.map((entry) => entry.record.id));
}

describe('an incremental schedule', () => {
  it('exports everything first, then only the entries changed since the last completed export started', { timeout: 180_000 }, async () => {
    const { work, dataDir } = await workFolder();
    const entries = entriesWithShapes(8, 'inc');
    const fixtures = (changed: (entry: EntryFixture, index: number) => EntryFixture): DatasetFixture[] => [
      { id: 'big', entries: entries.map((entry, index) => changed({ ...entry, id: `e-${index}` }, index)) },
    ];
    await writeUpdFile(dataDir, 'proj.upd', fixtures((entry) => entry));
    let clock = Date.now();
    const service = await start({
      cwd: work,
      stateDir: join(work, 'state'),
      dataDir,
      scheduler: { tickMs: 0, now: () => new Date(clock) },
      startWorker: queueWorkerStarter({ inProcess: true, tuning: { pollMs: 50 } }),
    });
    const created = await api(service, 'POST', '/schedules', {
      project_id: 'proj',
      dataset_ids: ['big'],
      exporter: 'Json::JsonExport',
      cron: '0 * * * *',
      timezone: 'UTC',
      incremental: true,
    });
    const first = Date.parse(String(created.data.attributes.next_run_at));
    const runSlot = async (at: number) => {
      clock = at;
      const [fired] = await service.scheduler!.tick();
      if (!fired) throw new Error(`no slot fired at ${new Date(at).toISOString()}`);
      await waitUntil(`job ${fired.job.id} to finish`, async () => {
        const job = await service.context.store.getJob(fired.job.id);
        return job && ['completed', 'errored', 'cancelled'].includes(job.status) ? job : null;
      }, 120_000);
      const job = await service.context.store.getJob(fired.job.id);
      expect(job?.status, String(job?.error)).toBe('completed');
      return { fired, job: job!, row: (await service.context.store.getExport(fired.export.id))! };
    };

    const one = await runSlot(first);
    expect(one.fired.since).toBeNull();
    expect(one.row.since).toBeNull();
    expect(one.row.watermark).toBe(one.job.started_at);
    expect(await exportedEntryIds(service, one.row.id)).toEqual(entries.map((_, index) => `e-${index}`));

    // Entries 2 and 6 change; entry 4 only through one of its annotations.
    const changedAt = new Date(Date.now() + 5).toISOString();
    await sleep(10);
    const next = join(work, 'next.upd');
    await mkdir(join(work, 'next'), { recursive: true });
    await writeUpdFile(join(work, 'next'), 'proj.upd', fixtures((entry, index) => {
      if (index === 2 || index === 6) return { ...entry, updated_at: changedAt, status: 'review' };
      if (index === 4) return { ...entry, annotations: entry.annotations?.map((annotation, at) => (at === 0 ? { ...annotation, updated_at: changedAt } : annotation)) };
      return entry;
    }));
    await rename(join(work, 'next', 'proj.upd'), next);
    await rename(next, join(dataDir, 'proj.upd'));

    const two = await runSlot(first + 60 * MINUTE);
    expect(two.fired.since).toBe(one.job.started_at);
    expect(two.row.since).toBe(one.job.started_at);
    expect(two.job.arguments.source).toMatchObject({ kind: 'upd', updated_since: one.job.started_at });
    expect(await exportedEntryIds(service, two.row.id)).toEqual(['e-2', 'e-4', 'e-6']);

    // Nothing changed since the second run started: the third exports no entry.
    const three = await runSlot(first + 120 * MINUTE);
    expect(three.row.since).toBe(two.job.started_at);
    expect(await exportedEntryIds(service, three.row.id)).toEqual([]);
  });
});
