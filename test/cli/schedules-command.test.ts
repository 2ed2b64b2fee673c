import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliEnvironment } from '../../cli/environment.ts';
import { main } from '../../cli/main.ts';
import { type RunningService, startService } from '../../runtime/service/start-service.ts';
import { twoDatasets } from '../support/fixtures.ts';
import { writeUpdFile } from '../support/upd-file.ts';

let work: string;
let service: RunningService;

async function cli(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const sink = (append: (text: string) => void) => new Writable({ write: (chunk, _encoding, done) => (append(String(chunk)), done()) });
  const environment: CliEnvironment = {
    stdout: sink((text) => (stdout += text)),
    stderr: sink((text) => (stderr += text)),
    stdin: new PassThrough(),
    interactive: false,
    cwd: work,
    env: { IDAH_SYNC_URL: service.url },
    exitCode: 0,
  };
  const exitCode = await main(argv, environment);
  return { exitCode, stdout, stderr };
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'idah-cli-schedules-'));
  await mkdir(join(work, 'data'));
  await writeUpdFile(join(work, 'data'), 'data.upd', twoDatasets(4, 2));
  service = await startService({ cwd: work, stateDir: '.state', host: '127.0.0.1', port: 0, dataDir: 'data', auth: {}, concurrency: 1, scheduler: false });
}, 90_000);

afterAll(async () => {
  await service?.close();
  await rm(work, { recursive: true, force: true });
});

describe('idah-plugin schedules', () => {
  it('adds, lists, pauses, resumes and removes a schedule', async () => {
    const added = await cli([
      'schedules', 'add', '--cron', '30 2 * * *', '--timezone', 'Asia/Tokyo', '--project', 'data', '--datasets', 'big,small',
      '--exporter', 'Json::JsonExport', '--option', 'pretty=true', '--destination-json', '{"type":"local","path":"/srv/exports"}',
      '--incremental', '--name', 'nightly', '--json',
    ]);
    expect(added.stderr).toBe('');
    expect(added.exitCode).toBe(0);
    const created = JSON.parse(added.stdout) as { data: { id: string; attributes: Record<string, unknown> } };
    expect(created.data.attributes).toMatchObject({
      name: 'nightly', cron: '30 2 * * *', timezone: 'Asia/Tokyo', dataset_ids: ['big', 'small'], options: { pretty: true },
      destination: { type: 'local', path: '/srv/exports' }, incremental: true, status: 'active',
    });
    const id = created.data.id;

    const listed = await cli(['schedules', 'ls']);
    expect(listed.exitCode).toBe(0);
    expect(listed.stdout).toMatch(/^ID\s+NAME\s+CRON\s+TIME ZONE\s+STATUS\s+NEXT RUN\s+EXPORTER\s+INCREMENTAL\n/);
    expect(listed.stdout).toContain(id);
    expect(listed.stdout).toMatch(/nightly\s+30 2 \* \* \*\s+Asia\/Tokyo\s+active/);

    expect((await cli(['schedules', 'pause', id])).stdout).toMatch(new RegExp(`^schedule ${id}: paused`));
    expect((await cli(['schedules', 'ls', '--status', 'paused'])).stdout).toContain(id);
    expect((await cli(['schedules', 'ls', '--status', 'active'])).stdout).toBe('no schedules\n');
    expect((await cli(['schedules', 'resume', id])).stdout).toMatch(new RegExp(`^schedule ${id}: active, next run 20`));
    expect((await cli(['schedules', 'rm', id])).stdout).toBe(`schedule ${id} removed\n`);
    const gone = await cli(['schedules', 'rm', id]);
    expect(gone.exitCode).toBe(1);
    expect(gone.stderr).toMatch(/404 no schedule/);
  });

  it("says what is wrong with a bad pattern, zone or flag, in the service's words", async () => {
    const badCron = await cli(['schedules', 'add', '--cron', 'every day', '--project', 'data', '--datasets', 'big', '--exporter', 'Json::JsonExport']);
    expect(badCron.exitCode).toBe(1);
    expect(badCron.stderr).toMatch(/cron: expected a cron pattern of 5 fields/);
    const badZone = await cli(['schedules', 'add', '--cron', '0 * * * *', '--timezone', 'Moon/Base', '--project', 'data', '--datasets', 'big', '--exporter', 'Json::JsonExport']);
    expect(badZone.stderr).toMatch(/timezone: expected an IANA time zone .* got "Moon\/Base"/);
    const badDestination = await cli(['schedules', 'add', '--cron', '0 * * * *', '--project', 'data', '--datasets', 'big', '--exporter', 'Json::JsonExport', '--destination-json', '[1]']);
    expect(badDestination.exitCode).toBe(2);
    expect(badDestination.stderr).toMatch(/--destination-json: expected a JSON object, got \[1\]/);
    const missing = await cli(['schedules', 'add', '--project', 'data', '--datasets', 'big', '--exporter', 'Json::JsonExport']);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/--cron/);
  });
});
