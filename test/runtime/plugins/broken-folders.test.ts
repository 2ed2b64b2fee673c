import { execFile } from 'node:child_process';
import { chmod, mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMediaProcessors } from '../../../runtime/media/load-media-processors.ts';
import { loadHost } from '../../../runtime/plugins/host.ts';
import { runCli } from '../../cli/support/run-cli.ts';
import { manifestText, recordingLogger, temporaryDir, writeTree } from './support/fixtures.ts';

const run = promisify(execFile);
const REPO = join(import.meta.dirname, '../../..');
const NOBODY = 65534;

describe('plugin folders that cannot load are reported, none ignored in silence', () => {
  let temporary: Awaited<ReturnType<typeof temporaryDir>>;
  let plugins: string;
  const at = (...segments: string[]) => join(plugins, ...segments);

  beforeAll(async () => {
    temporary = await temporaryDir();
    // Readable to the other user the unreadable-folder check runs as.
    await chmod(temporary.dir, 0o755);
    plugins = join(temporary.dir, 'plugins');
    await writeTree(plugins, {
      'good/manifest.json': manifestText('good'),
      'no-manifest/backends/sync/thing/sync.ts': 'export class Sync { static init() {} }',
      'pkg-only/package.json': '{"name": "pkg-only"}',
      'group/nested-no-manifest/backends/README.md': '',
      'notes/readme.md': 'a plain folder is searched, not reported',
      'locked/manifest.json': manifestText('locked'),
      'stray-file.txt': 'loose files are not plugins',
    });
    await mkdir(at('manifest-dir', 'manifest.json'), { recursive: true });
    await symlink(at('loop'), at('loop'));
    await symlink(at('good'), at('linked-good'));
    await chmod(at('locked'), 0o000);
  });
  afterAll(async () => {
    await chmod(at('locked'), 0o755);
    await temporary.remove();
  });

  it('reports a missing manifest beside backends/ or package.json, a manifest.json folder and a symlink loop; the others load', async () => {
    const { logger, entries } = recordingLogger();
    const { report } = await loadHost({ pluginPaths: plugins, includeBundled: false, logger });
    const failures = report.failures.map(({ plugin, code, message }) => ({ plugin, code, message }));
    expect(failures).toEqual(
      expect.arrayContaining([
        { plugin: 'no-manifest', code: 'MANIFEST_NOT_FOUND', message: `${at('no-manifest')} has backends but no manifest.json; expected a plugin folder with its manifest` },
        { plugin: 'pkg-only', code: 'MANIFEST_NOT_FOUND', message: `${at('pkg-only')} has package.json but no manifest.json; expected a plugin folder with its manifest` },
        { plugin: 'nested-no-manifest', code: 'MANIFEST_NOT_FOUND', message: expect.stringContaining('nested-no-manifest has backends but no manifest.json') },
        { plugin: 'manifest-dir', code: 'MANIFEST_INVALID', message: `${at('manifest-dir', 'manifest.json')} is a directory; expected a JSON file` },
        { plugin: 'loop', code: 'PLUGIN_LOAD_FAILED', message: `${at('loop')} is a symlink loop; expected a plugin folder` },
      ]),
    );
    expect(failures.map((failure) => failure.plugin).sort()).toEqual(
      [...(process.getuid?.() === 0 ? [] : ['locked']), 'loop', 'manifest-dir', 'nested-no-manifest', 'no-manifest', 'pkg-only'].sort(),
    );
    // The good ones are frontend-only fixtures: read, and skipped for having no backend.
    const read = new Set(report.skipped.map((skipped) => skipped.plugin));
    expect([...read].sort()).toEqual(process.getuid?.() === 0 ? ['good', 'locked'] : ['good']);
    expect(entries.filter((entry) => entry.level === 'error').map((entry) => entry.message)).toContainEqual(
      expect.stringContaining('plugin "loop" failed to load (PLUGIN_LOAD_FAILED)'),
    );
  });

  it('one level (`*`) reports only the folders at that level; a plugin path that is a symlink loop is reported', async () => {
    const { report } = await loadHost({ pluginPaths: [`${plugins}/*`, at('loop')], includeBundled: false, logger: recordingLogger().logger });
    const names = report.failures.map((failure) => failure.plugin);
    expect(names).not.toContain('nested-no-manifest');
    expect(names.filter((name) => name === 'loop')).toHaveLength(1);
    expect(names).toContain('no-manifest');
  });

  it('reports a folder it cannot read, checked as an unprivileged user (root reads any folder)', async () => {
    const script = join(REPO, 'test/runtime/plugins/support/discover-in-child.ts');
    const command = ['node', join(REPO, 'bin/run-ts.js'), script, plugins];
    const asOther = process.getuid?.() === 0 ? ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', ...command] : command;
    const { stdout } = await run(asOther[0]!, asOther.slice(1), { cwd: REPO, env: { ...process.env, HOME: temporary.dir }, timeout: 60_000 });
    const discovery = JSON.parse(stdout);
    expect(discovery.uid).not.toBe(0);
    expect(discovery.pluginDirs).toEqual([at('good'), at('linked-good')]);
    expect(discovery.failures).toContainEqual({
      dir: at('locked'),
      code: 'PLUGIN_LOAD_FAILED',
      message: `the folder ${at('locked')} cannot be read (EACCES); expected a readable plugin folder`,
    });
  }, 90_000);

  it('formats lists them with the plugins that failed to load', async () => {
    const listed = await runCli(['formats', '--plugins', plugins, '--json'], { cwd: temporary.dir });
    expect(listed.exitCode).toBe(0);
    const failures = JSON.parse(listed.stdout).failures.map((failure: { plugin: string }) => failure.plugin);
    expect(failures).toEqual(expect.arrayContaining(['loop', 'manifest-dir', 'nested-no-manifest', 'no-manifest', 'pkg-only']));
  });

  it('the media host reports them too', async () => {
    const { failures } = await loadMediaProcessors({ pluginPaths: plugins, includeBundled: false });
    expect(failures.map((failure) => failure.plugin)).toEqual(expect.arrayContaining(['loop', 'manifest-dir', 'nested-no-manifest', 'no-manifest', 'pkg-only']));
  });
});
