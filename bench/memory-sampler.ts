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
