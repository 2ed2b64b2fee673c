import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { type Destination, parseDestination } from '../runtime/destinations/destination-schema.ts';
import { IdahPluginError, isIdahPluginError } from '../runtime/errors.ts';

/**
 * `--destination`: a JSON object, or a file holding one. A `local` folder given relative is
 * taken from the current folder. Any problem is a usage error naming the field.
 */
export async function destinationFromFlag(value: string, cwd: string): Promise<Destination> {
  let text = value;
  if (!value.trim().startsWith('{')) {
    try {
      text = await readFile(resolve(cwd, value), 'utf8');
    } catch (error) {
      throw new IdahPluginError('USAGE', `--destination: expected a JSON object or a file holding one; ${value} cannot be read (${(error as Error).message})`);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new IdahPluginError('USAGE', `--destination: expected a JSON object, ${(error as Error).message}`);
  }
  if (typeof parsed === 'object' && parsed !== null && (parsed as { type?: unknown }).type === 'local') {
    const path = (parsed as { path?: unknown }).path;
    if (typeof path === 'string' && path && !isAbsolute(path)) parsed = { ...parsed, path: resolve(cwd, path) };
  }
  try {
    return parseDestination(parsed, { field: '--destination', pointer: '' });
  } catch (error) {
    if (isIdahPluginError(error)) throw new IdahPluginError('USAGE', error.message);
    throw error;
  }
}
