import { constants, createReadStream } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { describeThrown } from '../../errors.ts';
import { mediaReadFailed, mediaRefused } from './media-access.ts';

/** Kernel and device file systems: never media, whatever the root. */
const SYSTEM_FOLDERS = ['/proc', '/sys', '/dev'];

const isInside = (folder: string, path: string): boolean => {
  const rest = relative(folder, path);
  return rest === '' || (!rest.startsWith(`..${sep}`) && rest !== '..' && !isAbsolute(rest));
};

const describeKind = (stats: { isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }) =>
  stats.isDirectory()
    ? 'a directory'
    : stats.isFIFO()
      ? 'a FIFO'
      : stats.isCharacterDevice() || stats.isBlockDevice()
        ? 'a device file'
        : stats.isSocket()
          ? 'a socket'
          : 'not a regular file';

/**
 * Opens a media file only when it is a regular file inside `root` once every symlink is
 * followed, and not under /proc, /sys or /dev. The type is checked on the opened descriptor
 * (opened non-blocking, so a FIFO cannot hang the open), so what is checked is what is read.
 */
export async function openContainedFile(path: string, root: string, media: string, url: string): Promise<Readable> {
  const wanted = resolve(path);
  const realRoot = await realpath(root).catch(() => resolve(root));
  const refuse = (problem: string) => mediaRefused(media, url, `${problem}; expected a regular file inside the media root ${realRoot}`);
  if (SYSTEM_FOLDERS.some((folder) => isInside(folder, wanted))) throw refuse(`${wanted} is a system path`);
  if (!isInside(resolve(root), wanted) && !isInside(realRoot, wanted)) throw refuse(`${wanted} is outside the media root`);
  let real: string;
  try {
    real = await realpath(wanted);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw refuse(`${wanted} is a symlink loop`);
    throw mediaReadFailed(media, url, `expected a readable file at ${wanted}: ${describeThrown(error)}`, error);
  }
  if (SYSTEM_FOLDERS.some((folder) => isInside(folder, real))) throw refuse(`${wanted} leads to the system path ${real}`);
  if (!isInside(realRoot, real)) throw refuse(`${wanted} is a symlink leading out of the media root (to ${real})`);
  let handle;
  try {
    handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    throw mediaReadFailed(media, url, `expected a readable file at ${wanted}: ${describeThrown(error)}`, error);
  }
  const stats = await handle.stat();
  if (!stats.isFile()) {
    await handle.close();
    throw refuse(`${wanted} is ${describeKind(stats)}`);
  }
  return createReadStream('', { fd: handle, autoClose: true });
}
