import { IdahPluginError } from '../../runtime/errors.ts';
import type { CliEnvironment } from '../environment.ts';
import { applyPlan } from './apply.ts';
import type { ChangeSet } from './change-set.ts';
import { type Plan, type PlannedChange, planChanges, problemsOf, writesOf } from './plan.ts';
import { displayPath, formatPlan, summarizePlan } from './report.ts';

export interface ScaffoldRequest {
  /** The absolute folder the change set's paths are relative to. */
  root: string;
  changes: ChangeSet;
  force: boolean;
  dryRun: boolean;
  environment: CliEnvironment;
}

export interface ScaffoldOutcome {
  plan: Plan;
  /** Whether files were written (false for a dry run or when everything was identical). */
  wrote: boolean;
}

/** Plans a change set against the disk, prints the plan, and (unless a dry run) writes it. */
export async function runScaffold(request: ScaffoldRequest): Promise<ScaffoldOutcome> {
  const { environment } = request;
  const plan = await planChanges(request.changes, request.root, { force: request.force });
  environment.stdout.write(formatPlan(plan, environment.cwd));

  const problems = problemsOf(plan);
  if (problems.length > 0) {
    const prefix = request.dryRun ? 'dry run: nothing was written, and a real run would stop: ' : 'nothing was written: ';
    throw new IdahPluginError('SCAFFOLD_FAILED', prefix + describeProblems(problems, environment.cwd));
  }
  if (request.dryRun) {
    environment.stdout.write(`dry run: nothing was written (${summarizePlan(plan)})\n`);
    return { plan, wrote: false };
  }
  if (writesOf(plan).length === 0) {
    environment.stdout.write(`nothing to write: every file is already as it would be generated (${summarizePlan(plan)})\n`);
    return { plan, wrote: false };
  }
  await applyPlan(plan);
  return { plan, wrote: true };
}

function describeProblems(problems: PlannedChange[], cwd: string): string {
  const conflicts = problems.filter((change) => change.action === 'conflict');
  const blocked = problems.filter((change) => change.action === 'blocked');
  const parts: string[] = [];
  if (conflicts.length > 0) {
    parts.push(
      `${conflicts.length} file(s) already exist with other contents (${conflicts
        .map((change) => displayPath(change.absolutePath, cwd))
        .join(', ')}); pass --force to overwrite them`,
    );
  }
  for (const change of blocked) parts.push(`${displayPath(change.absolutePath, cwd)}: ${change.reason}`);
  return parts.join('; ');
}
