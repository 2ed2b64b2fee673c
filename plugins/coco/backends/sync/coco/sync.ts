import type { SyncContext } from 'idah-plugin';
import { CocoExport } from './export.ts';

export class Sync {
  static init(context: SyncContext) {
    context.registerExports('idah-image', CocoExport);
  }
}
