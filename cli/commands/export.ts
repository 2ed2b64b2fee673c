import { resolve } from 'node:path';
import { type ExporterRegistration, IdahPluginError, isIdahPluginError, openSourceFromFlag } from '../../runtime/index.ts';
import { EXIT } from '../environment.ts';
import type { Host } from '../../runtime/index.ts';
import { describeFailures, loadHostForCli } from '../load-host.ts';
import { collect, parseDatasetIds, parseExporterOptions } from '../parse-options.ts';
import { printJobSummary } from '../render/job-summary.ts';
import { runJobForCli } from '../run-job.ts';
import type { CommandRegistrar } from './index.ts';

interface ExportFlags {
  source: string;
  credentialsFile?: string;
  datasets: string;
  option: string[];
  optionsJson?: string;
  out: string;
  plugins?: string;
  json?: boolean;
  fileLog?: boolean;
}

export const registerExportCommand: CommandRegistrar = (program, environment) => {
  program
    .command('export')
    .description('Run an exporter on a UPD file or a live IDAH as a job, with a progress bar')
    .argument('<exporter>', 'exporter id (Module::Class) or the name of a plugin with one exporter')
    .requiredOption('--source <file.upd>', 'the UPD file to read, or a live IDAH as idah+https://host (idah+http:// for a local one)')
    .option('--credentials-file <file.json>', 'a live IDAH\'s credentials: {"token"}, {"api_key"} or {"email", "password"} (default: $IDAH_TOKEN, $IDAH_API_KEY or $IDAH_EMAIL + $IDAH_PASSWORD)')
    .option('--datasets <ids>', '"all" or dataset ids separated by commas', 'all')
    .option('--option <key=value>', 'an exporter option (repeatable; values are JSON when they parse)', collect, [])
    .option('--options-json <json>', 'exporter options as one JSON object')
    .option('--out <dir>', 'where the output is written', './exports')
    .option('--plugins <paths>', 'plugin folders or globs, separated by ";" (default: $IDAH_PLUGIN_PATH)')
    .option('--json', 'print NDJSON events and a final result object on stdout')
    .option('--file-log', 'keep the per-file log beside the output as <output>.files.ndjson')
    .action(async (reference: string, flags: ExportFlags) => {
      const options = parseExporterOptions(flags.option, flags.optionsJson);
      const datasetIds = parseDatasetIds(flags.datasets);
      const host = await loadHostForCli(environment, flags.plugins, { quiet: flags.json });
      const registration = resolveExporter(host, reference);
      const source = await openSourceFromFlag(flags.source, { cwd: environment.cwd, env: environment.env, credentialsFile: flags.credentialsFile });
      try {
        const job = await runJobForCli(environment, {
          registration,
          source,
          datasetIds,
          options,
          outDir: resolve(environment.cwd, flags.out),
          json: flags.json,
          keepFileLog: flags.fileLog,
        });
        if (flags.json) environment.stdout.write(`${JSON.stringify({ event: 'result', ...job })}\n`);
        else printJobSummary(environment.stderr, job, environment.cwd);
        environment.exitCode = job.status === 'completed' ? EXIT.ok : EXIT.failure;
      } finally {
        await source.close();
      }
    });
};

/** An unknown exporter is a usage error; it lists the plugins that failed to load, one may be the one meant. */
export function resolveExporter(host: Host, reference: string): ExporterRegistration {
  try {
    return host.registry.resolve(reference);
  } catch (error) {
    if (!isIdahPluginError(error)) throw error;
    const broken = describeFailures(host);
    const hint = broken.length > 0 ? `\nplugins that failed to load:\n  ${broken.join('\n  ')}` : '';
    throw new IdahPluginError('USAGE', `${error.message}${hint}`);
  }
}
