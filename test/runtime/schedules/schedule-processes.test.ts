import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type JobStoreLocation, openJobStore } from '../../../runtime/queue/open-job-store.ts';
import { createTestSchema } from '../../support/postgres-schema.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const MINUTE = 60_000;

async function tickInProcess(config: Record<string, unknown>): Promise<string[]> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'run-ts.js'), join(ROOT, 'test', 'support', 'schedule-ticker-process.ts'), JSON.stringify(config)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = await once(child, 'exit');
  if (code !== 0) throw new Error(`ticker exited ${code}:\n${stderr}`);
  return JSON.parse(stdout.trim()) as string[];
}

const setups: Array<[string, () => Promise<{ location: JobStoreLocation; dispose(): Promise<void> }>]> = [
  [
    'sqlite',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'idah-schedule-processes-'));
      return { location: { sqlite: join(dir, 'idah.db') }, dispose: () => rm(dir, { recursive: true, force: true }) };
    },
  ],
  [
    'postgres',
    async () => {
      const { url, schema, drop } = await createTestSchema('idah_sched_mp');
      return { location: { url, schema }, dispose: drop };
    },
  ],
];

describe.each(setups)('schedules across processes on %s', (_name, setup) => {
  it('three processes ticking the same minutes at once create exactly one job per slot', { timeout: 120_000 }, async () => {
    const { location, dispose } = await setup();
    try {
      const store = await openJobStore(location);
      const schedule = await store.schedules.create({
        cron: '* * * * *',
        timezone: 'UTC',
        spec: { arguments: { exporter: 'Json::JsonExport', dataset_ids: ['big'], options: {}, source: { kind: 'upd', path: '/data/p.upd' } } },
      });
      const first = Date.parse(schedule.next_run_at as string);
      // Every process sees each minute's slot, and half-minutes between them, three times each.
      const instants = Array.from({ length: 10 }, (_, index) => new Date(first + index * (MINUTE / 2)).toISOString());
      const startAt = Date.now() + 8_000;
      const results = await Promise.all([1, 2, 3].map(() => tickInProcess({ store: location, instants, repeat: 3, startAt })));
      const created = results.flat();
      const jobs = (await store.listJobs({ filter: { schedule_id: schedule.id } })).items;
      await store.close();
      const expected = Array.from({ length: 5 }, (_, index) => `${schedule.id}@${new Date(first + index * MINUTE).toISOString()}`);
      expect(created.sort()).toEqual(expected);
      expect(jobs.map((job) => `${job.schedule_id}@${job.schedule_slot}`).sort()).toEqual(expected);
      expect(new Set(jobs.map((job) => job.unicity)).size).toBe(5);
    } finally {
      await dispose();
    }
  });
});
