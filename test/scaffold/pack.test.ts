import { spawn } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cleanEnvironment } from '../cli/support/run-bin.ts';
import { tempFolder } from '../cli/support/run-cli.ts';

const hostRoot = fileURLToPath(new URL('../../', import.meta.url));

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command as a user's shell would: without the variables vitest or an outer npm set. */
function run(command: string, args: string[], cwd: string): Promise<Ran> {
  const env = cleanEnvironment();
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
 * The package installs anywhere: `npm pack` makes a tarball; in a folder outside this checkout
 * its CLI creates a plugin, the plugin (with the tarball installed) passes its own `npm test`
 * and `npm run typecheck`, and the host loads it through --plugins. Slow: it installs from npm.
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
    expect(shipped).toEqual(expect.arrayContaining(['bin/idah-plugin.js', 'runtime/index.ts', 'runtime/testing/index.ts', 'templates/plugin/manifest.json.hbs']));
    expect(shipped.filter((path) => path.startsWith('test/') || path.startsWith('node_modules/'))).toEqual([]);

    // The packed CLI (with its packed templates) creates the plugin.
    const tool = join(outside, 'tool');
    await mkdir(tool);
    expectSuccess(await run('npm', ['init', '-y'], tool), 'npm init');
    expectSuccess(await run('npm', [...INSTALL, tarball], tool), 'npm install (tool)');
    const cli = join(tool, 'node_modules/idah-plugin/bin/idah-plugin.js');
    expectSuccess(await run(process.execPath, [cli, 'create', 'my-plugin', outside, '--yes', '--service', 'sync,media'], tool), 'create');

    const pluginDir = join(outside, 'my-plugin');
    // idah-plugin is not on the registry: the plugin takes it from the tarball.
    expectSuccess(await run('npm', [...INSTALL, tarball], pluginDir), 'npm install (plugin)');
    const manifest = JSON.parse(await readFile(join(pluginDir, 'package.json'), 'utf8'));
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
