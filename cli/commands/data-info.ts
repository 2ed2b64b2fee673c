import { resolve } from 'node:path';
import { updDatasetStats } from '../../runtime/index.ts';
import { formatCount } from '../render/format.ts';
import { terminalText } from '../render/terminal-text.ts';
import type { CommandRegistrar } from './index.ts';

export const registerDataCommand: CommandRegistrar = (program, environment) => {
  const data = program.command('data').description('Inspect data sources');
  data
    .command('info')
    .description('List the datasets of a UPD file with their modality and entry, annotation and media counts')
    .argument('<file.upd>', 'the UPD file')
    .option('--json', 'print one JSON object')
    .action(async (file: string, flags: { json?: boolean }) => {
      const path = resolve(environment.cwd, file);
      const datasets = await updDatasetStats(path);
      if (flags.json) {
        environment.stdout.write(`${JSON.stringify({ file: path, datasets })}\n`);
        return;
      }
      environment.stdout.write(`${terminalText(path)}\n`);
      if (datasets.length === 0) environment.stdout.write('  no datasets\n');
      const rows = [
        ['id', 'name', 'modality', 'entries', 'annotations', 'medias'],
        ...datasets.map((d) => [terminalText(d.id), terminalText(d.name), terminalText(d.modality), formatCount(d.entries), formatCount(d.annotations), formatCount(d.medias)]),
      ];
      const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
      for (const row of rows) {
        environment.stdout.write(`  ${row.map((cell, column) => (column >= 3 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ')}\n`);
      }
    });
};
