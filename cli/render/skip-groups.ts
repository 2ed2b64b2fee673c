import type { JobRecord, LogEntry } from '../../runtime/host.ts';
import { terminalText } from './terminal-text.ts';

/** How many skip warnings of one reason are printed in full before the rest are only counted. */
export const DETAILED_SKIPS = 3;

export interface SkipGroup {
  /** What was left out: `annotation`, `entry`, or the table of a record (`medias`). */
  kind: string;
  reason: string;
  count: number;
}

const QUOTED = String.raw`"(?:[^"\\]|\\.)*"`;
/** `skipped annotation "a" of entry "e" of dataset "d": <reason>`, as SkipReport logs it. */
const SKIP_WARNING = new RegExp(String.raw`^skipped (\w+) ${QUOTED}(?: of (?:\w+ ${QUOTED}|no dataset))*: ([\s\S]+)$`);

/**
 * Groups the skip warnings of a run by what was skipped and why: the first few of each group are
 * printed as they come, the rest only counted, and the summary says how many each group holds.
 * `--json` bypasses it and keeps every event.
 */
export class SkipWarningGroups {
  readonly #groups = new Map<string, SkipGroup>();

  constructor(readonly detailed = DETAILED_SKIPS) {}

  /** Whether `entry` is printed: anything but a skip warning is, and the first few of each group. */
  admit(entry: LogEntry): boolean {
    if (entry.level !== 'warn') return true;
    const match = SKIP_WARNING.exec(entry.message);
    if (!match) return true;
    const [, kind, reason] = match as unknown as [string, string, string];
    const key = `${kind}\u0000${reason}`;
    const group = this.#groups.get(key) ?? { kind, reason, count: 0 };
    group.count += 1;
    this.#groups.set(key, group);
    return group.count <= this.detailed;
  }

  get groups(): SkipGroup[] {
    return [...this.#groups.values()];
  }
}

/** The groups a job record's kept skipped items make (what a summary uses when it saw no log). */
export function skipGroupsOfRecord(job: JobRecord): SkipGroup[] {
  const groups = new Map<string, SkipGroup>();
  for (const item of job.skipped ?? []) {
    const kind = item.annotation_id === undefined ? 'entry' : 'annotation';
    const key = `${kind}\u0000${item.reason}`;
    const group = groups.get(key) ?? { kind, reason: item.reason, count: 0 };
    group.count += 1;
    groups.set(key, group);
  }
  return [...groups.values()];
}

function plural(count: number, noun: string): string {
  if (count === 1 || noun.endsWith('s')) return `${count} ${noun}`;
  return `${count} ${noun.endsWith('y') ? `${noun.slice(0, -1)}ies` : `${noun}s`}`;
}

/**
 * The summary's lines for what was skipped, one per group, largest first:
 * `  skipped 22 annotations: COCO has no line shape (...) (3 shown above)`.
 */
export function skipSummaryLines(groups: readonly SkipGroup[], total: number, detailed = DETAILED_SKIPS): string[] {
  if (total === 0) return [];
  const sorted = [...groups].sort((a, b) => b.count - a.count);
  const lines = sorted.map((group) => {
    const shown = group.count > detailed ? ` (first ${detailed} shown above)` : '';
    return `  skipped ${plural(group.count, group.kind)}: ${terminalText(group.reason)}${shown}`;
  });
  const grouped = sorted.reduce((sum, group) => sum + group.count, 0);
  if (grouped < total) lines.push(`  skipped ${total - grouped} more; see the log and the job record`);
  return lines;
}
