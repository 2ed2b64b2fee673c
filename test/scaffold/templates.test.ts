import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newPluginChanges } from '../../cli/scaffold/plugin-changes.ts';
import { backendServices } from '../../cli/scaffold/templates.ts';
import { scaffoldVariables } from '../../cli/scaffold/variables.ts';

const hostFile = async (path: string) => JSON.parse(await readFile(new URL(`../../${path}`, import.meta.url), 'utf8'));

async function generated(path: string, services: string[] = ['sync', 'media']): Promise<string> {
  const variables = scaffoldVariables({ name: 'my-plugin', displayName: 'My Plugin', description: 'd', version: '0.0.1' });
  const change = (await newPluginChanges(variables, services)).find((candidate) => candidate.path === path);
  if (!change) throw new Error(`expected the plugin template to generate ${path}`);
  return String(change.contents);
}

describe('the plugin template', () => {
  it('offers the sync and media backends', () => {
    expect(backendServices().map((service) => service.id)).toEqual(['sync', 'media']);
  });

  it("pins its dev tools to the host's versions, and depends on this host's version", async () => {
    const host = await hostFile('package.json');
    const plugin = JSON.parse(await generated('package.json'));
    const tools = ['@types/node', 'typescript', 'vitest'];
    expect(Object.keys(plugin.devDependencies).sort()).toEqual(tools);
    expect(plugin.devDependencies).toEqual(Object.fromEntries(tools.map((tool) => [tool, host.devDependencies[tool] ?? host.dependencies[tool]])));
    expect(plugin.dependencies).toEqual({ 'idah-plugin': `^${host.version}` });
  });

  it("sets every compiler option as the host does (the host's sources compile under it)", async () => {
    const host = await hostFile('tsconfig.json');
    const plugin = JSON.parse(await generated('tsconfig.json'));
    const options = Object.keys(plugin.compilerOptions);
    expect(options.length).toBeGreaterThanOrEqual(10);
    expect(plugin.compilerOptions).toEqual(Object.fromEntries(options.map((option) => [option, host.compilerOptions[option]])));
    const strictness = ['strict', 'noUncheckedIndexedAccess', 'verbatimModuleSyntax', 'allowImportingTsExtensions', 'module'];
    for (const option of strictness) expect(plugin.compilerOptions, option).toHaveProperty(option);
  });

  it('makes vitest transform idah-plugin, which ships TypeScript', async () => {
    expect(await generated('vitest.config.ts')).toContain("server: { deps: { inline: ['idah-plugin'] } }");
  });

  it('documents how to test and run the plugin in its README', async () => {
    const readme = await generated('README.md');
    for (const command of ['npm test', 'npx idah-plugin test .', 'npx idah-plugin export my-plugin']) {
      expect(readme).toContain(command);
    }
    expect(readme).toContain('context.io.file(');
  });
});

it('the template folder has no file without the .hbs suffix (none would be picked up by tools)', async () => {
  const root = new URL('../../templates/', import.meta.url);
  const files = (await readdir(root, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
  expect(files.length).toBeGreaterThan(10);
  expect(files.filter((entry) => !entry.name.endsWith('.hbs')).map((entry) => join(entry.parentPath, entry.name))).toEqual([]);
});
