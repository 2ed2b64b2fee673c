import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePlugin } from '../runtime/plugins/support/fixtures.ts';
import { runBin } from './support/run-bin.ts';

let cwd: string;
beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'idah-cli-loading-'));
});
afterAll(() => rm(cwd, { recursive: true, force: true }));

describe('formats with plugins that break their loading', () => {
  it('a Sync.init that busy-loops or ends the process does not hang or end the CLI: the rest are listed', { timeout: 300_000 }, async () => {
    const plugins = ['good-single', 'fault-init-busy-loop', 'fault-init-exit'].map((name) => fixturePlugin(name)).join(';');
    const run = await runBin(['formats', '--plugins', plugins, '--json'], { cwd, env: { IDAH_PLUGIN_INIT_TIMEOUT_MS: '10000' } });
    expect(run.exitCode).toBe(0);
    const listed = JSON.parse(run.stdout) as { formats: Array<{ exporter: string }>; failures: Array<{ plugin: string }> };
    expect(listed.formats.map((format) => format.exporter)).toContain('GoodSingle::TextLines');
    expect(listed.failures.map((failure) => failure.plugin).sort()).toEqual(['fault-init-busy-loop', 'fault-init-exit']);
  });
});
