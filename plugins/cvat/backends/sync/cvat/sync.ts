import type { SyncContext } from 'idah-plugin';
import { CvatExport } from './export.ts';

export class Sync {
  static init(context: SyncContext) {
    context.registerExports('idah-image', CvatExport);
  }
}
