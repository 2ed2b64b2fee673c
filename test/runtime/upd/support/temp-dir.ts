import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';

export { tempDirs } from '../../../support/temp-dirs.ts';

export async function sha256OfFile(path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex');
}

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
