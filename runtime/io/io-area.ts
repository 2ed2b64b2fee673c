import { join } from 'node:path';

/**
 * The fixed layout of a job's io area. Output, zip and scratch live in separate folders, so the
 * zip is never inside the folder it zips and cleanup() can never reach the output.
 */
export interface IoArea {
  root: string;
  /** File mode: the one output file lives here. */
  fileFolder: string;
  /** Directory mode: the exporter's output directory. */
  outputDirectory: string;
  /** Where the output directory's zip is written. */
  zipFolder: string;
  /** tempPath() files; the only thing cleanup() removes. */
  scratchFolder: string;
}

export function ioAreaAt(root: string): IoArea {
  return {
    root,
    fileFolder: join(root, 'file'),
    outputDirectory: join(root, 'directory'),
    zipFolder: join(root, 'zip'),
    scratchFolder: join(root, 'scratch'),
  };
}
