import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IdahPluginError } from '../../../runtime/errors.ts';
import { readManifest } from '../../../runtime/manifest/read-manifest.ts';
import { fixturePlugin, manifestText, temporaryDir, writeTree } from '../plugins/support/fixtures.ts';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(IdahPluginError);
    return (error as IdahPluginError).code;
  }
  throw new Error('expected readManifest to fail, but it succeeded');
}

describe('readManifest', () => {
  let temporary: Awaited<ReturnType<typeof temporaryDir>>;
  beforeEach(async () => {
    temporary = await temporaryDir();
  });
  afterEach(() => temporary.remove());

  it('reads and validates a plugin folder manifest', async () => {
    const manifest = await readManifest(fixturePlugin('good-image'));
    expect(manifest).toMatchObject({ name: 'good-image', title: 'Good Image', entryPoints: { backend: { module: 'GoodImage' } } });
    expect(manifest.modalities?.map((modality) => modality.id)).toEqual(['image', 'video']);
  });

  it('fails with MANIFEST_NOT_FOUND naming the folder when there is no manifest.json', async () => {
    const promise = readManifest(temporary.dir);
    await expect(promise).rejects.toThrow(`expected a manifest.json in ${temporary.dir}, found none`);
    expect(await codeOf(readManifest(temporary.dir))).toBe('MANIFEST_NOT_FOUND');
  });

  it('fails with MANIFEST_NOT_FOUND when the folder itself does not exist', async () => {
    expect(await codeOf(readManifest(join(temporary.dir, 'missing')))).toBe('MANIFEST_NOT_FOUND');
  });

  it('fails with MANIFEST_INVALID naming the file, line and column on bad JSON', async () => {
    await writeTree(temporary.dir, { 'manifest.json': '{\n  "name": "x",\n}\n' });
    const file = join(temporary.dir, 'manifest.json');
    await expect(readManifest(temporary.dir)).rejects.toThrow(
      `${file} is not valid JSON: expected a double-quoted property name, found "}" at line 3, column 1`,
    );
    expect(await codeOf(readManifest(temporary.dir))).toBe('MANIFEST_INVALID');
  });

  it('fails with MANIFEST_INVALID when manifest.json is a folder', async () => {
    await writeTree(temporary.dir, { 'manifest.json/inner.txt': '' });
    expect(await codeOf(readManifest(temporary.dir))).toBe('MANIFEST_INVALID');
  });

  it('lists every schema problem of a file on disk', async () => {
    await writeTree(temporary.dir, { 'manifest.json': JSON.stringify({ ...JSON.parse(manifestText('ok')), version: 1, title: [] }) });
    await expect(readManifest(temporary.dir)).rejects.toThrow(
      /version: expected a string, found number 1\n {2}- title: expected a string, found an empty array/,
    );
  });
});
