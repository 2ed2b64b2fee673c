import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoDatasets } from '../support/fixtures.ts';
import { RecordingHttpServer } from '../support/recording-http-server.ts';
import { writeUpdFile } from '../support/upd-file.ts';
import { runCli } from './support/run-cli.ts';

let cwd: string;
let receiver: RecordingHttpServer;

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'idah-cli-destination-'));
  await writeUpdFile(cwd, 'data.upd', twoDatasets(6, 2));
  await writeFile(join(cwd, 'secrets.json'), JSON.stringify({ hook: 'Token cli-s3cret' }));
  receiver = await RecordingHttpServer.start();
}, 60_000);
afterAll(async () => {
  await receiver?.close();
  await rm(cwd, { recursive: true, force: true });
});

async function onlyFile(dir: string): Promise<{ name: string; bytes: Buffer }> {
  const names = await readdir(join(cwd, dir));
  expect(names).toHaveLength(1);
  return { name: names[0]!, bytes: await readFile(join(cwd, dir, names[0]!)) };
}

describe('idah-plugin export --destination', () => {
  it('publishes locally, then delivers into a folder given relative to the current one', async () => {
    const run = await runCli(['export', 'json', '--source', 'data.upd', '--out', 'out-a', '--destination', '{"type":"local","path":"delivered"}'], { cwd });
    expect(run.exitCode).toBe(0);
    const published = await onlyFile('out-a');
    const delivered = await onlyFile('delivered');
    expect(delivered.name).toBe(published.name);
    expect(delivered.bytes.equals(published.bytes)).toBe(true);
    expect(run.stderr).toContain(`delivered to ${join(cwd, 'delivered', published.name)}`);
  }, 60_000);

  it('retries an HTTP receiver that fails first, with a header from the secrets file; --json reports the delivery', async () => {
    receiver.requests.length = 0;
    receiver.answers = [{ status: 503, body: 'busy', headers: { 'Retry-After': '0' } }];
    receiver.fallback = { status: 201, body: 'stored' };
    await writeFile(join(cwd, 'hook.json'), JSON.stringify({ type: 'http', url: `${receiver.url}/in`, secret_headers: { Authorization: 'secret:hook' } }));
    const run = await runCli(['export', 'json', '--source', 'data.upd', '--out', 'out-b', '--destination', 'hook.json', '--secrets-file', 'secrets.json', '--json'], { cwd });
    expect(run.exitCode).toBe(0);
    const result = JSON.parse(run.stdout.trim().split('\n').pop()!);
    expect(result.delivery).toEqual({ status: 'delivered', attempts: 2, location: `POST ${receiver.url}/in (HTTP 201)`, error: null });
    expect(receiver.requests).toHaveLength(2);
    expect(receiver.requests[1]!.headers.authorization).toBe('Token cli-s3cret');
    expect(receiver.requests[1]!.body.equals((await onlyFile('out-b')).bytes)).toBe(true);
    expect(run.stdout).not.toContain('cli-s3cret');
  }, 60_000);

  it('a delivery that fails exits 1, says why, and keeps the output', async () => {
    receiver.answers = [];
    receiver.requests.length = 0;
    receiver.fallback = { status: 404, body: 'no such endpoint' };
    const run = await runCli(['export', 'json', '--source', 'data.upd', '--out', 'out-c', '--destination', `{"type":"http","url":"${receiver.url}/gone"}`], { cwd });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`delivery failed after 1 attempt(s): POST ${receiver.url}/gone answered HTTP 404: no such endpoint; the output stays where it was written`);
    expect((await onlyFile('out-c')).bytes.length).toBeGreaterThan(100);
  }, 60_000);

  it('refuses a bad destination before exporting anything', async () => {
    const run = await runCli(['export', 'json', '--source', 'data.upd', '--out', 'out-d', '--destination', '{"type":"s3","bucket":"ok-bucket","secret":"x"}'], { cwd });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('--destination.secret: unknown field for type "s3"');
    expect(await readdir(cwd)).not.toContain('out-d');
  });
});
