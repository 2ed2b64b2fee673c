import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createLogger, loadHost } from '../runtime/index.ts';
import { imageCircle, imageMask, runExport } from '../runtime/testing/index.ts';
import { runBin } from './cli/support/run-bin.ts';

/** The README's code blocks marked ```lang file=<path>, keyed by path. */
async function guideFiles(): Promise<Map<string, string>> {
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
  const files = new Map<string, string>();
  for (const match of readme.matchAll(/```\w+ file=(\S+)\n([\s\S]*?)```/g)) {
    files.set(match[1] as string, match[2] as string);
  }
  return files;
}

async function writeGuidePlugin(files: Map<string, string>): Promise<string> {
  const pluginDir = join(await mkdtemp(join(tmpdir(), 'idah-guide-')), 'shapes-report');
  for (const [path, contents] of files) {
    await mkdir(dirname(join(pluginDir, path)), { recursive: true });
    await writeFile(join(pluginDir, path), contents);
  }
  return pluginDir;
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
    const pluginDir = await writeGuidePlugin(files);
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
          labeling_configuration: { 'idah-image:circle': { values: [{ id: 'signs/round', label: 'Round sign' }], properties: [] } },
          entries: [
            {
              name: 'a',
              annotations: [
                { dimensions: imageCircle(0.5, 0.5, 0.1), annotation: { category: 'signs/round', attributes: {} } },
                { dimensions: imageMask(200, 150, (x, y) => x > 120 && y > 130), annotation: { category: 'puddle', attributes: {} } },
              ],
            },
            { name: 'b', status: 'review' },
          ],
        },
      ],
      options: { only_completed: false },
    });
    expect(result.error).toBeUndefined();
    const lines = (await readFile(result.output!.path, 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toEqual([
      { dataset: 'streets', entry: 'a', counts: { 'Round sign': 1, puddle: 1 }, shapes: { circle: 1, mask: 1 } },
      { dataset: 'streets', entry: 'b', counts: {}, shapes: {} },
    ]);
    expect(result.output?.filename).toMatch(/^shapes-report-\d{8}-\d{6}\.jsonl$/);
  });

  it("has a test snippet that passes when the plugin's tests run (idah-plugin test)", { timeout: 120_000 }, async () => {
    const pluginDir = await writeGuidePlugin(await guideFiles());
    const run = await runBin(['test', pluginDir], { cwd: dirname(pluginDir) });
    const output = stripVTControlCharacters(run.stdout + run.stderr);
    expect(output).toMatch(/Test Files +1 passed/);
    expect(output).toMatch(/Tests +1 passed/);
    expect(run.exitCode, output).toBe(0);
  });
});
