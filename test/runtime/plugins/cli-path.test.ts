import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePlugin, temporaryDir, writeTree } from './support/fixtures.ts';

const run = promisify(execFile);
const CHILD_SCRIPT = fileURLToPath(new URL('./support/load-host-in-child.ts', import.meta.url));
const TSX_CLI = fileURLToPath(new URL('../../../node_modules/tsx/dist/cli.mjs', import.meta.url));
const PACKAGE_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** The environment of a plain CLI run: nothing that says vitest. */
function cliEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST') && name !== 'TEST'));
}

async function loadInChild(pluginDirs: string[]) {
  const { stdout } = await run(process.execPath, [TSX_CLI, CHILD_SCRIPT, ...pluginDirs], {
    env: cliEnvironment(),
    cwd: PACKAGE_ROOT,
  });
  return JSON.parse(stdout) as {
    loaded: string[];
    failures: string[];
    exporterIds: string[];
    formats: Array<{ exporter: string; options: unknown }>;
    sharesHostModules: boolean;
  };
}

describe('loading plugins under plain Node + tsx (the CLI path)', () => {
  // Copies outside this package: no node_modules above them, so only our resolve hook
  // can answer `import ... from 'idah-plugin'`.
  let temporary: Awaited<ReturnType<typeof temporaryDir>>;
  beforeAll(async () => {
    temporary = await temporaryDir('idah-cli-path-');
    for (const [folder, packageJson] of [
      ['esm-package', { name: 'esm-package', type: 'module' }],
      ['untyped-package', { name: 'untyped-package', version: '0.0.1' }],
    ] as const) {
      await cp(fixturePlugin('cli-plugin'), join(temporary.dir, folder), { recursive: true });
      await writeTree(temporary.dir, { [`${folder}/package.json`]: JSON.stringify(packageJson) });
    }
  });
  afterAll(() => temporary.remove());

  it.each(['esm-package', 'untyped-package'])(
    'a plugin in a folder with its own package.json (%s) imports this host by name and shares its modules',
    async (folder) => {
      const result = await loadInChild([join(temporary.dir, folder)]);
      expect(result.failures).toEqual([]);
      expect(result.loaded).toEqual(['cli-plugin']);
      expect(result.exporterIds).toEqual(['CliPlugin::CliExport']);
      expect(result.sharesHostModules).toBe(true);
      expect(result.formats[0]?.options).toMatchObject({ type: 'object', properties: { pretty: { type: 'boolean', default: false } } });
    },
  );

  it('broken plugins are reported in the child too, with the good one loaded', async () => {
    const result = await loadInChild([fixturePlugin('broken-syntax'), fixturePlugin('broken-import'), join(temporary.dir, 'esm-package')]);
    expect(result.loaded).toEqual(['cli-plugin']);
    expect(result.failures).toHaveLength(2);
    expect(result.failures[0]).toMatch(/^broken-syntax: could not import backends\/sync\/broken_syntax\/sync\.ts/);
    expect(result.failures[1]).toMatch(/^broken-import: could not import .*helper-that-does-not-exist/);
  });
});

describe('loading plugins under plain Node with no TypeScript loader', () => {
  // The host compiled to one JavaScript file, run by plain `node`: importing a plugin's
  // sync.ts fails with ERR_UNKNOWN_FILE_EXTENSION until the host registers tsx and retries.
  let bundleDir: string;
  let childScript: string;
  beforeAll(async () => {
    // Inside this package, so the bundle's external imports (zod, tinyglobby, tsx) resolve.
    bundleDir = await mkdtemp(join(PACKAGE_ROOT, 'test/runtime/plugins/.plain-node-'));
    childScript = join(bundleDir, 'child.mjs');
    const hostModuleUrl = pathToFileURL(join(PACKAGE_ROOT, 'runtime/plugins/host.ts')).href;
    await build({
      stdin: {
        contents: `
          import { loadHost } from './runtime/plugins/host.ts';
          import { createLogger } from './runtime/logger.ts';
          const { registry, report } = await loadHost({
            pluginPaths: process.argv.slice(2), includeBundled: false, logger: createLogger('child', () => {}),
          });
          process.stdout.write(JSON.stringify({
            loaded: report.plugins.map((plugin) => plugin.name),
            failures: report.failures.map((failure) => failure.message),
            exporterIds: registry.list().map((registration) => registration.id),
          }));`,
        resolveDir: PACKAGE_ROOT,
        loader: 'ts',
      },
      bundle: true,
      format: 'esm',
      platform: 'node',
      packages: 'external',
      // Every import.meta.url the bundled host reads lives in runtime/plugins/.
      define: { 'import.meta.url': JSON.stringify(hostModuleUrl) },
      outfile: childScript,
      logLevel: 'silent',
    });
  });
  afterAll(() => rm(bundleDir, { recursive: true, force: true }));

  it('registers tsx once on ERR_UNKNOWN_FILE_EXTENSION and loads every TypeScript plugin', async () => {
    const { stdout } = await run(process.execPath, [childScript, fixturePlugin('good-image'), fixturePlugin('good-single')], {
      env: cliEnvironment(),
      cwd: PACKAGE_ROOT,
    });
    expect(JSON.parse(stdout)).toEqual({
      loaded: ['good-image', 'good-single'],
      failures: [],
      exporterIds: ['GoodImage::ImageBoxes', 'GoodImage::VideoFrames', 'GoodSingle::TextLines'],
    });
  });
});
