import type { Writable } from 'node:stream';
import type { JobMetrics } from '../../runtime/host.ts';
import { formatCount, formatDuration, formatMetrics } from './format.ts';
import { terminalText } from './terminal-text.ts';

export interface ProgressSnapshot {
  progress: number;
  entries_read: number;
  entries_total: number;
}

type TerminalStream = Writable & { isTTY?: boolean; columns?: number };

const BAR_WIDTH = 24;

/**
 * A progress line on stderr: bar, percent, entry count, rate and ETA. On a terminal it redraws
 * in place; elsewhere (a log file, CI) it prints a line every 10%.
 */
export class ProgressBar {
  readonly #stream: TerminalStream;
  #label: string;
  readonly #startedAt = performance.now();
  #lastDecile = -1;
  #drawn = false;
  #metrics: JobMetrics = {};
  #step: string | undefined;
  #last: ProgressSnapshot | undefined;

  constructor(stream: TerminalStream, label: string) {
    this.#stream = stream;
    this.#label = terminalText(label);
  }

  /** The latest counters, shown after the rate; redrawn at once on a terminal. */
  setMetrics(metrics: JobMetrics): void {
    this.#metrics = metrics;
    if (this.#stream.isTTY && this.#last) this.update(this.#last);
  }

  /** The step running now, shown before the percent. */
  setStep(name: string | undefined): void {
    this.#step = name;
  }

  /** Names the bar once the exporter's display name is known. */
  relabel(label: string): void {
    this.#label = terminalText(label);
  }

  update(snapshot: ProgressSnapshot): void {
    this.#last = snapshot;
    const text = this.describe(snapshot);
    if (this.#stream.isTTY) {
      const width = this.#stream.columns ?? 100;
      const bar = this.#bar(snapshot.progress);
      this.#stream.write(`\r\x1b[2K${`${this.#label} ${bar} ${text}`.slice(0, width - 1)}`);
      this.#drawn = true;
      return;
    }
    const decile = Math.floor(snapshot.progress * 10);
    if (decile > this.#lastDecile) {
      this.#lastDecile = decile;
      this.#stream.write(`${this.#label}: ${text}\n`);
    }
  }

  /** `convert 45% 4,500/10,000 entries 1,234/s ETA 5.2s original_file 12✓ 1✗ 3…` */
  describe(snapshot: ProgressSnapshot): string {
    const elapsed = performance.now() - this.#startedAt;
    const percent = `${Math.floor(snapshot.progress * 100)}%`.padStart(4);
    const parts = this.#step ? [this.#step, percent] : [percent];
    if (snapshot.entries_total > 0) {
      parts.push(`${formatCount(snapshot.entries_read)}/${formatCount(snapshot.entries_total)} entries`);
      if (elapsed > 0) parts.push(`${formatCount((snapshot.entries_read * 1000) / elapsed)}/s`);
    }
    if (snapshot.progress > 0 && snapshot.progress < 1) {
      parts.push(`ETA ${formatDuration((elapsed * (1 - snapshot.progress)) / snapshot.progress)}`);
    }
    const metrics = formatMetrics(this.#metrics);
    if (metrics) parts.push(metrics);
    return parts.join('  ');
  }

  /** Removes the bar from a terminal so the summary starts on a clean line. */
  clear(): void {
    if (this.#drawn) this.#stream.write('\r\x1b[2K');
    this.#drawn = false;
  }

  #bar(progress: number): string {
    const filled = Math.round(Math.min(1, Math.max(0, progress)) * BAR_WIDTH);
    return `[${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}]`;
  }
}
