import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeUpdFile } from '../support/upd-file.ts';
import { runCli, tempFolder } from './support/run-cli.ts';

const box = { type: 'idah-image:bounding-box', points: [[0.1, 0.1], [0.2, 0.1], [0.2, 0.2], [0.1, 0.2]], angle: 0 };

describe('idah-plugin export --since', () => {
  it('exports only the entries changed after it, by themselves or through an annotation, in the isolated runner', { timeout: 120_000 }, async () => {
    const cwd = await tempFolder('idah-export-since-');
    await writeUpdFile(cwd, 'data.upd', [
      {
        id: 'ds',
        entries: [
          { id: 'old', updated_at: '2026-01-01T00:00:00Z', annotations: [{ dimensions: box, annotation: { category: 'car' }, updated_at: '2026-01-01T00:00:00Z' }] },
          { id: 'new', updated_at: '2026-06-01T00:00:00Z' },
          { id: 'relabelled', updated_at: '2026-01-01T00:00:00Z', annotations: [{ dimensions: box, annotation: { category: 'bus' }, updated_at: '2026-06-02T00:00:00Z' }] },
        ],
      },
    ]);
    const run = await runCli(['export', 'json', '--source', 'data.upd', '--out', 'out', '--json', '--since', '2026-03-01T00:00:00+01:00'], { cwd });
    expect(run.exitCode, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout.trim().split('\n').at(-1) as string) as { output: { path: string }; entries_total?: number };
    const document = JSON.parse(await readFile(result.output.path, 'utf8')) as { datasets: Array<{ entries: Array<{ record: { id: string }; annotations: unknown[] }> }> };
    const entries = document.datasets.flatMap((dataset) => dataset.entries);
    expect(entries.map((entry) => entry.record.id)).toEqual(['new', 'relabelled']);
    expect(entries[1]?.annotations).toHaveLength(1);
    expect(result.output.path.startsWith(join(cwd, 'out'))).toBe(true);
  });

  it('refuses a time without a zone, saying what it expects', async () => {
    const cwd = await tempFolder('idah-export-since-');
    const run = await runCli(['export', 'json', '--source', 'data.upd', '--since', '2026-03-01'], { cwd });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/--since: expected an ISO 8601 time with a zone such as 2026-05-01T00:00:00Z, got "2026-03-01"/);
  });
});
