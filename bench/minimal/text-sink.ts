import { open } from 'node:fs/promises';

/** Text appended in memory and handed to `flush` a megabyte at a time (and the rest at `end()`). */
export function chunkedText(flush: (text: string) => Promise<unknown>) {
  let pending = '';
  return {
    async write(text: string): Promise<void> {
      pending += text;
      if (pending.length >= 1 << 20) {
        const chunk = pending;
        pending = '';
        await flush(chunk);
      }
    },
    async end(): Promise<void> {
      if (pending) await flush(pending);
      pending = '';
    },
  };
}

/** Text appended in memory and written a megabyte at a time. */
export async function textSink(path: string) {
  const handle = await open(path, 'w');
  const chunks = chunkedText((text) => handle.write(text));
  return {
    write: chunks.write,
    async close(): Promise<void> {
      await chunks.end();
      await handle.close();
    },
  };
}
