import { mkdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { IdahPluginError } from '../../runtime/errors.ts';
import { sanitizeFileName } from '../../runtime/io/file-name.ts';
import { exportsTable } from '../render/service-tables.ts';
import { type ClientFlags, clientFor, withClientOptions } from '../service-client.ts';
import type { CommandRegistrar } from './index.ts';

/** `idah-plugin exports ls|download`: a running service's exports, over HTTP. */
export const registerExportsCommand: CommandRegistrar = (program, environment) => {
  const exports = program.command('exports').description("List and download a Sync Service's exports (over HTTP)");

  withClientOptions(exports.command('ls').description('List exports, newest first, with their job status'))
    .option('--limit <n>', 'at most this many', '50')
    .action(async (flags: ClientFlags & { limit: string }) => {
      const limit = Number(flags.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new IdahPluginError('USAGE', `--limit: expected an integer from 1 to 1000, got ${flags.limit}`);
      const page = await clientFor(environment, flags).listExports({ sort: '-created_at', 'page[size]': String(limit) });
      if (flags.json) environment.stdout.write(`${JSON.stringify(page)}\n`);
      else environment.stdout.write(exportsTable(page.data, page.included ?? []));
    });

  withClientOptions(exports.command('download').description("Download an export's file").argument('<id>'))
    .option('--out <dir>', 'the folder to write it to', '.')
    .option('--output <file>', 'the file to write (instead of the name the service gives)')
    .action(async (id: string, flags: ClientFlags & { out: string; output?: string }) => {
      const folder = resolve(environment.cwd, flags.out);
      await mkdir(folder, { recursive: true });
      const result = await clientFor(environment, flags).download(id, (filename) =>
        flags.output ? resolve(environment.cwd, flags.output) : join(folder, safeName(filename) ?? `export-${id}`),
      );
      if (flags.json) environment.stdout.write(`${JSON.stringify(result)}\n`);
      else environment.stdout.write(`${result.path} (${result.size} bytes)\n`);
    });
};

/** The service's name for the file, kept inside the folder whatever it says. */
function safeName(filename: string): string | undefined {
  const name = sanitizeFileName(basename(filename.replaceAll('\\', '/')));
  return name && name !== '.' && name !== '..' ? name : undefined;
}
