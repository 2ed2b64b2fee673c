import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger, loadHost } from '../runtime/index.ts';
import { runExport } from '../runtime/testing/index.ts';

/** The README's code blocks marked ```lang file=<path>, keyed by path. */
async function guideFiles(): Promise<Map<string, string>> {
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
  const files = new Map<string, string>();
  for (const match of readme.matchAll(/```\w+ file=(\S+)\n([\s\S]*?)```/g)) {
    files.set(match[1] as string, match[2] as string);
  }
  return files;
}

describe('the README guide', () => {
  it('gives a plugin that loads from a folder, registers, and exports through the harness', async () => {
    const files = await guideFiles();
    expect([...files.keys()]).toEqual([
      'manifest.json',
      'backends/sync/shapes_report/sync.ts',
      'backends/sync/shapes_report/export.ts',
      'backends/sync/shapes_report/export.test.ts',
    ]);
    const pluginDir = join(await mkdtemp(join(tmpdir(), 'idah-guide-')), 'shapes-report');
    for (const [path, contents] of files) {
      await mkdir(dirname(join(pluginDir, path)), { recursive: true });
      await writeFile(join(pluginDir, path), contents);
    }
    const host = await loadHost({ pluginPaths: pluginDir, includeBundled: false, logger: createLogger('test', () => {}) });
    expect(host.report.failures).toEqual([]);
    const registration = host.registry.resolve('shapes-report');
    expect(registration.id).toBe('ShapesReport::ShapesReportExport');
    expect(host.registry.formatsFor(['idah-image'])[0]?.options).toMatchObject({
      properties: { only_completed: { type: 'boolean', default: true } },
    });

    const result = await runExport(registration.exporterClass, {
      selector: registration.selector,
      datasets: [
        {
          name: 'streets',
          entries: [
            { name: 'a', annotations: [{ dimensions: { type: 'idah-image:point', x: 0, y: 0 }, annotation: { category: 'car' } }] },
            { name: 'b', status: 'review' },
          ],
        },
      ],
      options: { only_completed: false },
    });
    expect(result.error).toBeUndefined();
    const lines = (await readFile(result.output!.path, 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toEqual([
      { dataset: 'streets', entry: 'a', counts: { car: 1 } },
      { dataset: 'streets', entry: 'b', counts: {} },
    ]);
    expect(result.output?.filename).toMatch(/^shapes-report-\d{8}-\d{6}\.jsonl$/);
  });
});
