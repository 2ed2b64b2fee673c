import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { updDatasetStats } from '../../runtime/index.ts';
import { listZipEntries } from '../../runtime/testing/index.ts';
import { runCli, tempFolder } from './support/run-cli.ts';

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
    if (outputs[0]!.endsWith('.zip')) {
      const names = await listZipEntries(join(cwd, 'exports', outputs[0]!));
      expect(names.filter((name) => /\.(png|jpg)$/.test(name))).toHaveLength(24);
      expect(first.stderr).toMatch(/images\/.* \(\d+ files\)/);
    }
    const created = (await stat(join(cwd, 'demo.upd'))).mtimeMs;

    const second = await runCli(['demo'], { cwd });
    expect(second.exitCode).toBe(0);
    expect(second.stderr).toContain('using demo.upd');
    expect((await stat(join(cwd, 'demo.upd'))).mtimeMs).toBe(created);
    expect(await readdir(join(cwd, 'exports'))).toHaveLength(2);
    expect(existsSync(join(cwd, 'exports'))).toBe(true);
  });
});
