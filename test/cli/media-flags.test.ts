import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpdWriter } from '../../runtime/upd/writer/upd-writer.ts';
import { runCli } from './support/run-cli.ts';

let cwd: string;
let server: Server;

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'idah-media-flags-'));
  server = createServer((_, response) => void response.writeHead(200).end('served bytes'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await writeFile(join(cwd, 'beside.png'), 'bytes beside the file');
  await mkdir(join(cwd, 'data'));
  const writer = await UpdWriter.create(join(cwd, 'data', 'media.upd'), { builtBy: 'tests' });
  writer.addDataset({ id: 'ds', name: 'Media', modality: 'idah-image' });
  writer.addEntry({ id: 'e1-local-server', dataset_id: 'ds', resource: 'r1', status: 'completed' }, { mediaUrl: `http://localhost:${port}/a.png` });
  writer.addEntry({ id: 'e2-parent-folder', dataset_id: 'ds', resource: 'r2', status: 'completed' }, { mediaUrl: '../beside.png' });
  await writer.close();
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(cwd, { recursive: true, force: true });
});

describe('export: --refuse-private-media and --media-root', () => {
  it('by default reads a local server but refuses a path climbing out of the UPD folder', async () => {
    const run = await runCli(['export', 'upd', '--source', 'data/media.upd', '--out', 'out-default', '--option', 'on_error=skip', '--json'], { cwd });
    const job = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
    expect(job.status).toBe('completed');
    expect(job.skipped).toEqual([{ dataset_id: 'ds', entry_id: 'e2-parent-folder', reason: expect.stringContaining('beside.png is outside the media root') }]);
  });

  it('--media-root widens the root; --refuse-private-media refuses the local server', async () => {
    const run = await runCli(
      ['export', 'upd', '--source', 'data/media.upd', '--out', 'out-flags', '--media-root', '.', '--refuse-private-media', '--json'],
      { cwd },
    );
    expect(run.exitCode).toBe(1);
    const job = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
    expect(job.status).toBe('errored');
    expect(job.error).toMatch(/entry "e1-local-server".*localhost resolves to the private or loopback address/);
    const skip = await runCli(
      ['export', 'upd', '--source', 'data/media.upd', '--out', 'out-flags', '--media-root', '.', '--refuse-private-media', '--option', 'on_error=skip', '--json'],
      { cwd },
    );
    const skipped = JSON.parse(skip.stdout.trim().split('\n').at(-1)!);
    expect(skipped.status).toBe('completed');
    expect(skipped.skipped.map((item: { entry_id: string }) => item.entry_id)).toEqual(['e1-local-server']);
  });
});
