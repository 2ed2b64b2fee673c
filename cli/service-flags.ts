import type { Command } from 'commander';
import { IdahPluginError } from '../runtime/errors.ts';
import { parseDuration } from '../runtime/service/duration.ts';
import { DEFAULT_STATE_DIR, type ServiceSettings } from '../runtime/service/service-settings.ts';
import type { CliEnvironment } from './environment.ts';

/** The database URL may hold a password: it can come from the environment instead of the command line. */
export const DB_ENV = 'IDAH_SYNC_DB';

export interface StoreFlags {
  state: string;
  db?: string;
  plugins?: string;
  storage?: string;
  s3Endpoint?: string;
  s3Region?: string;
  concurrency: string;
  keep?: string;
  secretsFile?: string;
  publicUrl?: string;
  localDestinationRoot?: string[];
}

/** The flags `serve`, `worker` and `doctor` share: store, storage, plugins. */
export function withStoreOptions(command: Command, { running = true } = {}): Command {
  command
    .option('--state <dir>', 'the embedded job store (idah.db) and local outputs', DEFAULT_STATE_DIR)
    .option('--db <url>', `a PostgreSQL URL shared by every serve and worker (default: $${DB_ENV}; else SQLite in --state)`)
    .option('--plugins <paths>', 'plugin folders or globs, separated by ";" (default: $IDAH_PLUGIN_PATH)')
    .option('--storage <s3://bucket/prefix>', 'keep outputs in an S3-compatible bucket (credentials from the AWS environment or profile)')
    .option('--s3-endpoint <url>', 'an S3-compatible endpoint (path-style), e.g. http://127.0.0.1:9000')
    .option('--s3-region <region>', 'the bucket region (default: $AWS_REGION, else us-east-1)');
  if (running) {
    command
      .option('--concurrency <n>', 'jobs this process runs at once', '1')
      .option('--keep <duration>', 'remove exports older than this and answer 410 for them, e.g. 7d, 12h')
      .option('--secrets-file <file.json>', 'named secrets for destinations\' "secret:NAME" references (else $IDAH_SECRET_<NAME>)')
      .option('--public-url <url>', "the service's address as clients reach it, for download links in delivery notifications")
      .option('--local-destination-root <dir>', 'a folder "local" destinations may write into (repeatable; default: any folder)', (value: string, all: string[] = []) => [...all, value]);
  }
  return command;
}

export function settingsFrom(environment: CliEnvironment, flags: StoreFlags): ServiceSettings {
  const db = flags.db ?? environment.env[DB_ENV]?.trim();
  if (db && !/^postgres(ql)?:\/\//.test(db)) throw new IdahPluginError('USAGE', `--db: expected a postgres:// URL, got ${JSON.stringify(db.replace(/:[^:@/]*@/, ':***@'))}`);
  return {
    cwd: environment.cwd,
    stateDir: flags.state,
    ...(db ? { db } : {}),
    ...(flags.plugins !== undefined ? { plugins: flags.plugins } : {}),
    ...(flags.storage ? { storage: flags.storage } : {}),
    ...(flags.s3Endpoint ? { s3Endpoint: flags.s3Endpoint } : {}),
    ...(flags.s3Region ? { s3Region: flags.s3Region } : {}),
    ...(flags.secretsFile ? { secretsFile: flags.secretsFile } : {}),
    ...(flags.publicUrl ? { publicUrl: publicUrlOf(flags.publicUrl) } : {}),
    ...(flags.localDestinationRoot?.length ? { localDestinationRoots: flags.localDestinationRoot } : {}),
  };
}

function publicUrlOf(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new IdahPluginError('USAGE', `--public-url: expected an http(s) URL such as https://sync.example.com, got ${JSON.stringify(value)}`);
  }
  return url.href.replace(/\/+$/, '');
}

export function concurrencyOf(flags: StoreFlags): number {
  const value = Number(flags.concurrency);
  if (!Number.isInteger(value) || value < 1 || value > 64) throw new IdahPluginError('USAGE', `--concurrency: expected an integer from 1 to 64, got ${flags.concurrency}`);
  return value;
}

export const keepOf = (flags: StoreFlags) => (flags.keep ? parseDuration(flags.keep, '--keep') : undefined);

/** Resolves once SIGTERM or SIGINT arrives (a second one quits at once). */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let received = false;
    const listener = (signal: NodeJS.Signals) => {
      if (received) process.exit(130);
      received = true;
      resolve(signal);
    };
    process.on('SIGTERM', listener);
    process.on('SIGINT', listener);
  });
}
