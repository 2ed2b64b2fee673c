import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isIdahPluginError } from '../../../runtime/errors.ts';
import type { JobStore } from '../../../runtime/queue/job-store.ts';
import { openJobStore } from '../../../runtime/queue/open-job-store.ts';
import type { CreateScheduleInput } from '../../../runtime/schedules/schedule-store.ts';
import { createTestSchema } from '../../support/postgres-schema.ts';

const MINUTE = 60_000;

const input = (overrides: Partial<CreateScheduleInput> = {}): CreateScheduleInput => ({
  cron: '* * * * *',
  timezone: 'UTC',
  spec: {
    arguments: { exporter: 'Json::JsonExport', dataset_ids: ['big'], options: {}, source: { kind: 'upd', path: '/data/p.upd' } },
    destination: { type: 's3', bucket: 'out', prefix: 'daily/', credentials: 'env:EXPORT_S3' },
  },
  project_id: 'p',
  created_by_id: '7',
  ...overrides,
});

interface Harness {
  /** Two stores on one fresh database (two connections on PostgreSQL, as two processes have). */
  open(): Promise<{ a: JobStore; b: JobStore }>;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

// Two SQLite connections in one process would wait on each other's lock synchronously: the
// processes of the multi-process test below race on one file instead; here both names share one.
const sqlite: Harness = {
  async open() {
    const dir = await mkdtemp(join(tmpdir(), 'idah-schedules-'));
    const a = await openJobStore({ sqlite: join(dir, 'idah.db') });
    cleanups.push(async () => {
      await a.close();
      await rm(dir, { recursive: true, force: true });
    });
    return { a, b: a };
  },
};

const postgres: Harness = {
  async open() {
    const { url, schema, drop } = await createTestSchema('idah_sched');
    const [a, b] = await Promise.all([openJobStore({ url, schema }), openJobStore({ url, schema })]);
    cleanups.push(async () => {
      await a.close();
      await b.close();
      await drop();
    });
    return { a, b };
  },
};

describe.each([
  ['sqlite', sqlite],
  ['postgres', postgres],
] as const)('schedules on %s', (_driver, harness) => {
  it('creates one job per slot, with the slot key, the destination verbatim and the schedule linked', async () => {
    const { a } = await harness.open();
    const schedule = await a.schedules.create(input());
    const first = Date.parse(schedule.next_run_at as string);
    expect(first % MINUTE).toBe(0);
    expect(first).toBeGreaterThan(Date.now() - 1000);

    expect(await a.schedules.fireDue(new Date(first - 1))).toEqual([]);
    const [fired, ...more] = await a.schedules.fireDue(new Date(first));
    expect(more).toEqual([]);
    const slot = new Date(first).toISOString();
    expect(fired).toMatchObject({ schedule_id: schedule.id, slot, since: null });
    expect(fired!.job).toMatchObject({ status: 'pending', unicity: `schedule:${schedule.id}:${slot}`, schedule_id: schedule.id, schedule_slot: slot });
    expect(fired!.job.arguments.destination).toEqual(input().spec.destination);
    expect(fired!.job.arguments.source).toEqual({ kind: 'upd', path: '/data/p.upd' });
    expect(fired!.export).toMatchObject({ schedule_id: schedule.id, schedule_slot: slot, since: null, destination: input().spec.destination });

    // The same slot again, or later within the minute: nothing.
    expect(await a.schedules.fireDue(new Date(first))).toEqual([]);
    expect(await a.schedules.fireDue(new Date(first + 59_000))).toEqual([]);
    const [second] = await a.schedules.fireDue(new Date(first + MINUTE));
    expect(second?.slot).toBe(new Date(first + MINUTE).toISOString());
    expect((await a.schedules.get(schedule.id))?.next_run_at).toBe(new Date(first + 2 * MINUTE).toISOString());
    expect((await a.schedules.get(schedule.id))?.last_job_id).toBe(second?.job.id);
    expect((await a.listJobs({ filter: { schedule_id: schedule.id } })).total).toBe(2);
  });

  it('runs the latest of the slots missed while no server ran, once', async () => {
    const { a } = await harness.open();
    const schedule = await a.schedules.create(input());
    const first = Date.parse(schedule.next_run_at as string);
    const fired = await a.schedules.fireDue(new Date(first + 10 * MINUTE + 5_000));
    expect(fired.map((slot) => slot.slot)).toEqual([new Date(first + 10 * MINUTE).toISOString()]);
    expect((await a.schedules.get(schedule.id))?.next_run_at).toBe(new Date(first + 11 * MINUTE).toISOString());
    expect(await a.schedules.fireDue(new Date(first + 10 * MINUTE + 30_000))).toEqual([]);
  });

  it('gives each slot exactly one job when two stores race on every tick', async () => {
    const { a, b } = await harness.open();
    const schedules = await Promise.all([a.schedules.create(input()), a.schedules.create(input({ cron: '*/2 * * * *' }))]);
    const start = Math.min(...schedules.map((schedule) => Date.parse(schedule.next_run_at as string)));
    const created: string[] = [];
    for (let minute = 0; minute < 6; minute += 1) {
      const at = new Date(start + minute * MINUTE);
      // Each process ticks several times at the same instant, all at once.
      const results = await Promise.all([a, b, a, b, a, b].map((store) => store.schedules.fireDue(at)));
      for (const fired of results.flat()) created.push(`${fired.schedule_id}@${fired.slot}`);
    }
    const jobs = (await b.listJobs({ page: { size: 1000 } })).items;
    const keys = jobs.map((job) => `${job.schedule_id}@${job.schedule_slot}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.sort()).toEqual([...created].sort());
    const everyMinute = keys.filter((key) => key.startsWith(schedules[0]!.id)).length;
    const everyOther = keys.filter((key) => key.startsWith(schedules[1]!.id)).length;
    expect(everyMinute).toBe(6);
    // Six minutes hold three even ones, whichever minute they start at.
    expect(everyOther).toBe(3);
  });

  it('pauses (no jobs) and resumes from the next slot after now, skipping what was missed', async () => {
    const { a } = await harness.open();
    const schedule = await a.schedules.create(input());
    const first = Date.parse(schedule.next_run_at as string);
    expect((await a.schedules.setStatus(schedule.id, 'paused'))?.status).toBe('paused');
    expect(await a.schedules.fireDue(new Date(first + 5 * MINUTE))).toEqual([]);
    const resumed = await a.schedules.setStatus(schedule.id, 'active');
    expect(resumed?.status).toBe('active');
    expect(Date.parse(resumed?.next_run_at as string)).toBeGreaterThan(Date.now());
    expect(Date.parse(resumed?.next_run_at as string) - Date.now()).toBeLessThanOrEqual(MINUTE);
    expect((await a.listJobs()).total).toBe(0);
  });

  it('lists with filters and sorts, deletes, and keeps the jobs of a deleted schedule', async () => {
    const { a } = await harness.open();
    const one = await a.schedules.create(input({ name: 'one' }));
    // created_at is in milliseconds, and ids made in one millisecond sort at random: the second comes later.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const two = await a.schedules.create(input({ name: 'two', timezone: 'Europe/Paris', cron: '0 9 * * 1-5' }));
    await a.schedules.setStatus(two.id, 'paused');
    expect((await a.schedules.list({ filter: { status: 'paused' } })).items.map((row) => row.id)).toEqual([two.id]);
    expect((await a.schedules.list({ sort: '-created_at' })).items.map((row) => row.id)).toEqual([two.id, one.id]);
    await expect(a.schedules.list({ filter: { cron: 'x' } })).rejects.toThrow(/unknown schedules filter `cron`/);
    await a.schedules.fireDue(new Date(Date.parse(one.next_run_at as string)));
    expect(await a.schedules.delete(one.id)).toBe(true);
    expect(await a.schedules.delete(one.id)).toBe(false);
    expect(await a.schedules.get(one.id)).toBeNull();
    expect((await a.listJobs({ filter: { schedule_id: one.id } })).total).toBe(1);
  });

  it('reads 9:00 in Europe/Paris as 9:00 Paris time', async () => {
    const { a } = await harness.open();
    const schedule = await a.schedules.create(input({ cron: '0 9 * * *', timezone: 'Europe/Paris' }));
    const next = new Date(schedule.next_run_at as string);
    const parisHour = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' }).format(next);
    expect(parisHour).toBe('09:00');
  });

  it('refuses a bad cron pattern or time zone, naming the field', async () => {
    const { a } = await harness.open();
    const errors = await Promise.all(
      [
        input({ cron: '61 * * * *' }),
        input({ cron: '* * * *' }),
        input({ cron: '' }),
        input({ timezone: 'Mars/Olympus_Mons' }),
        input({ timezone: '' }),
        input({ cron: '0 0 30 2 *' }),
      ].map((bad) => a.schedules.create(bad).catch((error: unknown) => error)),
    );
    for (const error of errors) expect(isIdahPluginError(error, 'SCHEDULE_INVALID')).toBe(true);
    expect((errors[0] as Error).message).toMatch(/^cron: expected a cron pattern .* got "61 \* \* \* \*": Invalid value for minute: 61/);
    expect((errors[1] as Error).message).toMatch(/^cron: .*got "\* \* \* \*"/);
    expect((errors[2] as Error).message).toMatch(/^cron: expected a cron pattern/);
    expect((errors[3] as Error).message).toBe('timezone: expected an IANA time zone such as "UTC" or "Europe/Paris", got "Mars/Olympus_Mons"');
    expect((errors[4] as Error).message).toMatch(/^timezone: /);
    expect((errors[5] as Error).message).toMatch(/^cron: the pattern "0 0 30 2 \*" never fires/);
    expect((await a.schedules.list()).total).toBe(0);
  });
});
