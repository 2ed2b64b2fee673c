import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoDatasets } from '../support/fixtures.ts';
import { writeUpdFile } from '../support/upd-file.ts';
import { waitUntil } from '../support/wait-until.ts';
import { type ServiceProcess, startBin } from './support/service-process.ts';

const BUSY_LOOP = fileURLToPath(new URL('../fixtures/plugins/fault-export-busy-loop', import.meta.url));

/** The pids of `pid`'s descendants whose command line contains `marker`. */
function descendantsRunning(pid: number, marker: string): number[] {
  const parentOf = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parentOf.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const isDescendant = (candidate: number): boolean => {
    for (let at = parentOf.get(candidate); at !== undefined && at > 1; at = parentOf.get(at)) if (at === pid) return true;
    return false;
  };
  return [...parentOf.keys()].filter((candidate) => {
    if (!isDescendant(candidate)) return false;
    try {
      return readFileSync(`/proc/${candidate}/cmdline`, 'utf8').includes(marker);
    } catch {
      return false;
    }
  });
}

const isAlive = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]$/.test(stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3));
  } catch {
    return false;
  }
};

async function startServe(work: string, extra: string[] = []): Promise<{ serve: ServiceProcess; api: string }> {
  const serve = startBin(['serve', '--port', '0', '--plugins', BUSY_LOOP, ...extra], { cwd: work });
  const url = (await serve.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)\//, 90_000))[1] as string;
  return { serve, api: `${url}/api/v1/sync` };
}

async function postBusyExport(api: string): Promise<string> {
  const posted = await fetch(`${api}/exports/export`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/vnd.api+json' },
    body: JSON.stringify({ project_id: 'demo', dataset_ids: ['small'], exporter: 'FaultExportBusyLoop::BusyLoop' }),
  });
  expect(posted.status).toBe(202);
  const location = posted.headers.get('location') as string;
  const exported = (await (await fetch(`${api}${location.replace(/^\/api\/v1\/sync/, '')}?included[]=job`)).json()) as { included: Array<{ id: string }> };
  return exported.included[0]?.id as string;
}

const jobOf = async (api: string, id: string) =>
  ((await (await fetch(`${api}/jobs/${id}`)).json()) as { data: { attributes: { status: string; error_code: string | null } } }).data.attributes;

let work: string;
const services: ServiceProcess[] = [];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'idah-serve-isolation-'));
  await writeUpdFile(work, 'demo.upd', twoDatasets(4, 2));
});

afterAll(async () => {
  for (const serve of services) await serve.stop('SIGKILL');
  await rm(work, { recursive: true, force: true });
});

describe('serve runs every export in a child process of its own', { timeout: 180_000 }, () => {
  it('keeps answering while a plugin busy-loops, and cancel ends the job cancelled with its child gone within 5 s', async () => {
    const { serve, api } = await startServe(work, ['--state', join(work, 'state-cancel')]);
    services.push(serve);
    const jobId = await postBusyExport(api);
    await waitUntil('the job to run', async () => (await jobOf(api, jobId)).status === 'running', 90_000, 100);
    const servePid = serve.child.pid as number;
    const child = await waitUntil('the export child process', () => descendantsRunning(servePid, 'child-bootstrap')[0], 60_000, 100);

    // The plugin spins in its own process: the service's API answers meanwhile.
    for (let probe = 0; probe < 3; probe += 1) {
      const health = await fetch(`${api}/healthcheck`, { signal: AbortSignal.timeout(30_000) });
      expect(health.status).toBe(200);
      expect((await jobOf(api, jobId)).status).toBe('running');
    }
    expect(isAlive(child)).toBe(true);

    const cancelledAt = Date.now();
    const cancel = await fetch(`${api}/jobs/${jobId}/cancel`, { method: 'POST' });
    expect(cancel.status).toBeLessThan(300);
    await waitUntil('the child to be gone', () => !isAlive(child), 30_000, 50);
    const goneAfterMs = Date.now() - cancelledAt;
    expect(goneAfterMs).toBeLessThan(5_000);
    await waitUntil('the job to end cancelled', async () => (await jobOf(api, jobId)).status === 'cancelled', 30_000, 100);
    // The service itself lives on.
    expect(serve.child.exitCode).toBeNull();
    expect((await fetch(`${api}/healthcheck`)).status).toBe(200);
  });

  it('--job-timeout hard-stops a busy-looping export: the job ends errored EXPORT_TIMEOUT and its child is gone', async () => {
    const { serve, api } = await startServe(work, ['--state', join(work, 'state-timeout'), '--job-timeout', '2s']);
    services.push(serve);
    const jobId = await postBusyExport(api);
    await waitUntil('the job to run', async () => (await jobOf(api, jobId)).status === 'running', 90_000, 100);
    const job = await waitUntil(
      'the job to end',
      async () => {
        const current = await jobOf(api, jobId);
        return current.status !== 'running' && current.status !== 'pending' && current;
      },
      90_000,
      100,
    );
    expect(job).toMatchObject({ status: 'errored', error_code: 'EXPORT_TIMEOUT' });
    await waitUntil('no export child left', () => descendantsRunning(serve.child.pid as number, 'child-bootstrap').length === 0, 10_000, 100);
    expect(serve.child.exitCode).toBeNull();
  });
});
