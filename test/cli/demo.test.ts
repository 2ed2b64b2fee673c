import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDemoDatasets, updDatasetStats } from '../../runtime/host.ts';
import type { JobRecord } from '../../runtime/jobs/job-record.ts';
import { listZipEntries, readZipEntries } from '../../runtime/testing/index.ts';
import { runCli, tempFolder } from './support/run-cli.ts';

/** Each image exporter on the demo, with the options that make it write every kind it can. */
const IMAGE_EXPORTS: Array<[string, string[]]> = [
  ['coco', []],
  ['yolo', ['--option', 'task=detect']],
  ['yolo', ['--option', 'task=segment']],
  ['pascal-voc', []],
  ['cvat', []],
];

describe('idah-plugin demo', () => {
  it('creates demo.upd once, exports it, and says where the output is and what it holds', { timeout: 120_000 }, async () => {
    const cwd = await tempFolder('idah-demo-');
    const first = await runCli(['demo'], { cwd });
    expect(first.exitCode).toBe(0);
    expect(first.stderr).toContain('creating demo.upd');
    const [dataset] = await updDatasetStats(join(cwd, 'demo.upd'));
    expect(dataset).toMatchObject({ modality: 'idah-image', entries: 24 });
    expect(dataset!.annotations).toBeGreaterThan(100);
    expect(dataset!.medias).toBe(24);
    const outputs = await readdir(join(cwd, 'exports'));
    expect(outputs).toHaveLength(1);
    expect(first.stderr).toContain(`output  exports/${outputs[0]}`);
    // The demo's export is a zip holding the 24 images beside the annotations.
    expect(outputs[0]).toMatch(/\.zip$/);
    const names = await listZipEntries(join(cwd, 'exports', outputs[0]!));
    expect(names.filter((name) => /\.(png|jpg)$/.test(name))).toHaveLength(24);
    expect(first.stderr).toMatch(/images\/.* \(\d+ files\)/);
    const created = (await stat(join(cwd, 'demo.upd'))).mtimeMs;

    const second = await runCli(['demo'], { cwd });
    expect(second.exitCode).toBe(0);
    expect(second.stderr).toContain('using demo.upd');
    expect((await stat(join(cwd, 'demo.upd'))).mtimeMs).toBe(created);
    expect(await readdir(join(cwd, 'exports'))).toHaveLength(2);
    expect(existsSync(join(cwd, 'exports'))).toBe(true);
  });

  it('--quiet prints warnings and the summary only, and --quiet and --verbose mean what they mean for export', { timeout: 120_000 }, async () => {
    const cwd = await tempFolder('idah-demo-quiet-');
    const quiet = await runCli(['demo', '--quiet'], { cwd });
    expect(quiet.exitCode).toBe(0);
    expect(existsSync(join(cwd, 'demo.upd'))).toBe(true);
    const [output] = await readdir(join(cwd, 'exports'));
    // Warnings stay (the demo has lines COCO cannot hold); what comes before them is gone.
    expect(quiet.stderr).toMatch(/^\[coco\] warn: skipped annotation /);
    expect(quiet.stderr).toMatch(/\ncompleted in .+ \(Coco::CocoExport\)\n/);
    expect(quiet.stderr).toContain(`output  exports/${output}`);
    for (const info of ['creating demo.upd', 'dataset street-scenes', 'exporting with', 'next:']) expect(quiet.stderr).not.toContain(info);

    // Help text wraps at its own width per command: compare it as one line of words.
    const help = async (command: string) => (await runCli([command, '--help'], { cwd })).stdout.replace(/\s+/g, ' ');
    for (const text of await Promise.all([help('demo'), help('export')])) {
      expect(text).toContain('--quiet no progress bar and no info lines: warnings, errors and the summary only');
      expect(text).toContain('--verbose print the stack of an error a plugin threw (its file and line are always shown)');
    }
  });

  it('exports through every image exporter with on_error "fail": every shape is written or reported as one the format cannot hold', { timeout: 300_000 }, async () => {
    const cwd = await tempFolder('idah-demo-formats-');
    expect((await runCli(['demo'], { cwd })).exitCode).toBe(0);
    const [dataset] = await updDatasetStats(join(cwd, 'demo.upd'));
    const rootCount = buildDemoDatasets()[0]!.entries!.flatMap((entry) => entry.annotations ?? []).filter((a) => a.dimensions.type === 'entry:root').length;
    expect(rootCount).toBeGreaterThan(0);
    const results = new Map<string, JobRecord>();
    let skippedChecked = 0;
    for (const [format, flags] of IMAGE_EXPORTS) {
      const out = join(cwd, `out-${format}-${flags.join('')}`);
      const run = await runCli(['export', format, '--source', 'demo.upd', '--out', out, '--json', ...flags], { cwd });
      const result = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as JobRecord & { event: string };
      expect({ format, flags, status: result.status, error: result.error }).toEqual({ format, flags, status: 'completed', error: null });
      expect(run.exitCode).toBe(0);
      expect(result.skipped_total).toBeGreaterThanOrEqual(result.skipped.length);
      for (const item of result.skipped) {
        expect(item.annotation_id, `${format}: a whole entry was skipped: ${item.reason}`).toBeDefined();
        expect(item.reason).not.toMatch(/^expected /);
        skippedChecked += 1;
      }
      if (!results.has(format)) results.set(format, result);
    }
    // The demo has shapes some formats cannot hold (lines in COCO), so the checks above did run.
    expect(skippedChecked).toBeGreaterThan(0);

    // COCO holds every shape with an area; entry:root classifications become image-level tags.
    const coco = results.get('coco');
    expect(coco?.output?.path).toBeTypeOf('string');
    const files = await readZipEntries(coco!.output!.path);
    const instances = [...files.entries()]
      .filter(([name]) => name.endsWith('.json') && name.includes('instances'))
      .map(([, bytes]) => JSON.parse(bytes.toString('utf8')) as { annotations: unknown[]; images: unknown[] });
    expect(instances.length).toBeGreaterThan(0);
    const written = instances.reduce((sum, file) => sum + file.annotations.length, 0);
    const tags = instances.reduce((sum, file) => sum + (JSON.stringify(file.images).match(/"weather\/(Sunny|Overcast)"/g) ?? []).length, 0);
    expect(tags).toBe(rootCount);
    expect(written + tags + coco!.skipped_total).toBe(dataset!.annotations);
  });
});
