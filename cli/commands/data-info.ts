import { resolve } from 'node:path';
import { isIdahSourceUrl, liveDatasetStats, openSourceFromFlag, updDatasetStats } from '../../runtime/host.ts';
import { formatCount } from '../render/format.ts';
import { terminalText } from '../render/terminal-text.ts';
import type { CommandRegistrar } from './index.ts';

export const registerDataCommand: CommandRegistrar = (program, environment) => {
  const data = program.command('data').description('Inspect data sources');
  data
    .command('info')
    .description('List the datasets of a UPD file (or a live IDAH) with their modality and entry, annotation and media counts')
    .argument('<file.upd|idah+https://host>', 'the UPD file, or a live IDAH (its entry counts only)')
    .option('--credentials-file <file.json>', 'a live IDAH\'s credentials (default: $IDAH_TOKEN, $IDAH_API_KEY or $IDAH_EMAIL + $IDAH_PASSWORD)')
    .option('--json', 'print one JSON object')
    .action(async (file: string, flags: { json?: boolean; credentialsFile?: string }) => {
      const live = isIdahSourceUrl(file);
      const path = live ? file : resolve(environment.cwd, file);
      const datasets: Array<{ id: string; name: string; modality: string; entries: number | null; annotations: number | null; medias: number | null }> = live
        ? await readLiveStats(file, environment, flags.credentialsFile)
        : await updDatasetStats(path);
      if (flags.json) {
        environment.stdout.write(`${JSON.stringify({ file: path, datasets })}\n`);
        return;
      }
      environment.stdout.write(`${terminalText(path)}\n`);
      if (datasets.length === 0) environment.stdout.write('  no datasets\n');
      const rows = [
        ['id', 'name', 'modality', 'entries', 'annotations', 'medias'],
        ...datasets.map((d) => [terminalText(d.id), terminalText(d.name), terminalText(d.modality), countCell(d.entries), countCell(d.annotations), countCell(d.medias)]),
      ];
      const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
      for (const row of rows) {
        environment.stdout.write(`  ${row.map((cell, column) => (column >= 3 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ')}\n`);
      }
    });
};

const countCell = (value: number | null) => (value === null ? '-' : formatCount(value));

async function readLiveStats(url: string, environment: { cwd: string; env: NodeJS.ProcessEnv }, credentialsFile: string | undefined) {
  const source = await openSourceFromFlag(url, { cwd: environment.cwd, env: environment.env, credentialsFile });
  try {
    return await liveDatasetStats(source);
  } finally {
    await source.close();
  }
}
