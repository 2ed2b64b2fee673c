import { open } from 'node:fs/promises';

/** Text appended in memory and written a megabyte at a time. */
export async function textSink(path: string) {
  const handle = await open(path, 'w');
  let pending = '';
  return {
    async write(text: string): Promise<void> {
      pending += text;
      if (pending.length >= 1 << 20) {
        const chunk = pending;
        pending = '';
        await handle.write(chunk);
      }
    },
    async close(): Promise<void> {
      if (pending) await handle.write(pending);
      await handle.close();
    },
  };
}
