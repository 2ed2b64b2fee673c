import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';

/** Creates temporary folders, removed after each test (or, `per: 'suite'`, after the suite). */
export function tempDirs({ per = 'test' }: { per?: 'test' | 'suite' } = {}): { make(): Promise<string> } {
  const made: string[] = [];
  (per === 'test' ? afterEach : afterAll)(async () => {
    await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  return {
    async make() {
      const dir = await mkdtemp(join(tmpdir(), 'idah-upd-test-'));
      made.push(dir);
      return dir;
    },
  };
}

export async function sha256OfFile(path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex');
}

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
