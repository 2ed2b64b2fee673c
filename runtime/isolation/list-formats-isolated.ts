import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DEFAULT_INIT_TIMEOUT_MS } from '../plugins/init-timeout.ts';
import type { ExportFormat } from '../plugins/registry.ts';
import type { ListChildMessage, ListedFailure, ListRequest } from './list-protocol.ts';

const CHILD_ENTRY = fileURLToPath(new URL('./child-bootstrap.mjs', import.meta.url));
const LOAD_SLACK_MS = 5000;
const STARTUP_TIMEOUT_MS = 120_000;

export interface ListFormatsOptions {
  pluginPaths?: string | string[];
  includeBundled?: boolean;
  cwd?: string;
  /** Only exporters serving these modalities. */
  modalities?: string[];
  initTimeoutMs?: number;
}

export interface ListedFormats {
  formats: ExportFormat[];
  failures: ListedFailure[];
  warnings: string[];
}

/**
 * Lists every exporter with plugin loading in a child process, so a plugin whose loading
 * busy-loops, never settles or ends the process cannot hang or end the caller: that plugin is
 * reported as failed, and the others are listed by a new child that leaves it out.
 */
export async function listFormatsIsolated(options: ListFormatsOptions = {}): Promise<ListedFormats> {
  const request: ListRequest = {
    ...(options.pluginPaths !== undefined ? { pluginPaths: options.pluginPaths } : {}),
    ...(options.includeBundled !== undefined ? { includeBundled: options.includeBundled } : {}),
    cwd: options.cwd ?? process.cwd(),
    modalities: options.modalities ?? [],
    initTimeoutMs: options.initTimeoutMs ?? DEFAULT_INIT_TIMEOUT_MS,
    exclude: [],
  };
  const lost: ListedFailure[] = [];
  for (;;) {
    const attempt = await listOnce(request);
    if (attempt.kind === 'listed') return { ...attempt.listed, failures: [...lost, ...attempt.listed.failures] };
    if (!attempt.loading) throw new Error(`listing the exporters failed: ${attempt.reason}`);
    // One plugin at a time is left out, so this ends.
    lost.push({ ...attempt.loading, code: 'PLUGIN_INIT_FAILED', message: `plugin "${attempt.loading.plugin}" ${attempt.reason}` });
    request.exclude.push(attempt.loading.dir);
  }
}

type Attempt =
  | { kind: 'listed'; listed: ListedFormats }
  | { kind: 'lost'; loading: { plugin: string; dir: string } | undefined; reason: string };

function listOnce(request: ListRequest): Promise<Attempt> {
  return new Promise((resolve) => {
    const child = fork(CHILD_ENTRY, ['list'], { execArgv: [], serialization: 'advanced', stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
    let loading: { plugin: string; dir: string } | undefined;
    let outcome: Attempt | undefined;
    let timer: NodeJS.Timeout | undefined;
    const arm = (ms = request.initTimeoutMs + LOAD_SLACK_MS) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        outcome = { kind: 'lost', loading, reason: `did not finish loading within ${request.initTimeoutMs + LOAD_SLACK_MS} ms: its top-level code or Sync.init never returned` };
        child.kill('SIGKILL');
      }, ms);
    };
    arm(Math.max(STARTUP_TIMEOUT_MS, request.initTimeoutMs + LOAD_SLACK_MS));
    child.on('message', (message: ListChildMessage) => {
      if (message.type === 'ready') child.send(request);
      if (message.type === 'loading') {
        loading = { plugin: message.plugin, dir: message.dir };
        arm();
      }
      if (message.type === 'listed') outcome = { kind: 'listed', listed: { formats: message.formats, failures: message.failures, warnings: message.warnings } };
      if (message.type === 'failed') outcome = { kind: 'lost', loading: undefined, reason: message.message };
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(outcome ?? { kind: 'lost', loading, reason: `ended the listing process while loading (${signal ?? `exit code ${code}`})` });
    });
  });
}
