import { createLogger, formatLogEntry, loadHost, type Host } from '../runtime/host.ts';
import type { CliEnvironment } from './environment.ts';
import { terminalText } from './render/terminal-text.ts';

/** Loads the bundled plugins and those of `--plugins` (or `IDAH_PLUGIN_PATH`); broken ones are reported, not fatal. */
export async function loadHostForCli(
  environment: CliEnvironment,
  pluginPaths: string | undefined,
  { quiet = false }: { quiet?: boolean } = {},
): Promise<Host> {
  const logger = createLogger('idah-plugin', (entry) => {
    // --quiet keeps warnings and errors, as an export's log does.
    if (entry.level === 'debug' || (quiet && entry.level === 'info')) return;
    environment.stderr.write(`${terminalText(formatLogEntry(entry))}\n`);
  });
  const host = await loadHost({
    ...(pluginPaths !== undefined ? { pluginPaths } : {}),
    cwd: environment.cwd,
    logger,
  });
  return host;
}

export function describeFailures(host: Host): string[] {
  return host.report.failures.map((failure) => `${failure.plugin} (${failure.dir}): ${failure.message}`);
}
