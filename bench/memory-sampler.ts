import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

/**
 * Samples memory while a measurement runs, keeping the peaks: RSS, JS heap as V8 holds it
 * (garbage included), and, when the process runs with --expose-gc, the live heap (what is still
 * reachable after a full collection every `liveEveryMs`): the figure that shows streaming.
 */
export function sampleMemory(intervalMs = 20, liveEveryMs = 250) {
  const peaks = { rss: 0, heapUsed: 0, liveHeap: 0 };
  const collect = (globalThis as { gc?: () => void }).gc;
  let lastLive = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    peaks.rss = Math.max(peaks.rss, usage.rss);
    peaks.heapUsed = Math.max(peaks.heapUsed, usage.heapUsed);
    if (collect && performance.now() - lastLive >= liveEveryMs) {
      collect();
      lastLive = performance.now();
      peaks.liveHeap = Math.max(peaks.liveHeap, process.memoryUsage().heapUsed);
    }
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peaks;
    },
  };
}

export interface TreePeaks {
  /** Each process seen in the tree, by pid: its command (the first argument not a flag: the script, else argv[0]) and its kernel high-water mark in bytes. */
  processes: Map<number, { command: string; peak: number }>;
}

/**
 * Polls the kernel's high-water mark (VmHWM) of a process and all its descendants every
 * `intervalMs`, to tell whose peak a whole-tree figure is (the CLI's, or its export child's).
 * A process's last moments may fall between two polls: use it to attribute, not as the figure.
 */
export function sampleProcessTree(rootPid: number, intervalMs = 100) {
  const processes: TreePeaks['processes'] = new Map();
  const read = (path: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return '';
    }
  };
  const visit = (pid: number) => {
    const peak = Number(/VmHWM:\s+(\d+) kB/.exec(read(`/proc/${pid}/status`))?.[1] ?? 0) * 1024;
    if (peak > 0) {
      const argv = read(`/proc/${pid}/cmdline`).split('\0');
      const script = argv.slice(1).find((arg) => arg !== '' && !arg.startsWith('-'));
      const command = basename(script ?? argv[0] ?? String(pid));
      processes.set(pid, { command, peak: Math.max(peak, processes.get(pid)?.peak ?? 0) });
    }
    for (const child of read(`/proc/${pid}/task/${pid}/children`).split(' ').filter(Boolean)) visit(Number(child));
  };
  visit(rootPid);
  const timer = setInterval(() => visit(rootPid), intervalMs);
  return {
    stop(): TreePeaks {
      clearInterval(timer);
      return { processes };
    },
  };
}
