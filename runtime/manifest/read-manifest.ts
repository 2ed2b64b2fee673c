import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IdahPluginError } from '../errors.ts';
import type { Manifest } from './manifest-schema.ts';
import { parseManifestText } from './parse-manifest.ts';

export const MANIFEST_FILE_NAME = 'manifest.json';

/** Reads and validates `<pluginDir>/manifest.json`. */
export async function readManifest(pluginDir: string): Promise<Manifest> {
  const file = join(pluginDir, MANIFEST_FILE_NAME);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new IdahPluginError('MANIFEST_NOT_FOUND', `expected a ${MANIFEST_FILE_NAME} in ${pluginDir}, found none`, {
        cause,
        details: { file },
      });
    }
    throw new IdahPluginError('MANIFEST_INVALID', `${file} could not be read: ${(cause as Error).message}`, {
      cause,
      details: { file },
    });
  }
  return parseManifestText(text, file);
}
