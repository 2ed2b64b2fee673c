import { InvalidArgumentError, Option } from 'commander';
import { backendServices } from './templates.ts';

/** `--service <kind>`, repeatable or comma-separated, checked against the template's backend kinds. */
export function serviceOption(): Option {
  const ids = backendServices().map((service) => service.id);
  return new Option('--service <kind>', `backend service to add: ${ids.join(' or ')} (repeatable), or none`).argParser(
    (value: string, previous: string[] | undefined) => {
      // `none`: a frontend-only plugin, said explicitly (`create --yes` alone adds sync).
      if (value.trim() === 'none') return [...(previous ?? [])];
      const given = value.split(',').map((part) => part.trim()).filter(Boolean);
      const unknown = given.filter((id) => !ids.includes(id));
      if (unknown.length > 0 || given.length === 0) {
        throw new InvalidArgumentError(`expected ${ids.join(' or ')} (or none), got ${JSON.stringify(value)}.`);
      }
      return [...(previous ?? []), ...given];
    },
  );
}

export const dryRunOption = () => new Option('--dry-run', 'print the files it would write, and write nothing');
export const forceOption = () => new Option('--force', 'overwrite existing files whose contents differ');
