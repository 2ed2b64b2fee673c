import { Worker } from 'node:worker_threads';
import { PARTIAL_PREFIX, STAGING_PREFIX } from '../io/staging.ts';

/**
 * Runs on its own thread, so it keeps watching while a plugin busy-loops the main one: when
 * the parent process is gone (killed, or the child was re-parented), it removes what this
 * process staged and kills the process. Plain JavaScript: workers started from a string run
 * as CommonJS, outside the TypeScript loader.
 */
const WATCHDOG_SOURCE = `
const { workerData } = require('node:worker_threads');
const { readdirSync, rmSync } = require('node:fs');
const { join } = require('node:path');
const { parentPid, pid, folders, intervalMs } = workerData;
function parentAlive() {
  if (process.ppid !== parentPid) return false;
  try { process.kill(parentPid, 0); return true; } catch (error) { return error.code === 'EPERM'; }
}
function removeOwned(root, prefix) {
  let names = [];
  try { names = readdirSync(root); } catch { return; }
  for (const name of names) if (name.startsWith(prefix)) rmSync(join(root, name), { recursive: true, force: true });
}
setInterval(() => {
  if (parentAlive()) return;
  for (const [root, prefix] of folders) { try { removeOwned(root, prefix); } catch {} }
  process.kill(pid, 'SIGKILL');
}, intervalMs);
`;

export function startOrphanWatchdog(options: { parentPid: number; workRoot: string; outDir: string; intervalMs?: number }): Worker {
  const worker = new Worker(WATCHDOG_SOURCE, {
    eval: true,
    workerData: {
      parentPid: options.parentPid,
      pid: process.pid,
      folders: [
        [options.workRoot, `${STAGING_PREFIX}${process.pid}-`],
        [options.outDir, `${PARTIAL_PREFIX}${process.pid}-`],
      ],
      intervalMs: options.intervalMs ?? 250,
    },
    // Small: it only watches.
    resourceLimits: { maxOldGenerationSizeMb: 16 },
  });
  worker.unref();
  return worker;
}
