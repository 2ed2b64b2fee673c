import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { containsAnyFile } from '../../../runtime/io/directory-tree.ts';
import { useTempDirs } from './support.ts';

const tempDir = useTempDirs();

describe('containsAnyFile()', () => {
  it('is false for folders of empty folders and true once a file appears deep down', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'a', 'b', 'c'), { recursive: true });
    expect(await containsAnyFile(root)).toBe(false);
    writeFileSync(join(root, 'a', 'b', 'c', '.keep'), '');
    expect(await containsAnyFile(root)).toBe(true);
  });
});
