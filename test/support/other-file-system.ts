import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface OtherFileSystem {
  /** A fresh folder on a file system other than the temp folder's. */
  path: string;
  how: string;
  remove(): void;
}

/**
 * A folder on another file system than `tmpdir()`, so a rename between them fails with EXDEV:
 * a tmpfs mounted for the test when running as root, else /dev/shm when it is a separate
 * device; undefined when neither is possible.
 */
export function otherFileSystem(sizeMb = 512): OtherFileSystem | undefined {
  const tempDevice = statSync(tmpdir()).dev;
  if (process.getuid?.() === 0) {
    const mountPoint = mkdtempSync(join(tmpdir(), 'idah-tmpfs-'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', mountPoint], { stdio: 'ignore' });
      return {
        path: mountPoint,
        how: 'a tmpfs mounted for the test',
        remove: () => {
          execFileSync('umount', ['-l', mountPoint], { stdio: 'ignore' });
          rmSync(mountPoint, { recursive: true, force: true });
        },
      };
    } catch {
      rmSync(mountPoint, { recursive: true, force: true });
    }
  }
  try {
    if (statSync('/dev/shm').dev !== tempDevice) {
      const path = mkdtempSync('/dev/shm/idah-other-fs-');
      return { path, how: '/dev/shm', remove: () => rmSync(path, { recursive: true, force: true }) };
    }
  } catch {
    // no /dev/shm
  }
  return undefined;
}
