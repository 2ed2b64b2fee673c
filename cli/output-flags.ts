import { Option } from 'commander';

/** How much of a run `export` and `demo` print. */
export interface OutputFlags {
  quiet?: boolean;
  verbose?: boolean;
}

export const quietOption = () => new Option('--quiet', 'no progress bar and no info lines: warnings, errors and the summary only');
export const verboseOption = () => new Option('--verbose', 'print the stack of an error a plugin threw (its file and line are always shown)');
