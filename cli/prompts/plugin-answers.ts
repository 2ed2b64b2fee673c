import { IdahPluginError } from '../../runtime/errors.ts';
import type { Prompter, TextQuestion } from './prompter.ts';

/** Every answer `create` needs; each is also a flag. */
export interface CreateFlags {
  title?: string;
  description?: string;
  version?: string;
  service?: string[];
  yes?: boolean;
}

export interface PluginAnswers {
  displayName: string;
  description: string;
  version: string;
  services: string[];
  /** The services are --yes's default (sync), not chosen: the command says so. */
  servicesByDefault?: boolean;
}

/** What `--yes` adds when no --service is given: the sync backend, the exporter most plugins are for. */
export const DEFAULT_SERVICES = ['sync'];

export interface ServiceChoice {
  id: string;
  label: string;
  hint: string;
}

export interface AnswerSource {
  /** Only on a terminal; without one nothing is ever asked. */
  interactive: boolean;
  prompter: () => Prompter;
}

export const DEFAULT_VERSION = '0.0.1';
const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

export const defaultDescription = (displayName: string) => `${displayName} plugin for IDAH`;

/** A problem with a version, or undefined: package.json needs a semantic version for npm to install it. */
export function versionProblem(version: string): string | undefined {
  return SEMVER.test(version) ? undefined : `expected a semantic version such as 0.0.1, got ${JSON.stringify(version)}`;
}

function checkedVersion(version: string): string {
  const problem = versionProblem(version);
  if (problem) throw new IdahPluginError('USAGE', `--version: ${problem}`);
  return version;
}

const titleProblem = (title: string) => (title.trim() ? undefined : 'expected a non-empty display name');

function checkedTitle(title: string): string {
  const problem = titleProblem(title);
  if (problem) throw new IdahPluginError('USAGE', `--title: ${problem}`);
  return title.trim();
}

/**
 * Fills every answer from, in order: its flag; the default when --yes; a prompt on a terminal.
 * Without a terminal, fields with a default take it, and the backend services, which have
 * none, must be given (--service, or --yes for none): a usage error names the flag.
 */
export async function resolveCreateAnswers(
  pluginName: string,
  flags: CreateFlags,
  services: readonly ServiceChoice[],
  source: AnswerSource,
): Promise<PluginAnswers> {
  const prompter = source.interactive && !flags.yes ? source.prompter() : undefined;
  /** The flag; else the user's answer on a terminal; else the default. */
  const answer = (flag: string | undefined, question: TextQuestion & { defaultValue: string }) =>
    flag !== undefined ? flag : prompter ? prompter.text(question) : question.defaultValue;

  const displayName = checkedTitle(
    await answer(flags.title, { message: 'Display name', defaultValue: pluginName, validate: titleProblem }),
  );
  const description = (
    await answer(flags.description, { message: 'Description', defaultValue: defaultDescription(displayName) })
  ).trim();
  const version = checkedVersion(
    await answer(flags.version, { message: 'Version', defaultValue: DEFAULT_VERSION, validate: versionProblem }),
  );
  const byDefault = flags.service === undefined && Boolean(flags.yes);
  const chosen = flags.service ?? (flags.yes ? DEFAULT_SERVICES : prompter ? await askServices(prompter, services) : undefined);
  if (chosen === undefined) throw missingServices(services);
  return { displayName, description, version, services: [...new Set(chosen)], ...(byDefault ? { servicesByDefault: true } : {}) };
}

export function askServices(prompter: Prompter, services: readonly ServiceChoice[]) {
  return prompter.multiselect({
    message: 'Backend services (none for a frontend-only plugin)',
    choices: services.map((service) => ({ value: service.id, label: service.label, hint: service.hint })),
  });
}

/** Without a terminal, the services must come as flags. `orYes` for commands that have --yes. */
export function missingServices(services: readonly ServiceChoice[], orYes = ', --service none for none, or --yes for sync'): IdahPluginError {
  const ids = services.map((service) => service.id).join('|');
  return new IdahPluginError('USAGE', `no terminal to ask which backend services to add: pass --service ${ids} (repeatable)${orYes}`);
}
