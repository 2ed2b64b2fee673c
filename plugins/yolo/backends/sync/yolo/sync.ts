import type { SyncContext } from 'idah-plugin';
import { YoloExport } from './export.ts';

export class Sync {
  static init(context: SyncContext) {
    context.registerExports('idah-image', YoloExport);
  }
}
