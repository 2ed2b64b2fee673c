import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../cli/scaffold/apply.ts';
import type { ChangeSet } from '../../cli/scaffold/change-set.ts';
import { planChanges } from '../../cli/scaffold/plan.ts';
import { tempFolder } from '../cli/support/run-cli.ts';

const changes: ChangeSet = [
  { path: 'a.txt', contents: 'a\n' },
  { path: 'deep/er/b.txt', contents: 'b\n' },
  { path: 'z/c.txt', contents: 'c\n' },
];

const actions = (plan: Awaited<ReturnType<typeof planChanges>>) => plan.changes.map((change) => [change.path, change.action]);

describe('planning a change set', () => {
  it('reads the disk and writes nothing', async () => {
    const root = await tempFolder();
    await writeFile(join(root, 'a.txt'), 'a\n');
    await mkdir(join(root, 'z'));
    await writeFile(join(root, 'z/c.txt'), 'changed\n');
    const plan = await planChanges(changes, root, { force: false });
    expect(actions(plan)).toEqual([
      ['a.txt', 'identical'],
      ['deep/er/b.txt', 'create'],
      ['z/c.txt', 'conflict'],
    ]);
    expect((await readdir(root)).sort()).toEqual(['a.txt', 'z']);
  });

  it('turns conflicts into overwrites with force, and intended changes into updates', async () => {
    const root = await tempFolder();
    await writeFile(join(root, 'a.txt'), 'old\n');
    await writeFile(join(root, 'm.json'), '{}\n');
    const plan = await planChanges(
      [
        { path: 'a.txt', contents: 'a\n' },
        { path: 'm.json', contents: '{"x":1}\n', whenDifferent: 'update' },
      ],
      root,
      { force: true },
    );
    expect(actions(plan)).toEqual([
      ['a.txt', 'overwrite'],
      ['m.json', 'update'],
    ]);
  });

  it('blocks a file where a folder must go, and a folder where a file must go, even with force', async () => {
    const root = await tempFolder();
    await writeFile(join(root, 'deep'), 'a file\n');
    await mkdir(join(root, 'a.txt'));
    const plan = await planChanges(changes, root, { force: true });
    expect(actions(plan)).toEqual([
      ['a.txt', 'blocked'],
      ['deep/er/b.txt', 'blocked'],
      ['z/c.txt', 'create'],
    ]);
    await expect(applyPlan(plan)).rejects.toThrow('refusing to write: 2 file(s) in the way (a.txt, deep/er/b.txt)');
    expect((await readdir(root)).sort()).toEqual(['a.txt', 'deep']);
  });
});

describe('applying a plan', () => {
  it('writes creations, making folders', async () => {
    const root = join(await tempFolder(), 'new-plugin');
    await applyPlan(await planChanges(changes, root, { force: false }));
    expect(await readFile(join(root, 'deep/er/b.txt'), 'utf8')).toBe('b\n');
  });

  it('undoes everything it did when a write fails mid-way', async () => {
    const parent = await tempFolder();
    const root = join(parent, 'new-plugin');
    await mkdir(root);
    await writeFile(join(root, 'a.txt'), 'mine\n');
    const plan = await planChanges(changes, root, { force: true });
    // Between planning and writing, something takes the last file's place: its write fails.
    await mkdir(join(root, 'z/c.txt'), { recursive: true });

    await expect(applyPlan(plan)).rejects.toThrow(/writing z\/c\.txt failed \(.*EISDIR.*\); everything this run wrote was removed/);
    expect(await readFile(join(root, 'a.txt'), 'utf8')).toBe('mine\n');
    expect((await readdir(root)).sort()).toEqual(['a.txt', 'z']);
    expect(await readdir(join(root, 'z'))).toEqual(['c.txt']);
  });

  it('removes the folders it created, up to the plugin folder itself', async () => {
    const parent = await tempFolder();
    const root = join(parent, 'new-plugin');
    const plan = await planChanges(changes, root, { force: false });
    await mkdir(root);
    await mkdir(join(root, 'z/c.txt'), { recursive: true });
    await expect(applyPlan(plan)).rejects.toThrow(/everything this run wrote was removed/);
    expect((await readdir(root)).sort()).toEqual(['z']);
  });
});
