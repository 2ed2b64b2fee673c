import { isIP } from 'node:net';
import { createLogger, formatLogEntry, IdahPluginError, sourceDescriptorFromFlag } from '../../runtime/host.ts';
import { isIdahSourceUrl } from '../../runtime/sources/idah-api/source-url.ts';
import type { SourceDescriptor } from '../../runtime/sources/source-descriptor.ts';
import type { AuthConfig } from '../../runtime/service/auth/authenticate.ts';
import { parseDuration } from '../../runtime/service/duration.ts';
import type { CliEnvironment } from '../environment.ts';
import { concurrencyOf, keepOf, settingsFrom, type StoreFlags, untilSignal, withStoreOptions } from '../service-flags.ts';
import type { CommandRegistrar } from './index.ts';

interface ServeFlags extends StoreFlags {
  host: string;
  port: string;
  data: string;
  worker: boolean;
  tokenFile?: string;
  jwtPublicKey?: string;
  jobTimeout?: string;
  inProcess?: boolean;
  source?: string;
  credentialsFile?: string;
}

const isLoopback = (host: string) => host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));

/** Tokens never come from the command line: a file, or `$IDAH_SYNC_TOKENS`. */
async function authFrom(environment: CliEnvironment, flags: ServeFlags): Promise<AuthConfig> {
  const { StaticTokens, TOKENS_ENV } = await import('../../runtime/service/auth/static-tokens.ts');
  const { JwtVerifier } = await import('../../runtime/service/auth/jwt-verifier.ts');
  const auth: AuthConfig = {};
  if (flags.tokenFile) auth.tokens = await StaticTokens.fromFile(flags.tokenFile);
  else if (environment.env[TOKENS_ENV]?.trim()) auth.tokens = new StaticTokens(environment.env[TOKENS_ENV] as string, `$${TOKENS_ENV}`);
  if (flags.jwtPublicKey) auth.jwt = await JwtVerifier.fromFile(flags.jwtPublicKey);
  return auth;
}

/** `--source idah+https://host`: a live IDAH, its credentials named (a file path or the IDAH_* variables), never given. */
function liveSourceOf(environment: CliEnvironment, flags: ServeFlags) {
  if (flags.source === undefined) {
    if (flags.credentialsFile !== undefined) throw new IdahPluginError('USAGE', '--credentials-file: only with --source idah+https://host');
    return undefined;
  }
  if (!isIdahSourceUrl(flags.source)) {
    throw new IdahPluginError('USAGE', `--source: expected a live IDAH as idah+https://host (idah+http:// for a local one), got ${JSON.stringify(flags.source)}; UPD files are served from --data <dir>`);
  }
  return sourceDescriptorFromFlag(flags.source, {
    cwd: environment.cwd,
    ...(flags.credentialsFile !== undefined ? { credentialsFile: flags.credentialsFile } : {}),
  }) as Extract<SourceDescriptor, { kind: 'idah-api' }>;
}

export const registerServeCommand: CommandRegistrar = (program, environment) => {
  withStoreOptions(
    program
      .command('serve')
      .description("Run the Sync Service: IDAH's HTTP API under /api/v1/sync, the web page, and a worker")
      .option('--host <host>', 'the address to listen on (no auth is needed on 127.0.0.1 by default)', '127.0.0.1')
      .option('--port <port>', 'the port (0: any free one)', '8787')
      .option('--data <dir>', 'the folder of UPD files the service exports from', '.')
      .option('--source <idah+https://host>', 'export from a live IDAH instead of UPD files (idah+http:// for a local one)')
      .option('--credentials-file <file.json>', 'the live IDAH\'s credentials: {"token"}, {"api_key"} or {"email", "password"} (default: $IDAH_TOKEN, $IDAH_API_KEY or $IDAH_EMAIL + $IDAH_PASSWORD)')
      .option('--no-worker', 'serve the API only; run jobs with `idah-plugin worker`')
      .option('--token-file <file>', 'static bearer tokens, one per line (or $IDAH_SYNC_TOKENS)')
      .option('--jwt-public-key <file>', "verify IDAH's ES256 tokens with this public key (PEM)")
      .option('--job-timeout <duration>', 'stop an attempt running longer than this, e.g. 30m')
      .option('--in-process', 'run exports in the service process itself (debugging; a plugin can then take the service down)'),
  ).action(async (flags: ServeFlags) => {
    const port = Number(flags.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new IdahPluginError('USAGE', `--port: expected 0 to 65535, got ${flags.port}`);
    const settings = settingsFrom(environment, flags);
    const auth = await authFrom(environment, flags);
    if (!auth.tokens && !auth.jwt && !isLoopback(flags.host)) {
      throw new IdahPluginError('USAGE', `--host ${flags.host}: listening beyond this machine needs --token-file, $IDAH_SYNC_TOKENS or --jwt-public-key`);
    }
    const logger = createLogger('serve', (entry) => {
      if (entry.level !== 'debug') environment.stderr.write(`${formatLogEntry(entry)}\n`);
    });
    const source = liveSourceOf(environment, flags);
    const keepMs = keepOf(flags);
    const jobTimeoutMs = flags.jobTimeout ? parseDuration(flags.jobTimeout, '--job-timeout') : undefined;
    // The service (store drivers, HTTP, the page) loads only for this command.
    const { startService } = await import('../../runtime/service/start-service.ts');
    const { queueWorkerStarter } = await import('../../runtime/service/queue-worker.ts');
    const { mountUi } = await import('../../runtime/service/ui/mount-ui.ts');
    const service = await startService({
      ...settings,
      host: flags.host,
      port,
      dataDir: flags.data,
      ...(source ? { source } : {}),
      auth,
      concurrency: concurrencyOf(flags),
      ...(keepMs ? { keepMs } : {}),
      ...(jobTimeoutMs ? { jobTimeoutMs } : {}),
      ...(flags.worker ? { startWorker: queueWorkerStarter({ logger, ...(flags.inProcess ? { inProcess: true } : {}) }) } : {}),
      mounts: [(app, { apiBase }) => mountUi(app, { apiBase })],
      scheduler: { logger },
    });
    const { store, storage, catalog, host } = service.context;
    environment.stdout.write(`Sync Service listening on ${service.url}/ (API ${service.url}/api/v1/sync)\n`);
    environment.stderr.write(
      `  store ${store.driver} ${store.description}; outputs ${storage.description}; ${catalog.kind === 'idah-api' ? 'live IDAH' : 'data'} ${catalog.root}\n` +
        `  ${host.report.plugins.length} plugins, ${host.registry.list().length} exporters${host.report.failures.length ? `, ${host.report.failures.length} broken (GET /api/v1/sync/plugins)` : ''}; ` +
        `${flags.worker ? `worker with concurrency ${concurrencyOf(flags)}` : 'no worker (--no-worker)'}; auth ${auth.tokens || auth.jwt ? 'required' : 'off (127.0.0.1 only)'}\n`,
    );
    const signal = await untilSignal();
    environment.stderr.write(`${signal}: draining\n`);
    await service.close();
    environment.stderr.write('stopped\n');
  });
};
