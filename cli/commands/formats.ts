// Only the modules this command runs: the runtime's index would load DuckDB and the zip writer.
import { listFormatsIsolated } from '../../runtime/isolation/list-formats-isolated.ts';
import type { ExportFormat } from '../../runtime/plugins/registry.ts';
import { initTimeoutFrom } from '../environment.ts';
import type { CliEnvironment } from '../environment.ts';
import { collect } from '../parse-options.ts';
import { describeOptions } from '../render/options-summary.ts';
import { terminalText } from '../render/terminal-text.ts';
import type { CommandRegistrar } from './index.ts';

interface FormatsFlags {
  modality: string[];
  plugins?: string;
  json?: boolean;
  media?: boolean;
}

export const registerFormatsCommand: CommandRegistrar = (program, environment) => {
  program
    .command('formats')
    .description('List the exporters the plugins offer, with their options (or media processors with --media)')
    .option('--modality <modality>', 'only exporters serving this modality (repeatable)', collect, [])
    .option('--plugins <paths>', 'plugin folders or globs, separated by ";" (default: $IDAH_PLUGIN_PATH)')
    .option('--media', "list the media processors plugins register instead of exporters")
    .option('--json', 'print one JSON object')
    .action(async (flags: FormatsFlags) => {
      if (flags.media) return listMediaProcessors(flags, environment);
      // Plugins load in a child process: one that hangs or exits is reported, the rest are listed.
      const initTimeoutMs = initTimeoutFrom(environment);
      const { formats, failures, warnings } = await listFormatsIsolated({
        ...(flags.plugins !== undefined ? { pluginPaths: flags.plugins } : {}),
        cwd: environment.cwd,
        modalities: flags.modality,
        ...(initTimeoutMs ? { initTimeoutMs } : {}),
      });
      if (flags.json) {
        environment.stdout.write(`${JSON.stringify({ formats, failures, warnings })}\n`);
        return;
      }
      environment.stdout.write(renderFormats(formats, flags.modality));
      if (failures.length > 0) {
        environment.stdout.write(`\nplugins that failed to load (${failures.length}):\n`);
        for (const failure of failures) environment.stdout.write(`  ${terminalText(`${failure.plugin} (${failure.dir})`)}\n    ${terminalText(failure.message, { keepNewlines: true }).replaceAll('\n', '\n    ')}\n`);
      }
      printWarnings(environment, warnings);
    });
};

/** The loader's warnings (a plugin path that yields nothing, a plugin found twice...), as `--json` lists them. */
function printWarnings(environment: CliEnvironment, warnings: readonly string[]): void {
  if (warnings.length === 0) return;
  environment.stdout.write(`\nwarnings (${warnings.length}):\n`);
  for (const warning of warnings) environment.stdout.write(`  ${terminalText(warning)}\n`);
}

function renderFormats(formats: ExportFormat[], modalities: string[]): string {
  if (formats.length === 0) {
    return modalities.length > 0 ? `no exporter serves ${modalities.join(', ')}\n` : 'no exporters are registered\n';
  }
  const lines: string[] = [];
  for (const format of formats) {
    lines.push(`${format.exporter}  ${format.name}`);
    lines.push(`  ${format.description}`);
    lines.push(`  plugin ${format.plugin}, modalities ${format.modalities}`);
    for (const option of describeOptions(format.options)) lines.push(`  ${option}`);
    lines.push('');
  }
  return `${lines.map((line) => terminalText(line)).join('\n')}`;
}

async function listMediaProcessors(flags: FormatsFlags, environment: CliEnvironment): Promise<void> {
  const { loadMediaProcessors } = await import('../../runtime/media/load-media-processors.ts');
  const host = await loadMediaProcessors({
    ...(flags.plugins !== undefined ? { pluginPaths: flags.plugins } : {}),
    cwd: environment.cwd,
  });
  const processors = host.registry.list().map(({ plugin, name, mimeTypes }) => ({ plugin, name, mime_types: [...mimeTypes] }));
  if (flags.json) {
    environment.stdout.write(`${JSON.stringify({ processors, failures: host.failures, warnings: host.warnings })}\n`);
    return;
  }
  if (processors.length === 0) environment.stdout.write('no media processors are registered\n');
  for (const processor of processors) {
    environment.stdout.write(`${terminalText(`${processor.name}  (plugin ${processor.plugin})`)}\n  mime types: ${terminalText(processor.mime_types.join(', '))}\n`);
  }
  for (const failure of host.failures) environment.stdout.write(`failed: ${terminalText(`${failure.plugin} (${failure.dir}): ${failure.message}`, { keepNewlines: true })}\n`);
  printWarnings(environment, host.warnings);
}
