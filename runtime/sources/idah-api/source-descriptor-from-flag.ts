import { resolve } from 'node:path';
import type { SourceDescriptor } from '../source-descriptor.ts';
import { baseUrlOfSourceUrl, isIdahSourceUrl } from './source-url.ts';

/**
 * `--source` as plain data a job or a child process can carry: a UPD file, or a live IDAH.
 * Its own module, so `export` reads the flag without loading the sources the child opens.
 */
export function sourceDescriptorFromFlag(
  value: string,
  options: { cwd: string; credentialsFile?: string; mediaRoot?: string; refusePrivateAddresses?: boolean },
): SourceDescriptor {
  if (isIdahSourceUrl(value)) {
    return {
      kind: 'idah-api',
      baseUrl: baseUrlOfSourceUrl(value),
      ...(options.credentialsFile !== undefined ? { credentials: { file: resolve(options.cwd, options.credentialsFile) } } : {}),
    };
  }
  return {
    kind: 'upd',
    path: resolve(options.cwd, value),
    ...(options.mediaRoot !== undefined ? { mediaRoot: resolve(options.cwd, options.mediaRoot) } : {}),
    ...(options.refusePrivateAddresses !== undefined ? { refusePrivateAddresses: options.refusePrivateAddresses } : {}),
  };
}
