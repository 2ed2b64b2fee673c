import { resolve } from 'node:path';
import { IdahPluginError } from '../../runtime/errors.ts';
import type { JobRecord } from '../../runtime/jobs/job-record.ts';
import { sourceDescriptorFromFlag } from '../../runtime/sources/idah-api/source-descriptor-from-flag.ts';
import type { LocalFileDelivery } from '../../runtime/destinations/deliver-file.ts';
import type { Destination } from '../../runtime/destinations/destination-schema.ts';
import { type CliEnvironment, EXIT, initTimeoutFrom } from '../environment.ts';
import { checkOutDir } from '../check-out-dir.ts';
import { CANCELLING_SIGNALS } from '../interrupt.ts';
import { collect, parseDatasetIds, parseExporterOptions } from '../parse-options.ts';
import { parseWhereClauses } from '../parse-where.ts';
import { type OutputFlags, quietOption, verboseOption } from '../output-flags.ts';
import { printJobSummary } from '../render/job-summary.ts';
import { type CliJobResult, runJobForCli } from '../run-job.ts';
import type { CommandRegistrar } from './index.ts';

interface ExportFlags extends OutputFlags {
  source: string;
  credentialsFile?: string;
  datasets: string;
  option: string[];
  where: string[];
  filter: string[];
  optionsJson?: string;
  out: string;
  plugins?: string;
  json?: boolean;
  fileLog?: boolean;
  timeout?: string;
  memoryLimit?: string;
  inProcess?: boolean;
  mediaRoot?: string;
  refusePrivateMedia?: boolean;
  destination?: string;
  secretsFile?: string;
  since?: string;
}

export const registerExportCommand: CommandRegistrar = (program, environment) => {
  program
    .command('export')
    .description('Run an exporter on a UPD file or a live IDAH as a job, with a progress bar')
    .argument('<exporter>', 'exporter id (Module::Class) or the name of a plugin with one exporter')
    .requiredOption('--source <file.upd>', 'the UPD file to read, or a live IDAH as idah+https://host (idah+http:// for a local one)')
    .option('--credentials-file <file.json>', 'a live IDAH\'s credentials: {"token"}, {"api_key"} or {"email", "password"} (default: $IDAH_TOKEN, $IDAH_API_KEY or $IDAH_EMAIL + $IDAH_PASSWORD)')
    .option('--datasets <ids>', '"all" or dataset ids separated by commas', 'all')
    .option('--where <clause>', 'export only entries matching it (repeatable, all must hold): status=a[,b], priority=1[,2], wf_step=qa, name=<exact> or name~<regex>, resource=... or resource~...', collect, [])
    .option('--filter <clause>', 'the same as --where', collect, [])
    .option('--option <key=value>', 'an exporter option (repeatable; values are JSON when they parse)', collect, [])
    .option('--options-json <json>', 'exporter options as one JSON object')
    .option('--out <dir>', 'where the output is written', './exports')
    .option('--plugins <paths>', 'plugin folders or globs, separated by ";" (default: $IDAH_PLUGIN_PATH)')
    .option('--json', 'print NDJSON events and a final result object on stdout')
    .addOption(quietOption())
    .addOption(verboseOption())
    .option('--file-log', 'keep the per-file log beside the output as <output>.files.ndjson')
    .option('--timeout <seconds>', 'stop the export after this many seconds (exit 1, EXPORT_TIMEOUT)')
    .option('--memory-limit <mb>', "the export process's heap limit in MB (exit 1, EXPORT_OUT_OF_MEMORY)")
    .option('--media-root <dir>', "media paths must stay inside this folder (default: the UPD file's folder)")
    .option('--refuse-private-media', 'refuse http(s) media on loopback and private addresses (off: local servers work)')
    .option('--in-process', 'run the exporter in the CLI process itself (debugging; a plugin can then take the CLI down)')
    .option('--destination <json|file>', 'also deliver the output: {"type": "local"|"s3"|"http", ...} (see README, Destinations)')
    .option('--secrets-file <file.json>', 'named secrets for the destination\'s "secret:NAME" references (else $IDAH_SECRET_<NAME>)')
    .option('--since <time>', 'incremental: only entries changed after this time, themselves or an annotation (ISO 8601 with a zone)')
    .action(async (reference: string, flags: ExportFlags) => {
      const options = parseExporterOptions(flags.option, flags.optionsJson);
      const datasetIds = parseDatasetIds(flags.datasets);
      // Destinations (and zod, which checks them) load only when asked for: the child starts sooner.
      const destination = flags.destination === undefined ? undefined : await (await import('../destination-flag.ts')).destinationFromFlag(flags.destination, environment.cwd);
      const entryFilter = parseWhereClauses([...flags.where, ...flags.filter]);
      const outDir = resolve(environment.cwd, flags.out);
      await checkOutDir(outDir);
      const result = await runJobForCli(environment, {
        exporter: reference,
        label: reference,
        plugins: { ...(flags.plugins !== undefined ? { paths: flags.plugins } : {}), cwd: environment.cwd },
        source: {
          ...sourceDescriptorFromFlag(flags.source, {
            cwd: environment.cwd,
            ...(flags.credentialsFile !== undefined ? { credentialsFile: flags.credentialsFile } : {}),
            ...(flags.mediaRoot !== undefined ? { mediaRoot: flags.mediaRoot } : {}),
            refusePrivateAddresses: flags.refusePrivateMedia === true,
          }),
          ...(flags.since !== undefined ? { updated_since: sinceOf(flags.since) } : {}),
        },
        datasetIds,
        ...(entryFilter ? { entryFilter } : {}),
        options,
        outDir,
        json: flags.json,
        quiet: flags.quiet,
        keepFileLog: flags.fileLog,
        inProcess: flags.inProcess,
        ...(initTimeoutFrom(environment) ? { initTimeoutMs: initTimeoutFrom(environment) } : {}),
        ...(flags.timeout !== undefined ? { timeoutMs: positiveNumber(flags.timeout, '--timeout') * 1000 } : {}),
        ...(flags.memoryLimit !== undefined ? { memoryLimitMb: positiveNumber(flags.memoryLimit, '--memory-limit') } : {}),
      });
      refuseUnknownExporter(result.job);
      const delivery = destination ? await deliverOutput(environment, result.job, destination, flags) : undefined;
      if (flags.json) environment.stdout.write(`${JSON.stringify({ event: 'result', ...result.job, ...(delivery ? { delivery } : {}) })}\n`);
      else printJobSummary(environment.stderr, result.job, environment.cwd, { ...result, verbose: flags.verbose === true });
      if (delivery && !flags.json) printDelivery(environment, delivery);
      environment.exitCode = delivery?.status === 'failed' ? EXIT.failure : exitCodeOf(result);
    });
};

