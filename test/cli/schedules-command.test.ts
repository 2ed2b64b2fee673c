import { describe, expect, it } from 'vitest';
import { useCliWithService } from './support/cli-with-service.ts';

const { cli } = useCliWithService({ prefix: 'idah-cli-schedules-', entries: [4, 2], service: { scheduler: false } });

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
