import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { hostAliases } from './host-aliases.ts';

const CONFIG_FILES = ['vitest.config.ts', 'vitest.config.mts', 'vitest.config.js', 'vitest.config.mjs'];
const DEFAULT_INCLUDE = ['backends/**/*.test.ts'];

export interface PluginTestRun {
  pluginDir: string;
  stdout: Writable;
  stderr: Writable;
  /** Told about anything worth knowing before the run (e.g. a config that cannot be used). */
  note: (text: string) => void;
  /** Test file filters, as vitest takes them on its command line. */
  filters?: string[];
  /** vitest's own options, as its command line parses them (`-t`, `--watch`, `--coverage`...). */
  vitestOptions?: Record<string, unknown>;
}

export interface PluginTestResult {
  /** 0 when every test passed, 1 otherwise (a failed test, an error, or no test found). */
  exitCode: number;
  /** The plugin's vitest config, when one was used. */
  configFile: string | undefined;
}

function isTerminal(stream: Writable): boolean {
  return (stream as { isTTY?: boolean }).isTTY === true;
}

/** Whether `vitest` resolves from `folder` (the plugin's config imports it). */
function vitestReachableFrom(folder: string): boolean {
  for (let current = folder; ; current = dirname(current)) {
    if (existsSync(join(current, 'node_modules', 'vitest', 'package.json'))) return true;
    if (current === dirname(current)) return false;
  }
}

/** The plugin's own config if it has one that can load; otherwise none (we supply the defaults). */
function chooseConfig(pluginDir: string, note: (text: string) => void): string | undefined {
  const found = CONFIG_FILES.map((name) => join(pluginDir, name)).find((path) => existsSync(path));
  if (!found) return undefined;
  if (vitestReachableFrom(pluginDir)) return found;
  note(`${found} is not used: it imports vitest, which is not installed for this plugin (run npm install there)`);
  return undefined;
}

/**
 * Runs a plugin's tests in this process with vitest's node API: 0 when every test passed.
 * vitest also reports failures through `process.exitCode`; it is read and then put back, so
 * the caller decides what the process exits with.
 */
export async function runPluginTests(run: PluginTestRun): Promise<PluginTestResult> {
  const configFile = chooseConfig(run.pluginDir, run.note);
  const { watch = false, ...vitestOptions } = run.vitestOptions ?? {};
  const exitCodeBefore = process.exitCode;
  process.exitCode = undefined;
  // Imported here, not at the top: the colour choice is made when vitest loads, from the environment.
  const { startVitest } = await import('vitest/node');
  try {
    const vitest = await startVitest(
      'test',
      run.filters ?? [],
      {
        ...(configFile ? {} : { include: DEFAULT_INCLUDE }),
        ...vitestOptions,
        root: run.pluginDir,
        config: configFile ?? false,
        run: !watch,
        watch: Boolean(watch),
        // vitest judges "terminal or not" from process.stdout, not from the stream it is given;
        // on a pipe its live summary would swallow the report, so say it is not a terminal.
        ...(isTerminal(run.stdout) ? {} : { reporters: [['default', { summary: false }]] }),
      },
      {
        resolve: { alias: hostAliases() },
        // Keep vite's cache out of the plugin folder (which may have no node_modules at all).
        cacheDir: join(tmpdir(), 'idah-plugin-vitest-cache'),
      },
      { stdout: run.stdout, stderr: run.stderr },
    );
    // Watching runs until the user stops it (Ctrl-C, or q in vitest's prompt).
    if (watch) await new Promise<void>((resolve) => vitest.onClose(resolve));
    await vitest.close();
    const modules = vitest.state.getTestModules();
    const failed =
      Number(process.exitCode ?? 0) !== 0 ||
      vitest.state.getUnhandledErrors().length > 0 ||
      modules.some((module) => module.state() === 'failed') ||
      (modules.length === 0 && !vitest.config.passWithNoTests);
    return { exitCode: failed ? 1 : 0, configFile };
  } finally {
    process.exitCode = exitCodeBefore;
  }
}
