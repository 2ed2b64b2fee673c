import type { Command } from 'commander';
import { DEFAULT_SYNC_URL, SYNC_TOKEN_ENV, SYNC_URL_ENV, SyncClient } from '../runtime/service/client/sync-client.ts';
import type { CliEnvironment } from './environment.ts';

export interface ClientFlags {
  url?: string;
  json?: boolean;
}

/** `--url` and `--json` on every command that talks to a running service. */
export function withClientOptions(command: Command): Command {
  return command
    .option('--url <url>', `the Sync Service (default: $${SYNC_URL_ENV}, else ${DEFAULT_SYNC_URL})`)
    .option('--json', 'print JSON instead of a table');
}

/** The client for `--url`, else `$IDAH_SYNC_URL`; the token only ever comes from `$IDAH_SYNC_TOKEN`. */
export function clientFor(environment: CliEnvironment, flags: ClientFlags): SyncClient {
  const token = environment.env[SYNC_TOKEN_ENV]?.trim();
  return new SyncClient({ url: flags.url ?? environment.env[SYNC_URL_ENV] ?? DEFAULT_SYNC_URL, ...(token ? { token } : {}) });
}
