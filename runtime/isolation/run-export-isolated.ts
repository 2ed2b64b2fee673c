import { type ChildProcess, fork } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PARTIAL_PREFIX, STAGING_PREFIX, sweepStalePartials, sweepStaleStaging } from '../io/staging.ts';
import type { ExportRunner, ExportRunRequest } from '../jobs/export-runner.ts';
import { failedJobRecord, type JobEvent, type JobRecord } from '../jobs/job-record.ts';
import { type LogSink, stderrSink } from '../logger.ts';
import { DEFAULT_INIT_TIMEOUT_MS } from '../plugins/init-timeout.ts';
import { childExecArgv } from './child-exec-argv.ts';
import { type ChildEnd, diagnoseChildEnd, type StopReason } from './child-outcome.ts';
import { type ChildMessage, type ChildRun, isChildMessage, type ParentMessage } from './protocol.ts';

const CHILD_ENTRY = fileURLToPath(new URL('./child-bootstrap.mjs', import.meta.url));

export interface IsolationSettings {
  /** The child's JavaScript heap limit (`--max-old-space-size`); past it the job ends EXPORT_OUT_OF_MEMORY. */
  memoryLimitMb?: number;
  /** How long a cancelled child may take to end by itself before it is killed (default 1500 ms). */
  cancelGraceMs?: number;
  /** How long one plugin's `Sync.init` may take (default 30 s); a child stuck longer is killed. */
  initTimeoutMs?: number;
  /** Told once the child has resolved the exporter (its display name, e.g. for a progress bar). */
  onLoaded?: (exporter: LoadedExporter) => void;
}

export interface LoadedExporter {
  exporterId: string;
  name: string;
  plugin: string | null;
}

/** Extra time the parent gives a loading plugin beyond the child's own init timeout. */
const LOAD_SLACK_MS = 5000;
/** How long the child may take to start and find its plugins, before any plugin code runs. */
const STARTUP_TIMEOUT_MS = 120_000;
/** How long the parent waits for the child's output streams after it exited. */
const STREAM_DRAIN_MS = 500;

/** What to do for each live child if this process exits first; one listener for all of them. */
const onHostExitHandlers = new Set<() => void>();
let hostExitListening = false;
function whenHostExits(handler: () => void): () => void {
  if (!hostExitListening) {
    hostExitListening = true;
    process.on('exit', () => {
      for (const each of onHostExitHandlers) each();
    });
  }
  onHostExitHandlers.add(handler);
  return () => onHostExitHandlers.delete(handler);
}

export interface ChildRunHooks {
  signal?: AbortSignal;
  onEvent?: (event: JobEvent) => void;
  logSink?: LogSink;
  /** Counted from when the exporter is loaded (loading has its own timeout). */
  timeoutMs?: number;
}

/** A runner with these settings: every export in a child process of its own. */
export function createIsolatedRunner(settings: IsolationSettings = {}): ExportRunner {
  return (request: ExportRunRequest) =>
    runInChild(
      {
        exporter: { kind: 'plugin', reference: request.exporter, plugins: request.plugins },
        source: request.source,
        datasetIds: request.datasetIds,
        ...(request.entryFilter ? { entryFilter: request.entryFilter } : {}),
        options: request.options,
        outDir: request.outDir,
        workRoot: tmpdir(),
        ...(request.jobId ? { jobId: request.jobId } : {}),
        ...(request.retryCount !== undefined ? { retryCount: request.retryCount } : {}),
        ...(request.reschedule ? { reschedule: request.reschedule } : {}),
        ...(request.keepFileLog ? { keepFileLog: true } : {}),
        initTimeoutMs: settings.initTimeoutMs ?? DEFAULT_INIT_TIMEOUT_MS,
      },
      {
        ...(request.signal ? { signal: request.signal } : {}),
        ...(request.onEvent ? { onEvent: request.onEvent } : {}),
        ...(request.logSink ? { logSink: request.logSink } : {}),
        ...(request.timeoutMs ? { timeoutMs: request.timeoutMs } : {}),
      },
      settings,
    );
}

