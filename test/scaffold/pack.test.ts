import { spawn } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cleanEnvironment } from '../cli/support/run-bin.ts';
import { tempFolder } from '../cli/support/run-cli.ts';

const hostRoot = fileURLToPath(new URL('../../', import.meta.url));
const recorder = fileURLToPath(new URL('../cli/support/record-imports.mjs', import.meta.url));

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command as a user's shell would: without the variables vitest or an outer npm set. */
function run(command: string, args: string[], cwd: string, extraEnv: Record<string, string> = {}): Promise<Ran> {
  const env = { ...cleanEnvironment(), ...extraEnv };
  for (const key of Object.keys(env)) if (/^npm_/i.test(key)) delete env[key];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/**
 * How the tarball is installed. Packages come from npm's cache when it has them; install scripts
 * are not run, because the only one that matters is better-sqlite3's native build, which the
 * Sync Service needs and a plugin author's path (create, test, formats) never loads.
 */
const INSTALL = ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts'];

function expectSuccess(ran: Ran, what: string): void {
  expect(ran.code, `${what} failed:\n${ran.stdout}\n${ran.stderr}`).toBe(0);
}

/**
 * The package installs anywhere: `npm pack` builds and packs the compiled host; in a folder
 * outside this checkout its CLI runs compiled and creates a plugin whose `file:` dependency on
 * that host lets a plain `npm install` work; the plugin passes its own `npm test` and
 * `npm run typecheck`, and the host loads it through --plugins. Slow: it builds and installs
 * (from npm's cache when it has the packages).
 */
describe.skipIf(process.env.IDAH_SKIP_PACK_TEST === '1')('the packed package', () => {
  it('creates, tests and loads a plugin outside the checkout', { timeout: 600_000 }, async () => {
    const outside = await tempFolder('idah-pack-');

    const packed = await run('npm', ['pack', '--json', '--pack-destination', outside], hostRoot);
    expectSuccess(packed, 'npm pack');
    const [pack] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    if (!pack) throw new Error(`expected npm pack --json to describe one tarball, got ${packed.stdout}`);
    const { filename, files } = pack;
    const tarball = join(outside, filename);
    const shipped = files.map((file) => file.path);
    expect(shipped).toEqual(
      expect.arrayContaining([
        'bin/idah-plugin.js',
        'runtime/index.ts',
        'runtime/testing/index.ts',
        'runtime/host.ts',
        'templates/plugin/manifest.json.hbs',
        // The host compiled by prepack, with the module layout of the sources.
        'dist/cli/main.js',
        'dist/runtime/index.js',
        'dist/runtime/testing/index.js',
        'dist/runtime/host.js',
        'dist/runtime/isolation/child-bootstrap.mjs',
        'dist/runtime/plugins/resolve-hooks.mjs',
      ]),
    );
    const notShipped = /^(test|bench|node_modules)\/|\.test\.ts$|\/bench\/|\/test-support\/|test-fixtures\.ts$/;
    expect(shipped.filter((path) => notShipped.test(path))).toEqual([]);

    // The packed CLI (with its packed templates) creates the plugin.
    const tool = join(outside, 'tool');
    await mkdir(tool);
    expectSuccess(await run('npm', ['init', '-y'], tool), 'npm init');
    expectSuccess(await run('npm', [...INSTALL, tarball], tool), 'npm install (tool)');
    const cli = join(tool, 'node_modules/idah-plugin/bin/idah-plugin.js');
    expectSuccess(await run(process.execPath, [cli, 'create', 'my-plugin', outside, '--yes', '--service', 'sync,media'], tool), 'create');

    // The installed CLI runs the compiled host: not one of the host's TypeScript files loads.
    const versionImports = join(outside, 'version-imports.txt');
    const version = await run(process.execPath, ['--import', recorder, cli, '--version'], tool, { IDAH_RECORD_IMPORTS: versionImports });
    expectSuccess(version, '--version');
    const loaded = (await readFile(versionImports, 'utf8')).split('\n').filter((url) => url.includes('/node_modules/idah-plugin/'));
    expect(loaded).toContainEqual(expect.stringMatching(/\/idah-plugin\/dist\/cli\/main\.js$/));
    expect(loaded.filter((url) => /\.ts$/.test(url))).toEqual([]);

    const pluginDir = join(outside, 'my-plugin');
    // idah-plugin is not on the registry: the plugin's own dependency names the host that made it.
    const manifest = JSON.parse(await readFile(join(pluginDir, 'package.json'), 'utf8'));
    expect(manifest.dependencies['idah-plugin']).toBe('file:../tool/node_modules/idah-plugin');
    expectSuccess(await run('npm', INSTALL, pluginDir), 'npm install (plugin)');
    expect(Object.keys(manifest.devDependencies).sort()).toEqual(['@types/node', 'typescript', 'vitest']);

    const tested = await run('npm', ['test'], pluginDir);
    expectSuccess(tested, 'npm test in the plugin');
    expect(tested.stdout).toMatch(/Test Files\s+3 passed/);
    expectSuccess(await run('npm', ['run', 'typecheck'], pluginDir), 'npm run typecheck in the plugin');

    const plugin = join(pluginDir, 'node_modules/.bin/idah-plugin');
    const formats = await run(plugin, ['formats', '--plugins', pluginDir, '--json'], pluginDir);
    expectSuccess(formats, 'formats --plugins');
    const listed = JSON.parse(formats.stdout) as { formats: Array<{ exporter: string; plugin: string }>; failures: unknown[] };
    expect(listed.failures).toEqual([]);
    expect(listed.formats).toContainEqual(expect.objectContaining({ exporter: 'MyPlugin::Export', plugin: 'my-plugin' }));
  });
});
