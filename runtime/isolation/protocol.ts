import type { JobEvent, JobRecord } from '../jobs/job-record.ts';
import type { LogEntry } from '../logger.ts';
import type { ModalitySelector } from '../exporter.ts';
import type { DatasetFixture } from '../sources/memory/fixtures.ts';
import type { EntryFilter } from '../sources/filters.ts';
import type { SourceDescriptor } from '../sources/source-descriptor.ts';

/**
 * The messages between a host and the child process that runs one export. They travel over
 * Node's IPC channel with `serialization: 'advanced'` (structured clone), so fixtures with
 * media bytes cross as they are.
 */

/** Which exporter the child runs: one a plugin registers, or a class exported by a module (the test harness). */
export type ChildExporter =
  | { kind: 'plugin'; reference: string; plugins: { paths?: string | string[]; cwd: string; includeBundled?: boolean } }
  | { kind: 'module'; module: string; exportName: string; selector?: ModalitySelector };

/** Where the child's data comes from: a descriptor it opens, or in-memory fixtures it rebuilds. */
export type ChildSource = SourceDescriptor | { kind: 'fixtures'; datasets: DatasetFixture[] };

export interface ChildRun {
  exporter: ChildExporter;
  source: ChildSource;
  datasetIds: string[] | 'all';
  /** Only entries matching it are exported (`export --where`). */
  entryFilter?: EntryFilter;
  options?: unknown;
  outDir: string;
  /** Where the child makes its staging folder (the parent's temp folder). */
  workRoot: string;
  jobId?: string;
  retryCount?: number;
  reschedule?: 'wait' | 'return';
  maxReschedules?: number;
  batchSize?: number;
  /** Keep the whole per-file log beside the output as `<output>.files.ndjson`. */
  keepFileLog?: boolean;
  /** How long a cancelled step may take to stop before its rollback starts. */
  cancelGraceMs?: number;
  initTimeoutMs: number;
}

export type ParentMessage = { type: 'start'; run: ChildRun } | { type: 'cancel' };

export type ChildMessage =
  /** The child is listening; the parent may send `start`. */
  | { type: 'ready' }
  /** One plugin's backend is about to run (a hang from here on is that plugin's). */
  | { type: 'loading'; plugin: string }
  /** The exporter is resolved; from here on failures are this plugin's. */
  | { type: 'loaded'; exporterId: string; name: string; plugin: string | null }
  | { type: 'event'; event: JobEvent }
  | { type: 'log'; entry: LogEntry }
  /** Something the plugin left running threw (an uncaught error or an unhandled rejection). */
  | { type: 'crashed'; kind: 'uncaught exception' | 'unhandled rejection'; message: string; code?: string }
  | { type: 'result'; job: JobRecord };

export function isChildMessage(value: unknown): value is ChildMessage {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
