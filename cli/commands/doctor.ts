import { EXIT } from '../environment.ts';
import { settingsFrom, type StoreFlags, withStoreOptions } from '../service-flags.ts';
import type { CommandRegistrar } from './index.ts';

/** `idah-plugin doctor`: what this machine has and lacks, with the job store and storage the flags name. */
export const registerDoctorCommand: CommandRegistrar = (program, environment) => {
  withStoreOptions(program.command('doctor').description('Check Node, DuckDB, the job store, the output storage, the plugins and the external tools'), { running: false })
    .option('--json', 'print one JSON object')
    .action(async (flags: StoreFlags & { json?: boolean }) => {
      const { runDoctor } = await import('../../runtime/service/doctor.ts');
      const checks = await runDoctor(settingsFrom(environment, { ...flags, concurrency: '1' }));
      const ok = checks.every((check) => check.ok || !check.required);
      if (flags.json) environment.stdout.write(`${JSON.stringify({ ok, checks })}\n`);
      else {
        for (const check of checks) {
          const mark = check.ok ? 'ok  ' : check.required ? 'FAIL' : 'warn';
          environment.stdout.write(`${mark}  ${check.name.padEnd(16)} ${check.detail}\n`);
        }
        environment.stdout.write(ok ? 'everything needed is here\n' : 'something needed is missing (FAIL above)\n');
      }
      environment.exitCode = ok ? EXIT.ok : EXIT.failure;
    });
};
