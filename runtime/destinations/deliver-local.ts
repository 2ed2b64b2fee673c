import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { link, mkdir, open, rename, rm } from 'node:fs/promises';
import { join, relative, resolve, isAbsolute } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describeThrown } from '../errors.ts';
import type { LocalDestination } from './destination-schema.ts';
import { type DeliveryContext, type DeliveryFile, deliveryFailure, type DeliveryReceipt } from './delivery.ts';

const PARTIAL_SUFFIX = '.idah-partial';

const isInside = (path: string, root: string) => {
  const rest = relative(root, path);
  return rest === '' || (!rest.startsWith('..') && !isAbsolute(rest));
};

async function sha256Of(path: string): Promise<string | null> {
  const hash = createHash('sha256');
  try {
    await pipeline(createReadStream(path), hash);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return hash.digest('hex');
}

/**
 * Into a folder: the bytes go to a hidden partial name in that same folder (so the final rename
 * never crosses devices), are flushed, then take the file's name at once. The same bytes already
 * there count as delivered (a retried delivery is a no-op); a different file of that name is
 * a failure unless `overwrite`.
 */
export async function deliverToFolder(destination: LocalDestination, file: DeliveryFile, context: DeliveryContext): Promise<DeliveryReceipt> {
  if (context.localRoots && !context.localRoots.some((root) => isInside(resolve(destination.path), resolve(root)))) {
    throw deliveryFailure(`folder ${destination.path}: outside the folders this worker delivers to (${context.localRoots.join(', ') || 'none'}; --local-destination-root)`, { retryable: false });
  }
  const name = destination.filename ?? file.filename;
  const target = join(destination.path, name);
  const partial = join(destination.path, `.${name}.${randomBytes(6).toString('hex')}${PARTIAL_SUFFIX}`);
  try {
    await mkdir(destination.path, { recursive: true });
    const hash = createHash('sha256');
    const hashing = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        done(null, chunk);
      },
    });
    await pipeline(await file.open(context.signal), hashing, createWriteStream(partial, { flags: 'wx' }), ...(context.signal ? [{ signal: context.signal }] : []));
    const handle = await open(partial, 'r');
    await handle.sync().finally(() => handle.close());
    const sha256 = hash.digest('hex');
    if (destination.overwrite) {
      await rename(partial, target);
    } else {
      try {
        // link refuses a taken name, where rename would replace it.
        await link(partial, target);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        if ((await sha256Of(target)) !== sha256) {
          throw deliveryFailure(`folder ${destination.path}: ${name} already exists with other content; set "overwrite": true to replace it`, { retryable: false });
        }
      }
    }
    return { location: target };
  } catch (error) {
    if ((error as { code?: string }).code === 'DESTINATION_FAILED') throw error;
    const code = (error as NodeJS.ErrnoException).code;
    // A missing or read-only folder will not fix itself; a full disk or an interrupted read may.
    const retryable = !['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EISDIR'].includes(code ?? '');
    throw deliveryFailure(`folder ${destination.path}: writing ${name} failed: ${describeThrown(error)}`, { retryable, cause: error });
  } finally {
    await rm(partial, { force: true }).catch(() => {});
  }
}
