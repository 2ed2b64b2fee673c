import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { queueWorkerStarter } from '../../../runtime/service/queue-worker.ts';
import { type RunningService, startService, type StartServiceOptions } from '../../../runtime/service/start-service.ts';
import { entriesWithShapes } from '../../support/fixtures.ts';
import { createTestSchema } from '../../support/postgres-schema.ts';
import { RecordingHttpServer } from '../../support/recording-http-server.ts';
import { startS3Server } from '../../support/s3-server.ts';
import { writeUpdFile } from '../../support/upd-file.ts';
import { waitUntil } from '../../support/wait-until.ts';

const MINUTE = 60_000;
const HOOK_TOKEN = 'Bearer scheduled-hook-s3cr3t';
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  vi.unstubAllEnvs();
});

type Resource = { id: string; attributes: Record<string, unknown> };

async function api(service: RunningService, method: string, path: string, body?: unknown): Promise<{ data: Resource & Resource[] }> {
  const response = await fetch(`${service.url}/api/v1/sync${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as { data: Resource & Resource[] };
}

async function download(service: RunningService, exportId: string): Promise<Buffer> {
  const response = await fetch(`${service.url}/api/v1/sync/exports/${exportId}/download`, { redirect: 'follow' });
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

describe('scheduled exports on two servers, delivered', () => {
  it('every minute one job per slot across both servers, each slot delivered once to S3 and to an HTTP endpoint', { timeout: 240_000 }, async () => {
    const work = await mkdtemp(join(tmpdir(), 'idah-scheduled-delivery-'));
    cleanups.push(() => rm(work, { recursive: true, force: true }));
    const dataDir = join(work, 'data');
    await mkdir(dataDir);
    await writeUpdFile(dataDir, 'proj.upd', [{ id: 'big', entries: entriesWithShapes(4, 'big') }]);

    const s3 = await startS3Server('scheduled');
    cleanups.push(() => s3.close());
    const receiver = await RecordingHttpServer.start();
    cleanups.push(() => receiver.close());
    const secretsFile = join(work, 'secrets.json');
    await writeFile(secretsFile, JSON.stringify({
      team_s3: { access_key_id: s3.credentials.accessKeyId, secret_access_key: s3.credentials.secretAccessKey },
      hook: HOOK_TOKEN,
    }));

    // Servers on several machines share one storage (as they share the store): the same bucket
    // under `outputs/`, read with the SDK's own credential chain (s3rver checks no signature).
    vi.stubEnv('AWS_ACCESS_KEY_ID', s3.credentials.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', s3.credentials.secretAccessKey);
    const { url, schema, drop } = await createTestSchema('idah_sched_delivery');
    cleanups.push(drop);
    let clock = Date.now();
    const start = async (name: string): Promise<RunningService> => {
      const options: StartServiceOptions = {
        host: '127.0.0.1',
        port: 0,
        auth: {},
        concurrency: 1,
        cwd: work,
        stateDir: join(work, `state-${name}`),
        dataDir,
        db: `${url}?schema=${schema}`,
        storage: `s3://${s3.bucket}/outputs`,
        s3Endpoint: s3.endpoint,
        s3Region: 'us-east-1',
        secretsFile,
        scheduler: { tickMs: 15, now: () => new Date(clock) },
        startWorker: queueWorkerStarter({ inProcess: true, tuning: { pollMs: 50, workerId: name, delivery: { pollMs: 50 } } }),
      };
      const service = await startService(options);
      cleanups.push(() => service.close());
      return service;
    };
    const a = await start('a');
    const b = await start('b');

    const body = { project_id: 'proj', dataset_ids: ['big'], exporter: 'Json::JsonExport', cron: '* * * * *', timezone: 'UTC' };
    const toS3 = await api(a, 'POST', '/schedules', {
      ...body,
      name: 'to-s3',
      destination: { type: 's3', bucket: s3.bucket, prefix: 'nightly', endpoint: s3.endpoint, region: 'us-east-1', credentials: 'secret:team_s3' },
    });
    const toHttp = await api(b, 'POST', '/schedules', {
      ...body,
      name: 'to-http',
      destination: { type: 'http', url: `${receiver.url}/in`, method: 'PUT', secret_headers: { Authorization: 'secret:hook' } },
    });
    const first = Math.max(Date.parse(String(toS3.data.attributes.next_run_at)), Date.parse(String(toHttp.data.attributes.next_run_at)));
    const exportsOf = async (scheduleId: string) => (await api(a, 'GET', `/exports?filter[schedule_id]=${scheduleId}&sort=created_at`)).data;

    const slots = 3;
    for (let minute = 0; minute < slots; minute += 1) {
      clock = first + minute * MINUTE + 1_000;
      for (const schedule of [toS3, toHttp]) {
        let seen: Resource[] = [];
        await waitUntil(`slot ${minute} of ${String(schedule.data.attributes.name)} delivered`, async () => {
          seen = await exportsOf(schedule.data.id);
          return seen.length === minute + 1 && seen.every((row) => row.attributes.destination_status === 'delivered') ? seen : null;
        }, 90_000).catch((error: Error) => {
          const states = seen.map((row) => `${row.id}: ${String(row.attributes.destination_status)} ${String(row.attributes.destination_error ?? '')}`);
          throw new Error(`${error.message}; its exports: ${states.join('; ') || 'none'}`);
        });
      }
      // Both servers' loops keep ticking within the slot: still one job, one delivery each.
      await Promise.all([a.scheduler!.tick(), b.scheduler!.tick(), a.scheduler!.tick(), b.scheduler!.tick()]);
      // Output names have a resolution of one second of the real clock: slots this close together
      // would share a name, and the S3 destination refuses (or, for the same bytes, reuses) a taken
      // key, so this test's one object per slot needs each slot in its own second.
      await sleep(1_100);
    }
    await sleep(300);

    for (const schedule of [toS3, toHttp]) {
      const jobs = (await api(b, 'GET', `/jobs?filter[schedule_id]=${schedule.data.id}`)).data;
      expect(jobs).toHaveLength(slots);
      expect(new Set(jobs.map((job) => job.attributes.schedule_slot)).size).toBe(slots);
      expect(jobs.every((job) => job.attributes.status === 'completed')).toBe(true);
    }

    // S3: one object per slot, each the export's own bytes.
    const client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: s3.credentials });
    cleanups.push(async () => client.destroy());
    const listed = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: 'nightly/' }));
    const s3Exports = await exportsOf(toS3.data.id);
    expect(listed.Contents?.map((object) => object.Key).sort()).toEqual(s3Exports.map((row) => `nightly/${String(row.attributes.filename)}`).sort());
    for (const row of s3Exports) {
      const object = await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: `nightly/${String(row.attributes.filename)}` }));
      expect(Buffer.from(await object.Body!.transformToByteArray()).equals(await download(a, row.id))).toBe(true);
    }

    // HTTP: one PUT per slot with the secret header resolved on the worker, the export's bytes as the body.
    const httpExports = await exportsOf(toHttp.data.id);
    expect(receiver.requests).toHaveLength(slots);
    for (const [index, request] of receiver.requests.entries()) {
      expect(request).toMatchObject({ method: 'PUT', path: '/in' });
      expect(request.headers.authorization).toBe(HOOK_TOKEN);
      expect(request.body.equals(await download(b, httpExports[index]!.id))).toBe(true);
    }
    // The secret is resolved where it is used, never stored.
    const stored = JSON.stringify([await exportsOf(toHttp.data.id), (await api(a, 'GET', `/jobs?filter[schedule_id]=${toHttp.data.id}`)).data]);
    expect(stored).not.toContain('scheduled-hook-s3cr3t');
  });
});
