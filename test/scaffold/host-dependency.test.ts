import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageVersion } from '../../cli/package-info.ts';
import { hostDependencySpec } from '../../cli/scaffold/host-dependency.ts';
import { tempFolder } from '../cli/support/run-cli.ts';

/** A project with the host installed in its node_modules, as npm records it. */
async function projectWithHost(resolved: string): Promise<string> {
  const project = await tempFolder('idah-host-dep-');
  const host = join(project, 'node_modules', 'idah-plugin');
  await mkdir(host, { recursive: true });
  const lock = { packages: { 'node_modules/idah-plugin': { version: packageVersion(), resolved } } };
  await writeFile(join(project, 'node_modules', '.package-lock.json'), JSON.stringify(lock));
  return host;
}

describe('the host dependency of a new plugin', () => {
  it('is the version range when the host came from a registry', async () => {
    const host = await projectWithHost('https://registry.npmjs.org/idah-plugin/-/idah-plugin-0.1.0.tgz');
    expect(hostDependencySpec('/somewhere/my-plugin', host)).toBe(`^${packageVersion()}`);
  });

  it('is a file: path from the plugin to the host when it came from a tarball', async () => {
    const host = await projectWithHost('file:../idah-plugin-0.1.0.tgz');
    const pluginDir = join(host, '..', '..', '..', 'my-plugin');
    const spec = hostDependencySpec(pluginDir, host);
    expect(spec).toMatch(/^file:\.\.\//);
    expect(resolve(pluginDir, spec.slice('file:'.length))).toBe(resolve(host));
  });

  it('is a file: path to a checkout, even one inside the plugin\'s parent', async () => {
    const checkout = await tempFolder('idah-host-dep-');
    expect(hostDependencySpec(join(checkout, 'my-plugin'), checkout)).toBe('file:..');
    expect(hostDependencySpec(checkout, join(checkout, 'host'))).toBe('file:./host');
  });
});
