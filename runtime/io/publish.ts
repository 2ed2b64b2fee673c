import { constants } from 'node:fs';
import { copyFile, link, mkdir, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { IdahPluginError } from '../errors.ts';
import { splitExtension } from './file-name.ts';
import type { StagedOutput } from './io-context.ts';
import { checkPlainName } from './path-rules.ts';

const MAX_SUFFIX = 10_000;

/** Errors from link() that mean "hard links do not work here", not "the name is taken". */
const LINK_UNSUPPORTED = new Set(['EXDEV', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK']);

/**
 * Moves a staged output into `outDir` (created if missing) and never overwrites anything:
 * a taken name becomes `<stem>-1.<ext>`, `-2`, ... Each attempt is exclusive (a hard link, or a
 * COPYFILE_EXCL copy across devices), so two jobs publishing at once cannot take the same name.
 */
export async function publishOutput(staged: StagedOutput, outDir: string): Promise<StagedOutput> {
  const filename = checkPlainName(staged.filename, 'publishOutput()');
  const { stem, extension } = splitExtension(filename);
  await mkdir(outDir, { recursive: true });
  for (let suffix = 0; suffix <= MAX_SUFFIX; suffix += 1) {
    const candidate = suffix === 0 ? filename : `${stem}-${suffix}${extension}`;
    const target = join(outDir, candidate);
    if (await placeExclusively(staged.path, target)) {
      await unlink(staged.path).catch(ignoreMissing);
      const { size } = await stat(target);
      return { path: target, filename: candidate, mime_type: staged.mime_type, size };
    }
  }
  throw new IdahPluginError(
    'IO_MISUSE',
    `expected a free name for "${filename}" in ${outDir}, but it and ${MAX_SUFFIX} numbered variants are all taken`,
  );
}

/** Puts `source` at `target` unless `target` exists; false when the name is taken. */
async function placeExclusively(source: string, target: string): Promise<boolean> {
  try {
    await link(source, target);
    return true;
  } catch (error) {
    const code = codeOf(error);
    if (code === 'EEXIST') return false;
    if (!code || !LINK_UNSUPPORTED.has(code)) throw error;
  }
  try {
    await copyFile(source, target, constants.COPYFILE_EXCL);
    return true;
  } catch (error) {
    if (codeOf(error) === 'EEXIST') return false;
    await rm(target, { force: true }); // COPYFILE_EXCL created it, so a half copy is ours to remove
    throw error;
  }
}

function codeOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

function ignoreMissing(error: unknown): void {
  if (codeOf(error) !== 'ENOENT') throw error;
}