/**
 * Runs each export in a child process, so the host survives whatever the plugin does: the
 * child may exit, hang, busy-loop, crash or run out of memory, and the run still resolves to
 * a final record. Cancellation asks the child to stop, then kills it after a short grace;
 * what the child staged is removed here when it could not remove it itself.
 */
export const runExportIsolated: ExportRunner = createIsolatedRunner();

/** Runs one child and resolves once it is gone. Never rejects. */
export function runInChild(run: ChildRun, hooks: ChildRunHooks, settings: IsolationSettings = {}): Promise<JobRecord> {
  const sink = hooks.logSink ?? stderrSink;
  const graceMs = settings.cancelGraceMs ?? 1500;
  const loadTimeoutMs = run.initTimeoutMs + LOAD_SLACK_MS;
  const reference = run.exporter.kind === 'plugin' ? run.exporter.reference : run.exporter.exportName;
  const execArgv = childExecArgv(settings.memoryLimitMb);

  return new Promise<JobRecord>((resolve) => {
    let child: ChildProcess;
    try {
      child = fork(CHILD_ENTRY, [], { execArgv, serialization: 'advanced', stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    } catch (error) {
      resolve(failedJobRecord(baseRecord(run, reference), `could not start the export's process: ${String(error)}`, 'WORKER_FAILED'));
      return;
    }
    const pid = child.pid ?? 0;
    let lastJob: JobRecord | undefined;
    let result: JobRecord | undefined;
    let crash: ChildEnd['crash'];
    let plugin: string | undefined;
    let phase: ChildEnd['phase'] = 'starting';
    let stopReason: StopReason | undefined;
    let stderrTail = '';
    let killTimer: NodeJS.Timeout | undefined;
    let loadTimer: NodeJS.Timeout | undefined;
    let settled = false;

    const post = (message: ParentMessage) => {
      if (child.connected) child.send(message, (error) => void error);
    };
    const kill = () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
    const stop = (reason: StopReason) => {
      if (stopReason || result) return;
      stopReason = reason;
      if (reason === 'load-timeout') return kill();
      post({ type: 'cancel' });
      killTimer = setTimeout(kill, graceMs);
    };
    // Until a plugin's code runs, only the host is at work: a slow start is no plugin's fault.
    const armLoadTimer = (ms = loadTimeoutMs) => {
      clearTimeout(loadTimer);
      loadTimer = setTimeout(() => stop('load-timeout'), ms);
    };
    const onAbort = () => stop('cancelled');
    let exportTimer: NodeJS.Timeout | undefined;
    // If this process ends first (a second Ctrl-C), the child goes with it and its files too.
    const onHostExit = () => {
      kill();
      removeOwnedSync(run.workRoot, `${STAGING_PREFIX}${pid}-`);
      removeOwnedSync(run.outDir, `${PARTIAL_PREFIX}${pid}-`);
    };
    const forgetHostExit = whenHostExits(onHostExit);
    armLoadTimer(Math.max(STARTUP_TIMEOUT_MS, loadTimeoutMs));
    if (hooks.signal?.aborted) onAbort();
    else hooks.signal?.addEventListener('abort', onAbort, { once: true });

    const emit = (event: JobEvent) => {
      try {
        hooks.onEvent?.(event);
      } catch {
        // A listener's failure must not change the job's outcome.
      }
    };
    forwardLines(child.stdout, (line) => sink({ level: 'info', source: plugin ?? reference, message: line, time: new Date().toISOString() }));
    forwardLines(child.stderr, (line) => {
      stderrTail = (stderrTail + line + '\n').slice(-8192);
      sink({ level: 'warn', source: plugin ?? reference, message: line, time: new Date().toISOString() });
    });

    child.on('message', (message: unknown) => {
      if (!isChildMessage(message)) return;
      handle(message);
    });
    const handle = (message: ChildMessage) => {
      switch (message.type) {
        case 'ready':
          post({ type: 'start', run });
          if (stopReason === 'cancelled') post({ type: 'cancel' });
          return;
        case 'loading':
          phase = 'loading';
          plugin = message.plugin;
          return armLoadTimer();
        case 'loaded':
          clearTimeout(loadTimer);
          phase = 'running';
          plugin = message.plugin ?? undefined;
          if (hooks.timeoutMs) exportTimer = setTimeout(() => stop('timeout'), hooks.timeoutMs);
          try {
            settings.onLoaded?.({ exporterId: message.exporterId, name: message.name, plugin: message.plugin });
          } catch {
            // A listener's failure must not change the job's outcome.
          }
          return;
        case 'event':
          if (message.event.event === 'status') lastJob = message.event.job;
          return emit(message.event);
        case 'log':
          return sink(message.entry);
        case 'crashed':
          crash ??= message;
          return;
        case 'result':
          result = message.job;
          // It exits right after this; if it does not, it is killed.
          killTimer ??= setTimeout(kill, graceMs);
          return;
      }
    };

    let exited = false;
    const finish = async (exitCode: number | null, signal: NodeJS.Signals | null, spawnError?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(killTimer);
      clearTimeout(loadTimer);
      clearTimeout(exportTimer);
      hooks.signal?.removeEventListener('abort', onAbort);
      forgetHostExit();
      if (pid) {
        await sweepStaleStaging({ root: run.workRoot, ownersGone: [pid] });
        await sweepStalePartials(run.outDir, [pid]);
      }
      resolve(finalRecord(exitCode, signal, spawnError));
    };
    const finalRecord = (exitCode: number | null, signal: NodeJS.Signals | null, spawnError?: Error): JobRecord => {
      if (result) {
        if (stopReason === 'timeout' && result.status === 'cancelled') {
          return { ...result, status: 'errored', error: `the export ran longer than ${hooks.timeoutMs} ms and was stopped`, error_code: 'EXPORT_TIMEOUT', error_plugin: result.plugin };
        }
        return result;
      }
      const diagnosis = spawnError
        ? { status: 'errored' as const, error: `could not start the export's process: ${spawnError.message}`, code: 'WORKER_FAILED' }
        : diagnoseChildEnd({
            exitCode,
            signal,
            stopReason,
            crash,
            plugin,
            phase,
            stderrTail,
            memoryLimitMb: settings.memoryLimitMb,
            timeoutMs: hooks.timeoutMs,
            loadTimeoutMs,
          });
      const now = new Date().toISOString();
      const base = lastJob ?? failedJobRecord(baseRecord(run, reference, plugin ?? null), diagnosis.error, diagnosis.code);
      // The plugin's code was running when its process ended (a process that never started is the host's failure).
      const errorPlugin = diagnosis.status === 'errored' && !spawnError ? (plugin ?? null) : null;
      const job: JobRecord = { ...base, status: diagnosis.status, error: diagnosis.error, error_code: diagnosis.code, error_plugin: errorPlugin, updated_at: now, finished_at: now };
      emit({ event: 'status', job: { ...job } });
      return job;
    };
    child.on('error', (error) => {
      if (!exited && child.pid === undefined) void finish(null, null, error);
    });
    child.on('exit', (exitCode, signal) => {
      exited = true;
      // The streams may still hold the last lines (an out-of-memory report); wait for them, briefly.
      const drained = setTimeout(() => void finish(exitCode, signal), STREAM_DRAIN_MS);
      child.once('close', () => {
        clearTimeout(drained);
        void finish(exitCode, signal);
      });
    });
  });
}

function baseRecord(run: ChildRun, reference: string, plugin: string | null = null) {
  return {
    jobId: run.jobId,
    exporterId: reference,
    plugin,
    datasetIds: run.datasetIds,
    options: run.options,
    entryFilter: run.entryFilter,
    retryCount: run.retryCount,
  };
}

function forwardLines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  if (!stream) return;
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) onLine(line);
  });
  stream.on('end', () => {
    if (pending.trim()) onLine(pending);
  });
}

function removeOwnedSync(root: string, prefix: string): void {
  try {
    for (const name of readdirSync(root)) if (name.startsWith(prefix)) rmSync(join(root, name), { recursive: true, force: true });
  } catch {
    // Nothing there.
  }
}
