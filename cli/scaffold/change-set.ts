/**
 * What a scaffolding run wants the disk to look like, before anything touches the disk.
 * Real runs and dry runs are both computed from the same change set.
 */
export interface FileChange {
  /** Relative to the run's root folder, with `/` separators. */
  path: string;
  contents: string | Buffer;
  /**
   * What an existing, different file means: `conflict` (the default: kept unless --force)
   * or `update` (this run means to change it, e.g. adding `backend` to a manifest).
   */
  whenDifferent?: 'conflict' | 'update';
}

export type ChangeSet = FileChange[];

export function contentsAsBuffer(contents: string | Buffer): Buffer {
  return typeof contents === 'string' ? Buffer.from(contents, 'utf8') : contents;
}