type CliDelivery = LocalFileDelivery | { status: 'none'; attempts: 0; location: null; error: null };

/** After a completed job: its file to the destination (retried); none when it wrote no file or did not complete. */
async function deliverOutput(environment: CliEnvironment, job: JobRecord, destination: Destination, flags: ExportFlags): Promise<CliDelivery> {
  if (job.status !== 'completed' || !job.output) return { status: 'none', attempts: 0, location: null, error: null };
  const [{ SecretResolver }, { deliverLocalFile }] = await Promise.all([import('../../runtime/destinations/secrets.ts'), import('../../runtime/destinations/deliver-file.ts')]);
  const secrets = new SecretResolver({ env: environment.env, ...(flags.secretsFile ? { secretsFile: resolve(environment.cwd, flags.secretsFile) } : {}) });
  return deliverLocalFile(destination, { path: job.output.path, filename: job.output.filename, mimeType: job.output.mime_type, size: job.output.size }, {
    secrets,
    onRetry: (message) => {
      if (!flags.json) environment.stderr.write(`${message}\n`);
    },
  });
}

function printDelivery(environment: CliEnvironment, delivery: CliDelivery): void {
  if (delivery.status === 'delivered') environment.stderr.write(`delivered to ${delivery.location}\n`);
  else if (delivery.status === 'failed') environment.stderr.write(`delivery failed after ${delivery.attempts} attempt(s): ${delivery.error}; the output stays where it was written\n`);
  else environment.stderr.write('nothing to deliver: the export wrote no file\n');
}

/** 0 only for a completed job; 128 + the signal's number when a signal cancelled it; 1 otherwise. */
export function exitCodeOf(result: CliJobResult): number {
  if (result.job.status === 'completed') return EXIT.ok;
  if (result.interruptedBy) return CANCELLING_SIGNALS[result.interruptedBy];
  return EXIT.failure;
}

/** An exporter that does not exist is a usage error, as before the job could start. */
function refuseUnknownExporter(job: JobRecord): void {
  if (job.status === 'errored' && (job.error_code === 'EXPORTER_NOT_FOUND' || job.error_code === 'EXPORTER_AMBIGUOUS')) {
    throw new IdahPluginError('USAGE', job.error ?? 'no such exporter');
  }
}

/** An instant with its zone: a time without one would mean different moments on different machines. */
function sinceOf(text: string): string {
  const time = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text) || Number.isNaN(time)) {
    throw new IdahPluginError('USAGE', `--since: expected an ISO 8601 time with a zone such as 2026-05-01T00:00:00Z, got "${text}"`);
  }
  return new Date(time).toISOString();
}

function positiveNumber(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new IdahPluginError('USAGE', `${flag}: expected a positive number, got "${text}"`);
  return value;
}
