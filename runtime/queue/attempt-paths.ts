import { join } from 'node:path';

/**
 * Where one attempt (one claim) of a job keeps its things. Both names carry the lease token,
 * so two attempts of one job never share a folder or a key, and whoever takes an expired
 * lease back can name exactly what the lost attempt may have left.
 */
export interface AttemptRef {
  attempt: number;
  token: string;
}

/** The storage key of an attempt's output: `exports/<export id>/a<attempt>-<token>`. */
export const attemptStorageKey = (exportId: string, ref: AttemptRef) => `exports/${exportId}/${attemptFolderName(ref)}`;

/** The folder of running attempts under a state folder. */
export const stagingRoot = (stateDir: string) => join(stateDir, 'work');

/** The name of an attempt's folder: `a<attempt>-<token>`. */
export const attemptFolderName = (ref: AttemptRef) => `a${ref.attempt}-${ref.token}`;

/** An attempt's staging folder: `<state>/work/<job id>/a<attempt>-<token>`. */
export const attemptStagingDir = (stateDir: string, jobId: string, ref: AttemptRef) =>
  join(stagingRoot(stateDir), jobId, attemptFolderName(ref));

/** The attempt a staging folder's name stands for, or null for a name this module did not make. */
export function parseAttemptName(name: string): AttemptRef | null {
  const match = /^a([0-9]+)-([0-9a-f-]+)$/.exec(name);
  return match ? { attempt: Number(match[1]), token: match[2] as string } : null;
}
