import { lstatSync, mkdirSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IoContext } from '../../../runtime/io/io-context.ts';
import { expectIoError, newIo, treeOf, useTempDirs } from './support.ts';

const tempDir = useTempDirs();

const ESCAPES = ['..', '../x', 'a/../../x', '/tmp/x', '/etc/passwd', 'a\0b', ''];

/** Every io call that takes a relative path or a name, each on a fresh io. */
const CALLS: Array<[string, (io: IoContext, path: string) => unknown]> = [
  ['resolve', (io, path) => io.resolve(path)],
  ['writeFile', (io, path) => io.writeFile(path, 'x')],
  ['file name', (io, path) => io.file({ name: path, format: 'json' })],
  ['zip name', (io, path) => io.zipDirectory({ name: path })],
  ['tempPath', (io, path) => io.tempPath(path)],
  [
    'useFile name',
    (io, path) => {
      const scratch = io.tempPath('x.json');
      writeFileSync(scratch, '1');
      return io.useFile(scratch, { name: path });
    },
  ],
];

/** The io area's own folders: the only places a call may create something in. */
const AREA_FOLDERS = ['directory', 'file', 'zip', 'scratch'];

/** Where `path` lands taken from the io area or any folder in it: the places an escape would reach. */
function escapeTargets(areaRoot: string, path: string): string[] {
  if (path === '' || path.includes('\0')) return [];
  if (isAbsolute(path)) return [path];
  const bases = [areaRoot, ...AREA_FOLDERS.map((folder) => join(areaRoot, folder)), join(areaRoot, 'scratch', '1'), join(areaRoot, 'scratch', '2')];
  const ownFolders = AREA_FOLDERS.map((folder) => join(areaRoot, folder));
  const isOwn = (target: string) => ownFolders.some((folder) => target === folder || target.startsWith(`${folder}/`));
  // An escape from scratch/1 to scratch is still inside the io's own folders: the tree check covers those.
  return [...new Set(bases.map((base) => resolve(base, path)))].filter((target) => !isOwn(target));
}

/** What is at `path` now: a folder (its new entries are the tree check's), a file with its size, inode and mtime, or "absent". */
function stateOf(path: string): string {
  try {
    const stats = lstatSync(path);
    return stats.isDirectory() ? `folder ${stats.ino}` : `file ${stats.size} ${stats.ino} ${stats.mtimeMs}`;
  } catch {
    return 'absent';
  }
}

describe('paths given to io never leave it', () => {
  for (const [label, call] of CALLS) {
    it.each(ESCAPES)(`${label}: rejects %j with IO_PATH_INVALID and nothing appears where it points`, async (path) => {
      // The io area sits two folders deep, so even "../x" from its root lands inside `root`, watched.
      const root = tempDir();
      const areaParent = join(root, 'sandbox');
      mkdirSync(areaParent);
      const io = newIo(areaParent);
      const areaRoot = join(areaParent, 'io-area');
      const targets = escapeTargets(areaRoot, path);
      const before = new Map(targets.map((target) => [target, stateOf(target)]));
      const treeBefore = treeOf(root);

      const error = await expectIoError(() => call(io, path), 'IO_PATH_INVALID');
      expect(error.message).toMatch(/expected .*, got /);
      expect(error.plugin).toBe('test-plugin');
      expect(new Map(targets.map((target) => [target, stateOf(target)]))).toEqual(before);
      const appeared = treeOf(root).filter((entry) => !treeBefore.includes(entry));
      const inAreaFolders = new RegExp(`^sandbox/io-area/(${AREA_FOLDERS.join('|')})/`);
      expect(appeared.filter((entry) => !inAreaFolders.test(entry))).toEqual([]);
    });
  }

  it('says what was expected and what came', async () => {
    const io = newIo(tempDir());
    const error = await expectIoError(() => io.writeFile('a/../../x', 'x'), 'IO_PATH_INVALID');
    expect(error.message).toBe(
      '[test-plugin] io.writeFile() expected a relative path inside the output directory, got "a/../../x", which climbs out of it',
    );
  });

  it('rejects a name with "/" where a plain name is expected', async () => {
    const io = newIo(tempDir());
    const error = await expectIoError(() => io.file({ name: 'dir/out.json' }), 'IO_PATH_INVALID');
    expect(error.message).toContain('expected a plain file name such as "annotations.json", got "dir/out.json", which contains "/"');
  });
});
