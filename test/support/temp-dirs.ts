import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';

/** Creates temporary folders (named `prefix` or the name given), removed after each test (or, `per: 'suite'`, after the suite). */
export function tempDirs({ per = 'test', prefix = 'idah-test-' }: { per?: 'test' | 'suite'; prefix?: string } = {}): { make(name?: string): Promise<string> } {
  const made: string[] = [];
  (per === 'test' ? afterEach : afterAll)(async () => {
    await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  return {
    async make(name = prefix) {
      const dir = await mkdtemp(join(tmpdir(), name));
      made.push(dir);
      return dir;
    },
  };
}
