import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readManifest } from '../../../runtime/manifest/read-manifest.ts';
import { loadMediaBackend } from '../../../runtime/media/load-media-backend.ts';
import { loadMediaProcessors } from '../../../runtime/media/load-media-processors.ts';
import { runCli, tempFolder } from '../../cli/support/run-cli.ts';

async function generate(cwd: string, name: string, ...services: string[]): Promise<string> {
  const run = await runCli(['create', name, '--yes', ...services.flatMap((service) => ['--service', service])], { cwd });
  expect(run.exitCode, run.stderr).toBe(0);
  return join(cwd, name);
}

const brokenMedia = `export class Media {\n  static init() {\n    throw new Error('no codec');\n  }\n}\n`;

describe('loading media backends from plugin folders', () => {
  it('imports a generated media backend and runs its init', async () => {
    const pluginDir = await generate(await tempFolder(), 'cat-media', 'media');
    const outcome = await loadMediaBackend(pluginDir, await readManifest(pluginDir));
    expect(outcome.kind).toBe('loaded');
    expect(outcome.kind === 'loaded' && outcome.registrations.map(({ plugin, name, mimeTypes }) => ({ plugin, name, mimeTypes }))).toEqual([
      { plugin: 'cat-media', name: 'cat-media', mimeTypes: ['image/*'] },
    ]);
  });

  it('skips a plugin without a media backend', async () => {
    const pluginDir = await generate(await tempFolder(), 'cat-sync', 'sync');
    expect(await loadMediaBackend(pluginDir, await readManifest(pluginDir))).toEqual({
      kind: 'skipped',
      reason: `no media backend (no folder ${join(pluginDir, 'backends/media')})`,
    });
  });

  it('lists the processors of every plugin found; a broken one is reported with its name and the rest load', async () => {
    const root = await tempFolder();
    await generate(root, 'cat-media', 'media');
    const broken = await generate(root, 'broken-media', 'media');
    await writeFile(join(broken, 'backends/media/broken_media/media.ts'), brokenMedia);
    await generate(root, 'no-media', 'sync');

    const host = await loadMediaProcessors({ pluginPaths: root, includeBundled: false });
    expect(host.registry.list().map((registration) => registration.name)).toEqual(['cat-media']);
    expect(host.failures).toEqual([
      {
        plugin: 'broken-media',
        dir: broken,
        message: '[broken-media] Media.init in backends/media/broken_media/media.ts failed: no codec',
      },
    ]);
  });

  it('keeps a plugin out whole when one of its processor names is taken', async () => {
    const root = await tempFolder();
    await generate(root, 'a-media', 'media');
    const second = await generate(root, 'b-media', 'media');
    await mkdir(join(second, 'backends/media/b_media'), { recursive: true });
    await writeFile(
      join(second, 'backends/media/b_media/media.ts'),
      `export class Media {\n  static init(context: any) {\n    context.registerProcessor('b-media', { processor: class {}, mimeTypes: ['image/*'] });\n    context.registerProcessor('a-media', { processor: class {}, mimeTypes: ['image/*'] });\n  }\n}\n`,
    );
    const host = await loadMediaProcessors({ pluginPaths: root, includeBundled: false });
    expect(host.registry.list().map((registration) => registration.name)).toEqual(['a-media']);
    expect(host.failures[0]?.message).toBe(
      '[b-media] expected a processor name not taken yet, but "a-media" is already registered by plugin "a-media"',
    );
  });
});
