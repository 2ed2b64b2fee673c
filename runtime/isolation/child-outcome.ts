import type { ChildMessage } from './protocol.ts';

/** Why the parent stopped the child, when it did. */
export type StopReason = 'cancelled' | 'timeout' | 'load-timeout';

/** What the parent saw of a child that ended without a final record. */
export interface ChildEnd {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stopReason: StopReason | undefined;
  crash: Extract<ChildMessage, { type: 'crashed' }> | undefined;
  /** The plugin whose code was running: the one loading, or the exporter's once loaded. */
  plugin: string | undefined;
  phase: 'starting' | 'loading' | 'running';
  stderrTail: string;
  memoryLimitMb: number | undefined;
  timeoutMs: number | undefined;
  loadTimeoutMs: number;
}

export interface EndDiagnosis {
  status: 'cancelled' | 'errored';
  error: string;
  code: string;
}

const OUT_OF_MEMORY = /heap out of memory|Reached heap limit|allocation failed/i;

/** Turns how a child ended into the job's final status, error and code. */
export function diagnoseChildEnd(end: ChildEnd): EndDiagnosis {
  const who = end.plugin ? `plugin "${end.plugin}"` : 'a plugin';
  if (end.stopReason === 'cancelled') return { status: 'cancelled', error: 'cancelled', code: 'EXPORT_CANCELLED' };
  if (end.stopReason === 'timeout') {
    return { status: 'errored', error: `the export ran longer than ${end.timeoutMs} ms and was stopped`, code: 'EXPORT_TIMEOUT' };
  }
  if (end.stopReason === 'load-timeout') {
    return {
      status: 'errored',
      error: `${who} did not finish loading within ${end.loadTimeoutMs} ms: its top-level code or Sync.init never returned`,
      code: 'PLUGIN_INIT_FAILED',
    };
  }
  if (OUT_OF_MEMORY.test(end.stderrTail)) {
    const limit = end.memoryLimitMb ? `its memory limit of ${end.memoryLimitMb} MB` : 'the memory the JavaScript heap may use';
    return { status: 'errored', error: `the export exceeded ${limit} (${who} was running) and was stopped`, code: 'EXPORT_OUT_OF_MEMORY' };
  }
  if (end.crash) {
    return { status: 'errored', error: `${who} crashed the export: ${end.crash.kind}: ${end.crash.message}`, code: end.crash.code ?? 'PLUGIN_CRASHED' };
  }
  const doing = end.phase === 'running' ? 'while exporting' : end.phase === 'loading' ? 'while loading' : 'before loading';
  if (end.signal) {
    return { status: 'errored', error: `the export's process was killed by ${end.signal} ${doing} (${who} was running)`, code: 'WORKER_FAILED' };
  }
  return {
    status: 'errored',
    error: `${who} ended the export's process with exit code ${end.exitCode} ${doing}; a plugin must return or throw, never end the process`,
    code: 'PLUGIN_EXITED',
  };
}
