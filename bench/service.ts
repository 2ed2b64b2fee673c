// `npm run bench -- service`: the Sync Service's queue and HTTP figures.
// - time from POST /exports/export to the job's `running` event, with an idle worker (goal < 100 ms);
// - jobs per second through the queue with a trivial exporter, on SQLite and on PostgreSQL;
// - 1 vs 2 vs 4 worker processes on PostgreSQL;
// - RSS of an idle `idah-plugin serve`.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createLogger } from '../runtime/logger.ts';
import { openJobStore, type JobStoreLocation } from '../runtime/queue/open-job-store.ts';
import { queueWorkerStarter } from '../runtime/service/queue-worker.ts';
import { startService } from '../runtime/service/start-service.ts';
import { syntheticUpd } from './synthetic-upd.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const TRIVIAL = join(here, 'fixtures', 'trivial');
const RUN_TS = join(here, '..', 'bin', 'run-ts.js');
const BIN = join(here, '..', 'bin', 'idah-plugin.js');
const DATABASE_URL = process.env.IDAH_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const JOBS = Number(process.env.BENCH_SERVICE_JOBS ?? 60);
const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const work = await mkdtemp(join(tmpdir(), 'idah-bench-service-'));
const dataDir = join(work, 'data');
await mkdir(dataDir);
const upd = await syntheticUpd(join(dataDir, 'tiny.upd'), { entries: 1, annotationsPerEntry: 1 });
const datasetId = await firstDatasetId(upd);

async function firstDatasetId(path: string): Promise<string> {
  const { updDatasetStats } = await import('../runtime/sources/upd/upd-source.ts');
  return (await updDatasetStats(path))[0]?.id as string;
}

/** POST -> `running` as a client sees it on the events stream, with an idle worker in the same process. */
async function postToRunning(samples: number): Promise<number[]> {
  const service = await startService({
    cwd: work,
    stateDir: join(work, 'latency-state'),
    plugins: TRIVIAL,
    host: '127.0.0.1',
    port: 0,
    dataDir,
    auth: {},
    concurrency: 1,
    startWorker: queueWorkerStarter({ logger: createLogger('bench', () => {}) }),
  });
  const api = `${service.url}/api/v1/sync`;
  const times: number[] = [];
  try {
    const events = await fetch(`${api}/jobs/events`);
    const reader = (events.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const nextStatus = async (jobId: string, status: string) => {
      for (;;) {
        const match = buffer.match(new RegExp(`event: status\\ndata: [^\\n]*"id":"${jobId}"[^\\n]*"status":"${status}"[^\\n]*\\n`));
        if (match) {
          buffer = buffer.slice((match.index ?? 0) + match[0].length);
          return;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('the events stream ended');
        buffer += decoder.decode(value, { stream: true });
      }
    };
    for (let index = 0; index < samples + 2; index += 1) {
      const started = performance.now();
      const response = await fetch(`${api}/exports/export`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ project_id: 'tiny', dataset_ids: [datasetId], exporter: 'Trivial::TrivialExport' }),
      });
      const jobId = ((await response.json()) as { included: Array<{ id: string }> }).included[0]?.id as string;
      await nextStatus(jobId, 'running');
      const elapsed = performance.now() - started;
      if (index >= 2) times.push(elapsed); // the first runs warm the JIT and the plugin cache
      await nextStatus(jobId, 'completed');
    }
    await reader.cancel();
  } finally {
    await service.close();
  }
  return times.sort((a, b) => a - b);
}

function startWorkerProcess(location: JobStoreLocation, stateDir: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RUN_TS, join(here, 'service-worker.ts'), JSON.stringify(location), stateDir, TRIVIAL, '1'], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (chunk) => {
      if (String(chunk).includes('ready')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`bench worker exited ${code}`)));
  });
}

/** Starts `workers` processes (idle), then enqueues `jobs` and times from the first enqueue to the last completion. */
async function throughput(location: JobStoreLocation, workers: number, jobs: number): Promise<number> {
  const stateDir = await mkdtemp(join(work, 'state-'));
  const store = await openJobStore(location);
  const children = await Promise.all(Array.from({ length: workers }, () => startWorkerProcess(location, stateDir)));
  try {
    await sleep(1_000);
    const started = performance.now();
    for (let index = 0; index < jobs; index += 1) {
      await store.enqueueExport({
        arguments: { exporter: 'Trivial::TrivialExport', dataset_ids: [datasetId], options: {}, source: { kind: 'upd', path: upd } },
      });
    }
    for (;;) {
      const done = (await store.listJobs({ filter: { status__in: ['completed', 'errored'] }, page: { size: 1 } })).total;
      if (done >= jobs) break;
      await sleep(20);
    }
    const seconds = (performance.now() - started) / 1000;
    const errored = (await store.listJobs({ filter: { status: 'errored' }, page: { size: 1 } })).total;
    if (errored > 0) throw new Error(`${errored} jobs errored`);
    return jobs / seconds;
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((child) => (child.exitCode === null ? new Promise((resolve) => child.once('exit', resolve)) : undefined)));
    await store.close();
  }
}

async function withSchema<T>(use: (location: JobStoreLocation) => Promise<T>): Promise<T> {
  const schema = `idah_bench_${process.pid}_${Math.random().toString(16).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA "${schema}"`);
  try {
    return await use({ url: DATABASE_URL, schema });
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  }
}

async function idleServeRss(): Promise<number> {
  const cwd = await mkdtemp(join(work, 'serve-'));
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data', dataDir], { cwd, stdio: ['ignore', 'pipe', 'ignore'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk) => String(chunk).includes('listening on') && resolve());
    child.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
  });
  await sleep(3_000);
  const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
}

try {
  const latency = await postToRunning(20);
  const median = latency[Math.floor(latency.length / 2)] as number;
  const p95 = latency[Math.floor(latency.length * 0.95)] as number;
  console.log(`POST -> running, idle worker (SQLite, ${latency.length} runs): median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${(latency.at(-1) as number).toFixed(1)} ms`);
  console.log(`  target median < 100 ms: ${verdict(median < 100)}`);

  const sqlite = await throughput({ sqlite: join(work, 'throughput.db') }, 1, JOBS);
  console.log(`queue, trivial exporter, SQLite, 1 worker process: ${sqlite.toFixed(1)} jobs/s (${JOBS} jobs)`);
  const postgres: number[] = [];
  for (const workers of [1, 2, 4]) {
    postgres.push(await withSchema((location) => throughput(location, workers, JOBS)));
    console.log(`queue, trivial exporter, PostgreSQL, ${workers} worker process${workers > 1 ? 'es' : ''}: ${(postgres.at(-1) as number).toFixed(1)} jobs/s (${JOBS} jobs)`);
  }
  const [one = 1, two = 0, four = 0] = postgres;
  console.log(`  PostgreSQL throughput ratio 1 : 2 : 4 workers = 1 : ${(two / one).toFixed(2)} : ${(four / one).toFixed(2)} (this machine has 2 cores)`);

  const rss = await idleServeRss();
  console.log(`idle serve (SQLite, bundled plugins, worker on): RSS ${(rss / 1024 / 1024).toFixed(0)} MB`);
} finally {
  await rm(work, { recursive: true, force: true });
}
