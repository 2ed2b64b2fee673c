import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBin } from './support/run-bin.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/plugins');
let cwd: string;

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'idah-formats-warnings-'));
});

afterAll(() => rm(cwd, { recursive: true, force: true }));

describe('formats shows the same loader warnings for people as --json gives programs', () => {
  it('lists every warning --json has, for exporters and for media processors', { timeout: 120_000 }, async () => {
    const plugins = `${join(cwd, 'nowhere')};${join(FIXTURES, 'good-single')}`;
    const json = await runBin(['formats', '--plugins', plugins, '--json'], { cwd });
    expect(json.exitCode).toBe(0);
    const { warnings } = JSON.parse(json.stdout) as { warnings: string[] };
    expect(warnings).toEqual([`plugin path "${join(cwd, 'nowhere')}" yields no plugin: ${join(cwd, 'nowhere')} does not exist`]);

    const human = await runBin(['formats', '--plugins', plugins], { cwd });
    expect(human.exitCode).toBe(0);
    expect(human.stdout).toContain(`\nwarnings (1):\n  ${warnings[0]}\n`);

    const media = await runBin(['formats', '--media', '--plugins', plugins], { cwd });
    expect(media.stdout).toContain(`\nwarnings (1):\n  ${warnings[0]}\n`);
  });
});
