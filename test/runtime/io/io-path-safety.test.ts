import { writeFileSync } from 'node:fs';
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

describe('paths given to io never leave it', () => {
  for (const [label, call] of CALLS) {
    it.each(ESCAPES)(`${label}: rejects %j with IO_PATH_INVALID and writes nothing outside`, async (path) => {
      const root = tempDir();
      const io = newIo(root);
      const error = await expectIoError(() => call(io, path), 'IO_PATH_INVALID');
      expect(error.message).toMatch(/expected .*, got /);
      expect(error.plugin).toBe('test-plugin');
      expect(treeOf(root).every((entry) => entry.startsWith('io-area/'))).toBe(true);
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
