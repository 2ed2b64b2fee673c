/**
 * What a measured child process reports about itself on its last stdout line: the whole process
 * (CPU of every thread, DuckDB's included, wall since the process started, the kernel's peak RSS)
 * and the measured phase alone (from `startPhase()`), so start-up can be told apart.
 */
export interface ProcessFigures {
  /** Whole process, seconds. */
  user_s: number;
  sys_s: number;
  wall_s: number;
  /** Bytes, the kernel's high-water mark of the resident set. */
  rss_peak: number;
  /** The measured phase alone, seconds. */
  phase_user_s: number;
  phase_wall_s: number;
  [extra: string]: number | string;
}

export function startPhase() {
  const cpu = process.cpuUsage();
  const started = performance.now();
  return {
    figures(extra: Record<string, number | string> = {}): ProcessFigures {
      const total = process.cpuUsage();
      return {
        user_s: total.user / 1e6,
        sys_s: total.system / 1e6,
        wall_s: performance.now() / 1000,
        rss_peak: process.resourceUsage().maxRSS * 1024,
        phase_user_s: (total.user - cpu.user) / 1e6,
        phase_wall_s: (performance.now() - started) / 1000,
        ...extra,
      };
    },
  };
}

export const printFigures = (figures: ProcessFigures) => process.stdout.write(`${JSON.stringify(figures)}\n`);
