import type { SyncContext } from 'idah-plugin';
import { JsonExport } from './export.ts';

export class Sync {
  static init(context: SyncContext) {
    context.registerExports(/.*/, JsonExport);
  }
}
