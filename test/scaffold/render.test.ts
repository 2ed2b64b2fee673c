import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderPath, renderTemplateFolder } from '../../cli/scaffold/render.ts';
import { scaffoldVariables } from '../../cli/scaffold/variables.ts';
import { tempFolder } from '../cli/support/run-cli.ts';

const variables = scaffoldVariables({
  name: 'my-plugin',
  displayName: `Tom & Jerry's "Boxes"`,
  description: 'Boxes <as> JSON',
  version: '0.0.1',
});

async function templateTree(files: Record<string, string | Buffer>): Promise<string> {
  const root = await tempFolder('idah-templates-');
  for (const [path, contents] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), contents);
  }
  return root;
}

describe('template rendering', () => {
  it('derives the module and file names from the plugin name', () => {
    expect(variables).toMatchObject({ pluginModule: 'MyPlugin', pluginFilename: 'my_plugin' });
  });

  it('fills placeholders in folder names, file names and contents, and drops .hbs', async () => {
    const root = await templateTree({
      '{{pluginFilename}}/{{pluginName}}.ts.hbs': 'export class {{pluginModule}} {}\n',
    });
    expect(await renderTemplateFolder(root, variables, 'backends/sync')).toEqual([
      { path: 'backends/sync/my_plugin/my-plugin.ts', contents: 'export class MyPlugin {}\n' },
    ]);
  });

  it('escapes nothing (noEscape), and quotes text safely with the quote helper', async () => {
    const root = await templateTree({
      'a.md.hbs': '# {{pluginDisplayName}} {{pluginDescription}}\n',
      'b.ts.hbs': 'const name = {{quote pluginDisplayName " Export"}};\n',
    });
    const [markdown, code] = await renderTemplateFolder(root, variables);
    expect(markdown?.contents).toBe(`# Tom & Jerry's "Boxes" Boxes <as> JSON\n`);
    expect(code?.contents).toBe(`const name = "Tom & Jerry's \\"Boxes\\" Export";\n`);
  });

  it('ships _gitignore as .gitignore, and copies files without .hbs byte for byte', async () => {
    const bytes = Buffer.from([0, 255, 123, 123, 1]);
    const root = await templateTree({ '_gitignore.hbs': 'node_modules/\n', 'icon.png': bytes });
    expect(await renderTemplateFolder(root, variables)).toEqual([
      { path: '.gitignore', contents: 'node_modules/\n' },
      { path: 'icon.png', contents: bytes },
    ]);
  });

  it('fails on an unknown placeholder, naming the template (strict)', async () => {
    const root = await templateTree({ 'x.ts.hbs': 'hello {{pluginAuthor}}\n' });
    await expect(renderTemplateFolder(root, variables)).rejects.toThrow(/template x\.ts\.hbs did not render: "pluginAuthor" not defined/);
    expect(() => renderPath('{{nope}}/a.ts', variables)).toThrow(/did not render/);
  });
});
