import { constants } from 'node:fs';
import { access, mkdtemp, rmdir, stat, statfs } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { IdahPluginError } from '../runtime/errors.ts';

/** Kernel file systems (statfs magic numbers) that hold no files a person could keep. */
const VIRTUAL_FILE_SYSTEMS = new Map<number, string>([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0x1cd1, 'devpts'],
  [0xcafe4a11, 'bpf'],
  [0x6165676c, 'pstore'],
  [0x62656570, 'configfs'],
  [0xde5e81e4, 'efivarfs'],
]);
/** Folders of kernel interfaces and devices, refused by path too (a bind mount hides the magic number). */
const SYSTEM_FOLDERS = ['/proc', '/sys', '/dev'];

const usage = (flag: string, message: string) => new IdahPluginError('USAGE', `${flag}: ${message}`);
const codeOf = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code ?? String(error);

/**
 * Checks, before any data is read, that `path` is (or can become) a folder this process can
 * write outputs into: not a file, not under /proc, /sys or /dev, not on a read-only or kernel
 * file system, and writable by this user. A probe folder proves the last two and is removed
 * at once; nothing else is created. Every refusal is a USAGE error naming the flag.
 */
export async function checkOutDir(path: string, flag = '--out'): Promise<void> {
  const target = resolve(path);
  const system = SYSTEM_FOLDERS.find((folder) => target === folder || target.startsWith(`${folder}/`));
  if (system) throw usage(flag, `expected a folder for the output, got ${target}, which is under ${system} (kernel and device files, not a place for files to keep)`);
  const existing = await nearestExisting(target, flag);
  if (existing === target && !(await stat(target)).isDirectory()) {
    throw usage(flag, `expected a folder for the output, got ${target}, which is a file (choose a folder; outputs get their own names inside it)`);
  }
  if (!(await stat(existing)).isDirectory()) {
    throw usage(flag, `expected a folder for the output, got ${target}, but ${existing} is a file, so no folder can be made there`);
  }
  const kind = VIRTUAL_FILE_SYSTEMS.get(Number((await statfs(existing)).type));
  if (kind) throw usage(flag, `expected a folder on a disk, got ${target}, which is on the ${kind} kernel file system`);
  await probeWritable(existing, target, flag);
}

/** `path` itself when it exists, else its closest ancestor that does. */
async function nearestExisting(path: string, flag: string): Promise<string> {
  for (let current = path; ; current = dirname(current)) {
    try {
      await stat(current);
      return current;
    } catch (error) {
      const code = codeOf(error);
      if (code === 'ENOTDIR') continue;
      if (code !== 'ENOENT') throw usage(flag, `expected a folder this user can write, got ${path}, but ${current} cannot be read (${code})`);
    }
    if (dirname(current) === current) return current;
  }
}

async function probeWritable(existing: string, target: string, flag: string): Promise<void> {
  const where = existing === target ? target : `${target} (it would be made inside ${existing})`;
  try {
    await access(existing, constants.W_OK | constants.X_OK);
    await rmdir(await mkdtemp(join(existing, '.idah-out-check-')));
  } catch (error) {
    const code = codeOf(error);
    const why = code === 'EROFS' ? 'a read-only file system' : code === 'EACCES' || code === 'EPERM' ? 'not writable by this user' : `not writable (${code})`;
    throw usage(flag, `expected a folder this user can write, got ${where}: ${why}`);
  }
}
