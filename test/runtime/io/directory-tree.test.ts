import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { containsAnyFile, listTree } from '../../../runtime/io/directory-tree.ts';
import { expectIoError, useTempDirs } from './support.ts';

const tempDir = useTempDirs();

describe('listTree()', () => {
  it('lists files and empty folders, dotfiles included, sorted, with stats', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'b', 'c'), { recursive: true });
    mkdirSync(join(root, 'empty'));
    mkdirSync(join(root, '.git'));
    writeFileSync(join(root, 'b', 'c', 'deep.txt'), 'deep');
    writeFileSync(join(root, '.hidden'), 'h');
    writeFileSync(join(root, 'z.txt'), 'zz');
    const tree = await listTree(root);
    expect(tree.map((entry) => entry.relativePath)).toEqual(['.git', '.hidden', 'b/c/deep.txt', 'empty', 'z.txt']);
    expect(tree.find((entry) => entry.relativePath === 'z.txt')?.stats.size).toBe(2);
    expect(tree.find((entry) => entry.relativePath === 'empty')?.stats.isDirectory()).toBe(true);
    expect(tree[2]?.absolutePath).toBe(join(root, 'b', 'c', 'deep.txt'));
  });

  it('refuses symbolic links, naming where', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'sub'));
    symlinkSync('/etc', join(root, 'sub', 'etc'));
    const error = await expectIoError(() => listTree(root, 'p'), 'IO_MISUSE');
    expect(error.message).toBe('[p] expected only regular files and directories in the output directory, got a symbolic link at sub/etc');
  });

  it('refuses named pipes', async () => {
    const root = tempDir();
    execFileSync('mkfifo', [join(root, 'pipe')]);
    const error = await expectIoError(() => listTree(root), 'IO_MISUSE');
    expect(error.message).toContain('got a named pipe at pipe');
  });
});

describe('containsAnyFile()', () => {
  it('is false for folders of empty folders and true once a file appears deep down', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'a', 'b', 'c'), { recursive: true });
    expect(await containsAnyFile(root)).toBe(false);
    writeFileSync(join(root, 'a', 'b', 'c', '.keep'), '');
    expect(await containsAnyFile(root)).toBe(true);
  });
});
