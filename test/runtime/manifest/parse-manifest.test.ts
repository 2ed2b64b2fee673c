import { describe, expect, it } from 'vitest';
import { IdahPluginError } from '../../../runtime/errors.ts';
import { parseManifest, parseManifestText } from '../../../runtime/manifest/parse-manifest.ts';

const FILE = '/plugins/demo/manifest.json';

function validManifest(): Record<string, unknown> {
  return {
    type: 'idah-plugin',
    name: 'my-plugin',
    version: '0.0.1',
    title: 'My Plugin',
    entryPoints: { backend: { module: 'MyPlugin', path: 'backends' } },
  };
}

/** The problems a manifest has, as listed in its MANIFEST_INVALID error. */
function problemsOf(json: unknown): string[] {
  try {
    parseManifest(json, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(IdahPluginError);
    expect((error as IdahPluginError).code).toBe('MANIFEST_INVALID');
    expect((error as IdahPluginError).message).toContain(FILE);
    return (error as IdahPluginError).details?.problems as string[];
  }
  throw new Error('expected the manifest to be rejected, but it was accepted');
}

describe('parseManifest', () => {
  it('accepts a minimal manifest and fills in the default description', () => {
    const manifest = parseManifest(validManifest(), FILE);
    expect(manifest.description).toBe('no description provided');
    expect(manifest.entryPoints.backend).toEqual({ module: 'MyPlugin', path: 'backends' });
  });

  it('accepts every documented optional field', () => {
    const manifest = parseManifest(
      {
        ...validManifest(),
        description: 'Exports boxes.',
        modalities: [
          {
            id: 'idah-image',
            label: 'Image',
            description: 'Still images',
            shapes: { 'bounding-box': { label: 'Box', icon: 'square' }, polygon: { label: 'Polygon' } },
          },
        ],
        repository: { type: 'git', url: 'https://example.com/my-plugin.git' },
        entryPoints: {
          entryPlugin: { script: 'dist/plugin.js', style: 'dist/plugin.css' },
          entryDetails: { script: 'dist/details.js' },
          datasetConfig: { script: 'dist/config.js' },
          pluginShortcut: 'dist/shortcut.js',
          assetsDirectory: 'assets',
        },
      },
      FILE,
    );
    expect(manifest.description).toBe('Exports boxes.');
    expect(manifest.modalities?.[0]?.shapes?.['bounding-box']).toEqual({ label: 'Box', icon: 'square' });
    expect(manifest.entryPoints.backend).toBeUndefined();
  });

  it('keeps unknown fields, at the top and nested', () => {
    const manifest = parseManifest(
      { ...validManifest(), homepage: 'https://example.com', entryPoints: { backend: { module: 'M', path: 'b', runtime: 'node' } } },
      FILE,
    ) as Record<string, unknown>;
    expect(manifest.homepage).toBe('https://example.com');
    expect(manifest.entryPoints).toEqual({ backend: { module: 'M', path: 'b', runtime: 'node' } });
  });

  it.each(['type', 'name', 'version', 'title', 'entryPoints'])('requires %s', (field) => {
    const json = validManifest();
    delete json[field];
    const expected = field === 'type' ? 'expected "idah-plugin"' : field === 'entryPoints' ? 'expected an object' : 'expected a string';
    expect(problemsOf(json)).toEqual([`${field}: ${expected}, found nothing (the field is missing)`]);
  });

  it('states what was expected and what came, with the nested field path', () => {
    const json = { ...validManifest(), entryPoints: { backend: { module: 3, path: 'backends' } } };
    expect(problemsOf(json)).toEqual(['entryPoints.backend.module: expected a string, found number 3']);
  });

  it('reports every problem at once, not just the first', () => {
    const problems = problemsOf({
      type: 'plugin',
      name: 'My Plugin',
      version: 2,
      entryPoints: { backend: {}, entryPlugin: { script: false } },
      modalities: [{ label: 'no id' }, { id: 'video', shapes: { 'bounding-box': { icon: 'x' } } }],
      description: null,
    });
    expect(problems).toEqual([
      'type: expected "idah-plugin", found string "plugin"',
      'name: expected a kebab-case name starting with a letter (e.g. "my-plugin"), found string "My Plugin"',
      'version: expected a string, found number 2',
      'title: expected a string, found nothing (the field is missing)',
      'description: expected a string, found null',
      'modalities[0].id: expected a string, found nothing (the field is missing)',
      'modalities[1].shapes["bounding-box"].label: expected a string, found nothing (the field is missing)',
      'entryPoints.entryPlugin.script: expected a string, found boolean false',
      'entryPoints.backend.module: expected a string, found nothing (the field is missing)',
      'entryPoints.backend.path: expected a string, found nothing (the field is missing)',
    ]);
  });

  it('puts the problem count and every line in the message', () => {
    expect(() => parseManifest({ ...validManifest(), title: '', version: '' }, FILE)).toThrow(
      `${FILE} is not a valid plugin manifest (2 problems):\n  - version: expected a non-empty string, found string ""\n  - title: expected a non-empty string, found string ""`,
    );
  });

  it.each([
    ['my-plugin', true],
    ['coco2', true],
    ['a', true],
    ['My-plugin', false],
    ['2d-boxes', false],
    ['my_plugin', false],
    ['my--plugin', false],
    ['my-plugin-', false],
  ])('plugin name %j is valid: %s', (name, valid) => {
    const accept = () => parseManifest({ ...validManifest(), name }, FILE);
    if (valid) expect(accept().name).toBe(name);
    else expect(accept).toThrow(/name: expected a kebab-case name/);
  });

  it.each([
    ['MyPlugin', true],
    ['Coco_2', true],
    ['my-plugin', false],
    ['2Plugin', false],
    ['My::Plugin', false],
    ['', false],
  ])('backend module %j is valid: %s', (module, valid) => {
    const accept = () => parseManifest({ ...validManifest(), entryPoints: { backend: { module, path: 'backends' } } }, FILE);
    if (valid) expect(accept().entryPoints.backend?.module).toBe(module);
    else expect(accept).toThrow(/entryPoints\.backend\.module: expected a module name .*\(e\.g\. "MyPlugin"\)/);
  });

  it.each(['/etc', '../elsewhere', 'backends/../../x', 'C:/plugins'])('rejects backend path %j outside the plugin folder', (path) => {
    expect(problemsOf({ ...validManifest(), entryPoints: { backend: { module: 'M', path } } })).toEqual([
      `entryPoints.backend.path: expected a relative path inside the plugin folder (e.g. "backends"), found string ${JSON.stringify(path)}`,
    ]);
  });

  it('rejects a manifest that is not an object', () => {
    expect(problemsOf([1, 2])).toEqual(['(the whole file): expected an object, found an array of 2']);
  });
});

describe('parseManifestText', () => {
  it('parses JSON text, tolerating a byte order mark', () => {
    expect(parseManifestText(`\uFEFF${JSON.stringify(validManifest())}`, FILE).name).toBe('my-plugin');
  });

  it('says the text is not JSON, with line and column', () => {
    const text = '{\n  "type": "idah-plugin",\n  "name": "x"\n  "version": "1"\n}';
    expect(() => parseManifestText(text, FILE)).toThrow(
      `${FILE} is not valid JSON: expected ',' or '}' after the property value, found "\\"" at line 4, column 3 (offset 43)`,
    );
  });

  it('gives JSON syntax errors the MANIFEST_INVALID code and keeps the parser error as cause', () => {
    try {
      parseManifestText('{"name": }', FILE);
      expect.unreachable();
    } catch (error) {
      expect((error as IdahPluginError).code).toBe('MANIFEST_INVALID');
      expect((error as IdahPluginError).cause).toBeInstanceOf(SyntaxError);
      expect((error as IdahPluginError).message).toMatch(/expected a value .* found "}" at line 1, column 10/);
    }
  });
});
