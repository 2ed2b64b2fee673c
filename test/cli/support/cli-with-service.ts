import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { type RunningService, startService, type StartServiceOptions } from '../../../runtime/service/start-service.ts';
import { twoDatasets } from '../../support/fixtures.ts';
import { writeUpdFile } from '../../support/upd-file.ts';
import { type CliRun, runCli } from './run-cli.ts';

export interface CliWithServiceOptions {
  /** The temp folder's name prefix. */
  prefix: string;
  /** Entries of `big` and `small` in `data/data.upd`. */
  entries: [big: number, small: number];
  /** What differs from a service on a free port with no auth, one job at a time, over `data/`. */
  service?: Partial<Omit<StartServiceOptions, 'cwd'>>;
  /** The environment of every CLI run that gives none of its own (`IDAH_SYNC_URL` is always set). */
  env?: NodeJS.ProcessEnv;
}

export interface CliWithService {
  /** The temp folder: the service's and the CLI's current folder. */
  readonly work: string;
  readonly service: RunningService;
  /** Runs `idah-plugin <argv>` in this process against the service. */
  cli(argv: string[], env?: NodeJS.ProcessEnv): Promise<CliRun>;
}

/** Starts a service over a temp folder before the file's tests and closes it after them. */
export function useCliWithService(options: CliWithServiceOptions): CliWithService {
  let work = '';
  let service: RunningService | undefined;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), options.prefix));
    await mkdir(join(work, 'data'));
    await writeUpdFile(join(work, 'data'), 'data.upd', twoDatasets(...options.entries));
    service = await startService({ stateDir: '.state', host: '127.0.0.1', port: 0, dataDir: 'data', auth: {}, concurrency: 1, ...options.service, cwd: work });
  }, 90_000);
  afterAll(async () => {
    await service?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });
  const running = () => {
    if (!service) throw new Error('the service starts in beforeAll');
    return service;
  };
  return {
    get work() {
      return work;
    },
    get service() {
      return running();
    },
    cli: (argv, env = options.env ?? {}) => runCli(argv, { cwd: work, env: { ...env, IDAH_SYNC_URL: running().url } }),
  };
}
