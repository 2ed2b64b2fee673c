import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBin } from './support/run-bin.ts';

let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'idah-doctor-'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('idah-plugin doctor', { timeout: 120_000 }, () => {
  it('passes on a fresh folder with the embedded store and local outputs', async () => {
    const run = await runBin(['doctor'], { cwd: work });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^ok\s+node\s+Node 20/m);
    expect(run.stdout).toMatch(/^ok\s+job store\s+sqlite: /m);
    expect(run.stdout).toMatch(/^ok\s+output storage\s+/m);
    expect(run.stdout).toMatch(/^ok\s+plugins\s+7 loaded/m);
    expect(run.stdout).toContain('everything needed is here');
  });

  it('fails, saying which part, when the job store cannot be reached', async () => {
    const run = await runBin(['doctor', '--db', 'postgres://nobody@127.0.0.1:1/none', '--json'], { cwd: work });
    expect(run.exitCode).toBe(1);
    const report = JSON.parse(run.stdout) as { ok: boolean; checks: Array<{ name: string; ok: boolean; detail: string }> };
    expect(report.ok).toBe(false);
    expect(report.checks.find((check) => check.name === 'job store')).toMatchObject({ ok: false, detail: expect.stringContaining('cannot open the job store') });
    expect(report.checks.find((check) => check.name === 'duckdb')?.ok).toBe(true);
  });
});
