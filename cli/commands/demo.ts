import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Host, updDatasetStats } from '../../runtime/host.ts';
import { checkOutDir } from '../check-out-dir.ts';
import { createDemoUpd } from '../demo/create-demo-upd.ts';
import { describeOutput } from '../demo/describe-output.ts';
import { loadHostForCli } from '../load-host.ts';
import { type OutputFlags, quietOption, verboseOption } from '../output-flags.ts';
import { formatCount } from '../render/format.ts';
import { printJobSummary } from '../render/job-summary.ts';
import { runJobForCli } from '../run-job.ts';
import { exitCodeOf } from './export.ts';
import type { CommandRegistrar } from './index.ts';
import { terminalText } from '../render/terminal-text.ts';

/** The bundled exporters the demo prefers, most useful first. */
const PREFERRED_EXPORTERS = ['coco', 'json'];

export const registerDemoCommand: CommandRegistrar = (program, environment) => {
  program
    .command('demo')
    .description('Create demo.upd (generated street scenes) if missing, export it, and show the result')
    .option('--out <dir>', 'where the export is written', './exports')
    .option('--source <file.upd>', 'the demo file to create or reuse', 'demo.upd')
    .addOption(quietOption())
    .addOption(verboseOption())
    .action(async (flags: { out: string; source: string } & OutputFlags) => {
      const out = environment.stderr;
      const quiet = flags.quiet === true;
      const info = (line: string) => {
        if (!quiet) out.write(line);
      };
      const outDir = resolve(environment.cwd, flags.out);
      await checkOutDir(outDir);
      const host = await loadHostForCli(environment, undefined, { quiet });
      const sourcePath = resolve(environment.cwd, flags.source);
      if (existsSync(sourcePath)) {
        info(`using ${flags.source} (delete it to generate it again)\n`);
      } else {
        info(`creating ${flags.source}: generated street scenes with boxes, polygons, circles, ellipses, lines and masks...\n`);
        await createDemoUpd(host, sourcePath);
      }
      for (const dataset of await updDatasetStats(sourcePath)) {
        info(
          `  dataset ${terminalText(dataset.id)} (${terminalText(dataset.modality)}): ${formatCount(dataset.entries)} entries, ${formatCount(dataset.annotations)} annotations, ${formatCount(dataset.medias)} medias\n`,
        );
      }
      const registration = pickExporter(host);
      info(`exporting with ${registration.id} (${registration.name})\n`);
      const result = await runJobForCli(environment, {
        exporter: registration.id,
        label: registration.name,
        plugins: { cwd: environment.cwd },
        source: { kind: 'upd', path: sourcePath },
        datasetIds: 'all',
        options: {},
        outDir,
        quiet,
      });
      const { job } = result;
      printJobSummary(out, job, environment.cwd, { ...result, verbose: flags.verbose === true });
      if (job.output) for (const line of await describeOutput(job.output)) out.write(`    ${terminalText(line)}\n`);
      if (job.status === 'completed' && !quiet) {
        const next = [
          ['npx idah-plugin formats', 'every exporter and its options'],
          [`npx idah-plugin export json --source ${flags.source}`, 'another format'],
          ['npx idah-plugin create my-plugin ./plugins', 'write your own exporter'],
        ];
        const width = Math.max(...next.map(([command]) => (command as string).length));
        out.write('\nnext:\n');
        for (const [command, why] of next) out.write(`  ${(command as string).padEnd(width)}  # ${why}\n`);
      }
      environment.exitCode = exitCodeOf(result);
    });
};

function pickExporter(host: Host) {
  const names = host.report.plugins.map((plugin) => plugin.name);
  const preferred = PREFERRED_EXPORTERS.find((name) => names.includes(name)) ?? 'json';
  return host.registry.resolve(preferred);
}
