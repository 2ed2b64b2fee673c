import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createLogger, loadHost } from '../runtime/host.ts';
import { imageCircle, imageMask, listZipEntries, readZipEntry, runExport } from '../runtime/testing/index.ts';
import { runBin } from './cli/support/run-bin.ts';
import { runCli, tempFolder } from './cli/support/run-cli.ts';
import { startBin } from './cli/support/service-process.ts';
import { writeUpdFile } from './support/upd-file.ts';
import { waitUntil } from './support/wait-until.ts';

/** The README's code blocks marked ```lang file=<path>, keyed by path. */
async function guideFiles(): Promise<Map<string, string>> {
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
  const files = new Map<string, string>();
  for (const match of readme.matchAll(/```\w+ file=(\S+)\n([\s\S]*?)```/g)) {
    files.set(match[1] as string, match[2] as string);
  }
  return files;
}

/** The guide's plugin, written into `parent` (a new temp folder by default). */
async function writeGuidePlugin(parent?: string): Promise<string> {
  const pluginDir = join(parent ?? (await tempFolder('idah-guide-')), 'shapes-report');
  for (const [path, contents] of await guideFiles()) {
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
      'backends/sync/shapes_archive/sync.ts',
      'backends/sync/shapes_archive/export.ts',
      'backends/sync/shapes_archive/export.test.ts',
    ]);
    const pluginDir = await writeGuidePlugin();
    const host = await loadHost({ pluginPaths: pluginDir, includeBundled: false, logger: createLogger('test', () => {}) });
    expect(host.report.failures).toEqual([]);
    const registration = host.registry.resolve('ShapesReport::ShapesReportExport');
    expect(registration.id).toBe('ShapesReport::ShapesReportExport');
    expect(host.registry.formatsFor(['idah-image']).find((format) => format.exporter === registration.id)?.options).toMatchObject({
      properties: { completed_entries: { type: 'boolean', default: true } },
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
      options: { completed_entries: false },
    });
    expect(result.error).toBeUndefined();
    const lines = (await readFile(result.output!.path, 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toEqual([
      { dataset: 'streets', entry: 'a', counts: { 'Round sign': 1, puddle: 1 }, shapes: { circle: 1, mask: 1 } },
      { dataset: 'streets', entry: 'b', counts: {}, shapes: {} },
    ]);
    expect(result.output?.filename).toMatch(/^shapes-report-\d{8}-\d{6}\.jsonl$/);
  });

  it('gives a step-based exporter that runs with steps, metrics and file logs in the harness', async () => {
    const host = await loadHost({ pluginPaths: await writeGuidePlugin(), includeBundled: false, logger: createLogger('test', () => {}) });
    expect(host.report.failures).toEqual([]);
    const registration = host.registry.resolve('ShapesReport::ShapesArchiveExport');
    const datasets = [{ name: 'streets', entries: [{ id: 'a', medias: [{ filename: 'a.jpg', data: 'jpeg' }] }, { id: 'b' }, { id: 'c' }] }];
    const result = await runExport(registration.exporterClass, { selector: registration.selector, datasets });
    expect(result.status).toBe('completed');
    expect(result.steps.map((step) => step.status)).toEqual(['completed', 'completed', 'completed']);
    expect(result.metrics.original_file).toEqual({ stand_by: 0, success: 1, failed: 2 });
    expect(result.fileLog).toHaveLength(6);
    const list = JSON.parse((await readZipEntry(result.output!.path, 'error_file_list.json')).toString());
    expect(list.map((item: { id: string }) => item.id)).toEqual(['b', 'c']);

    const skipped = await runExport(registration.exporterClass, { datasets, options: { include_media: false } });
    expect(skipped.steps.map((step) => step.status)).toEqual(['completed', 'completed', 'skipped']);
    expect((await listZipEntries(skipped.output!.path)).filter((name) => !name.endsWith('/'))).toEqual(['entries/a.json', 'entries/b.json', 'entries/c.json']);
  });

  it('runs the step-based exporter from the command line: steps, metrics and file logs as --json events', { timeout: 120_000 }, async () => {
    const cwd = await tempFolder('idah-guide-cli-');
    await writeGuidePlugin(join(cwd, 'plugins'));
    await writeUpdFile(cwd, 'data.upd', [{ id: 'd', name: 'd', entries: [{ id: 'a', medias: [{ filename: 'a.jpg', data: 'jpeg' }] }, { id: 'b' }] }]);
    const run = await runCli(['export', 'ShapesReport::ShapesArchiveExport', '--source', 'data.upd', '--json', '--file-log'], { cwd });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const events = run.stdout.trim().split('\n').map((line) => JSON.parse(line));
    const kinds = new Set(events.map((event) => event.event));
    for (const kind of ['status', 'progress', 'step', 'metrics', 'file_log', 'result']) expect(kinds).toContain(kind);
    const result = events.at(-1);
    expect(result.metrics).toEqual({ data_file: { stand_by: 0, success: 2, failed: 0 }, original_file: { stand_by: 0, success: 1, failed: 1 } });
    expect(result.steps.map((step: { name: string }) => step.name)).toEqual(['count', 'write_entries', 'copy_media']);
    expect(result.file_log).toMatchObject({ total: 4, failed: 1, path: `${result.output.path}.files.ndjson` });
    const kept = (await readFile(result.file_log.path, 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    expect(kept.map((entry) => `${entry.category}:${entry.id}:${entry.status}`)).toEqual([
      'data_file:a:success',
      'data_file:b:success',
      'original_file:a:success',
      'original_file:b:failed',
    ]);

    const human = await runCli(['export', 'ShapesReport::ShapesArchiveExport', '--source', 'data.upd'], { cwd });
    expect(human.exitCode).toBe(0);
    expect(human.stderr).toMatch(/metrics data_file 2✓ {2}original_file 1✓ 1✗/);
    expect(human.stderr).toMatch(/files {3}4 logged, 1 failed; --file-log keeps them all/);
  });

  it("has test snippets that pass when the plugin's tests run (idah-plugin test), and fail when what they check breaks", { timeout: 240_000 }, async () => {
    const snippets = [...(await guideFiles())].filter(([path]) => path.endsWith('.test.ts'));
    const testCount = snippets.reduce((count, [, code]) => count + [...code.matchAll(/^it\(/gm)].length, 0);
    expect(testCount).toBeGreaterThanOrEqual(snippets.length);

    const pluginDir = await writeGuidePlugin();
    const run = await runBin(['test', pluginDir], { cwd: dirname(pluginDir) });
    const output = stripVTControlCharacters(run.stdout + run.stderr);
    expect(output).toMatch(new RegExp(`Test Files +${snippets.length} passed \\(${snippets.length}\\)`));
    expect(output).toMatch(new RegExp(`Tests +${testCount} passed \\(${testCount}\\)`));
    expect(run.exitCode, output).toBe(0);

    // The same snippets expecting another outcome: every test must fail, so their checks really ran.
    for (const [path, code] of snippets) {
      const sabotaged = code.replace("expect(result.status).toBe('completed');", "expect(result.status).toBe('errored');");
      expect(sabotaged, `${path} checks result.status`).not.toBe(code);
      await writeFile(join(pluginDir, path), sabotaged);
    }
    const broken = await runBin(['test', pluginDir], { cwd: dirname(pluginDir) });
    const brokenOutput = stripVTControlCharacters(broken.stdout + broken.stderr);
    expect(brokenOutput).toMatch(new RegExp(`Tests +${testCount} failed \\(${testCount}\\)`));
    expect(broken.exitCode).toBe(1);
  });
});

describe('the README guide in the Sync Service', () => {
  it('runs the step-based exporter in `serve`: steps, metrics and a log line per file through the API and `jobs logs`', { timeout: 180_000 }, async () => {
    const cwd = await tempFolder('idah-guide-serve-');
    const pluginDir = await writeGuidePlugin(join(cwd, 'plugins'));
    await writeUpdFile(cwd, 'data.upd', [{ id: 'd', name: 'd', entries: [{ id: 'a', medias: [{ filename: 'a.jpg', data: 'jpeg' }] }, { id: 'b' }] }]);
    const serve = startBin(['serve', '--port', '0', '--plugins', pluginDir, '--state', join(cwd, 'state')], { cwd });
    try {
      const url = (await serve.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)\//, 90_000))[1] as string;
      const api = `${url}/api/v1/sync`;
      const posted = await fetch(`${api}/exports/export`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/vnd.api+json' },
        body: JSON.stringify({ project_id: 'data', dataset_ids: ['d'], exporter: 'ShapesReport::ShapesArchiveExport' }),
      });
      expect(posted.status).toBe(202);
      const location = posted.headers.get('location') as string;
      const exported = (await (await fetch(`${url}${location}?included[]=job`)).json()) as { included: Array<{ id: string }> };
      const jobId = exported.included[0]?.id as string;
      type Attributes = { status: string; progress: number; metrics: unknown; steps: Array<{ name: string; status: string }>; file_log: { total: number; failed: number } };
      const job = await waitUntil(
        'the guide export to finish',
        async () => {
          const { attributes } = ((await (await fetch(`${api}/jobs/${jobId}`)).json()) as { data: { attributes: Attributes } }).data;
          return attributes.status !== 'pending' && attributes.status !== 'running' ? attributes : undefined;
        },
        120_000,
        100,
      );
      expect(job.status).toBe('completed');
      expect(job.progress).toBe(1);
      expect(job.metrics).toEqual({ data_file: { stand_by: 0, success: 2, failed: 0 }, original_file: { stand_by: 0, success: 1, failed: 1 } });
      expect(job.steps.map((step) => `${step.name}:${step.status}`)).toEqual(['count:completed', 'write_entries:completed', 'copy_media:completed']);
      expect(job.file_log).toMatchObject({ total: 4, failed: 1 });

      const logs = (await (await fetch(`${api}/jobs/${jobId}/logs`)).json()) as {
        data: Array<{ level: string; message: string; file: { category: string; id: string; status: string } | null }>;
      };
      const files = logs.data.filter((line) => line.file !== null);
      expect(files.map((line) => `${line.level} ${line.file?.category}:${line.file?.id}:${line.file?.status}`)).toEqual([
        'info data_file:a:success',
        'info data_file:b:success',
        'info original_file:a:success',
        'error original_file:b:failed',
      ]);
      expect(logs.data.map((line) => line.message)).toEqual(expect.arrayContaining([expect.stringMatching(/^step copy_media completed in \d+ ms$/)]));

      const cli = await runBin(['jobs', 'logs', jobId, '--url', url], { cwd });
      expect(cli.exitCode, cli.stderr).toBe(0);
      expect(cli.stdout).toMatch(/info {2}data_file entries\/a\.json: success/);
      expect(cli.stdout).toMatch(/error original_file .*: failed/);
    } finally {
      await serve.stop('SIGKILL');
    }
  });
});
