import { IdahPluginError } from '../../runtime/errors.ts';
import { collect, parseExporterOptions } from '../parse-options.ts';
import { schedulesTable } from '../render/service-tables.ts';
import { type ClientFlags, clientFor, withClientOptions } from '../service-client.ts';
import type { CommandRegistrar } from './index.ts';

interface AddFlags extends ClientFlags {
  cron: string;
  timezone: string;
  project: string;
  datasets: string;
  exporter: string;
  option: string[];
  optionsJson?: string;
  destinationJson?: string;
  incremental?: boolean;
  name?: string;
  priority?: string;
}

const print = (stream: NodeJS.WritableStream, value: unknown) => stream.write(`${JSON.stringify(value)}\n`);

function destinationOf(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new IdahPluginError('USAGE', `--destination-json: expected a JSON object, got invalid JSON (${(error as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new IdahPluginError('USAGE', `--destination-json: expected a JSON object, got ${text}`);
  return parsed as Record<string, unknown>;
}

/** `idah-plugin schedules ls|add|rm|pause|resume`: a running service's schedules, over HTTP. */
export const registerSchedulesCommand: CommandRegistrar = (program, environment) => {
  const schedules = program.command('schedules').description("List, add and remove a Sync Service's scheduled exports (over HTTP)");

  withClientOptions(schedules.command('ls').description('List schedules, newest first'))
    .option('--status <status>', 'only active or paused ones')
    .option('--limit <n>', 'at most this many', '50')
    .action(async (flags: ClientFlags & { status?: string; limit: string }) => {
      const limit = Number(flags.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new IdahPluginError('USAGE', `--limit: expected an integer from 1 to 1000, got ${flags.limit}`);
      if (flags.status !== undefined && flags.status !== 'active' && flags.status !== 'paused') {
        throw new IdahPluginError('USAGE', `--status: expected active or paused, got ${JSON.stringify(flags.status)}`);
      }
      const query: Record<string, string> = { sort: '-created_at', 'page[size]': String(limit) };
      if (flags.status) query['filter[status]'] = flags.status;
      const page = await clientFor(environment, flags).listSchedules(query);
      if (flags.json) print(environment.stdout, page);
      else environment.stdout.write(schedulesTable(page.data));
    });

  withClientOptions(
    schedules
      .command('add')
      .description('Schedule an export: each slot of the cron pattern queues one job')
      .requiredOption('--cron <pattern>', 'when, as cron: "0 2 * * *" (minute hour day month weekday), 6 fields with seconds first')
      .option('--timezone <zone>', 'the IANA time zone the pattern is read in', 'UTC')
      .requiredOption('--project <id>', 'the project (the UPD file <id>.upd in the service\'s --data folder)')
      .requiredOption('--datasets <ids>', 'dataset ids separated by commas')
      .requiredOption('--exporter <id>', 'the exporter (Module::Class, or a plugin with one exporter)')
      .option('--option <key=value>', 'an exporter option (repeatable; values are JSON when they parse)', collect, [])
      .option('--options-json <json>', 'exporter options as one JSON object')
      .option('--destination-json <json>', 'where each output goes besides storage, as a JSON object (references to secrets only)')
      .option('--incremental', 'export only the entries changed since the last completed export of this schedule')
      .option('--name <name>', 'a name to recognise it by')
      .option('--priority <n>', 'job priority, higher first'),
  ).action(async (flags: AddFlags) => {
    const datasets = flags.datasets.split(',').map((id) => id.trim()).filter(Boolean);
    if (datasets.length === 0) throw new IdahPluginError('USAGE', `--datasets: expected dataset ids separated by commas, got ${JSON.stringify(flags.datasets)}`);
    const priority = flags.priority === undefined ? undefined : Number(flags.priority);
    if (priority !== undefined && !Number.isInteger(priority)) throw new IdahPluginError('USAGE', `--priority: expected an integer, got ${flags.priority}`);
    const destination = destinationOf(flags.destinationJson);
    const created = await clientFor(environment, flags).createSchedule({
      cron: flags.cron,
      timezone: flags.timezone,
      project_id: flags.project,
      dataset_ids: datasets,
      exporter: flags.exporter,
      options: parseExporterOptions(flags.option, flags.optionsJson),
      ...(destination ? { destination } : {}),
      ...(flags.incremental ? { incremental: true } : {}),
      ...(flags.name ? { name: flags.name } : {}),
      ...(priority !== undefined ? { priority } : {}),
    });
    if (flags.json) print(environment.stdout, created);
    else environment.stdout.write(`schedule ${created.data.id}: ${String(created.data.attributes.cron)} (${String(created.data.attributes.timezone)}), next run ${String(created.data.attributes.next_run_at)}\n`);
  });

  withClientOptions(schedules.command('rm').description('Remove a schedule (its jobs and exports stay)').argument('<id>')).action(async (id: string, flags: ClientFlags) => {
    await clientFor(environment, flags).deleteSchedule(id);
    if (flags.json) print(environment.stdout, { id, deleted: true });
    else environment.stdout.write(`schedule ${id} removed\n`);
  });

  for (const [action, description] of [
    ['pause', 'Stop queuing jobs for a schedule'],
    ['resume', 'Queue jobs again from the next slot (slots missed while paused are skipped)'],
  ] as const) {
    withClientOptions(schedules.command(action).description(description).argument('<id>')).action(async (id: string, flags: ClientFlags) => {
      const row = await clientFor(environment, flags).setScheduleState(id, action);
      if (flags.json) print(environment.stdout, row);
      else environment.stdout.write(`schedule ${row.data.id}: ${String(row.data.attributes.status)}, next run ${String(row.data.attributes.next_run_at)}\n`);
    });
  }
};
