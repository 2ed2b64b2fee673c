import { IdahPluginError } from '../../runtime/errors.ts';
import { EXIT } from '../environment.ts';
import { collect } from '../parse-options.ts';
import { jobDetails, jobsTable } from '../render/service-tables.ts';
import { type ClientFlags, clientFor, withClientOptions } from '../service-client.ts';
import type { CommandRegistrar } from './index.ts';

interface ListFlags extends ClientFlags {
  status: string[];
  limit: string;
}

const print = (stream: NodeJS.WritableStream, value: unknown) => stream.write(`${JSON.stringify(value)}\n`);

/** `idah-plugin jobs ls|show|logs|cancel|retry`: a running service's jobs, over HTTP. */
export const registerJobsCommand: CommandRegistrar = (program, environment) => {
  const jobs = program.command('jobs').description("List, follow, cancel and retry a Sync Service's jobs (over HTTP)");

  withClientOptions(jobs.command('ls').description('List jobs, newest first'))
    .option('--status <status>', 'only jobs with this status (repeatable)', collect, [])
    .option('--limit <n>', 'at most this many', '50')
    .action(async (flags: ListFlags) => {
      const limit = Number(flags.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new IdahPluginError('USAGE', `--limit: expected an integer from 1 to 1000, got ${flags.limit}`);
      const query: Record<string, string> = { sort: '-created_at', 'page[size]': String(limit) };
      if (flags.status.length > 0) query['filter[status__in]'] = flags.status.join(',');
      const page = await clientFor(environment, flags).listJobs(query);
      if (flags.json) print(environment.stdout, page);
      else environment.stdout.write(jobsTable(page.data));
    });

  withClientOptions(jobs.command('show').description('One job, with its exports').argument('<id>')).action(async (id: string, flags: ClientFlags) => {
    const job = await clientFor(environment, flags).getJob(id);
    if (flags.json) print(environment.stdout, job);
    else environment.stdout.write(jobDetails(job.data));
  });

  withClientOptions(jobs.command('logs').description("A job's log lines").argument('<id>'))
    .option('--follow', 'keep printing new lines until the job finishes')
    .action(async (id: string, flags: ClientFlags & { follow?: boolean }) => {
      const client = clientFor(environment, flags);
      const write = (line: { seq: number; at: string; level: string; message: string }) => {
        if (flags.json) print(environment.stdout, line);
        else environment.stdout.write(`${line.at} ${line.level.padEnd(5)} ${line.message}\n`);
      };
      if (flags.follow) {
        for await (const line of client.followLogs(id)) write(line);
        const job = await client.getJob(id);
        environment.exitCode = job.data.attributes.status === 'completed' ? EXIT.ok : EXIT.failure;
        return;
      }
      let after = 0;
      for (;;) {
        const page = await client.logs(id, after);
        for (const line of page.data) write(line);
        if (page.data.length === 0 || page.meta.next_after === after) break;
        after = page.meta.next_after;
      }
    });

  for (const [name, description] of [
    ['cancel', 'Cancel a pending or running job'],
    ['retry', 'Run an errored or cancelled job again'],
  ] as const) {
    withClientOptions(jobs.command(name).description(description).argument('<id>')).action(async (id: string, flags: ClientFlags) => {
      const client = clientFor(environment, flags);
      const job = name === 'cancel' ? await client.cancelJob(id) : await client.retryJob(id);
      if (flags.json) print(environment.stdout, job);
      else environment.stdout.write(`job ${job.data.id}: ${String(job.data.attributes.status)}${job.data.attributes.cancel_requested_at && job.data.attributes.status === 'running' ? ' (cancel requested)' : ''}\n`);
    });
  }
};
