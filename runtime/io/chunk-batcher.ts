import { Transform, type TransformCallback } from 'node:stream';

/**
 * Gathers small chunks into blocks of about `blockBytes` before passing them on. Zip writers emit
 * a dozen tiny header chunks per entry; batching them turns a million small writes into a few.
 */
export function chunkBatcher(blockBytes = 1024 * 1024): Transform {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const takePending = (): Buffer => {
    const block = pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    return block;
  };
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      callback(null, pendingBytes >= blockBytes ? takePending() : undefined);
    },
    flush(callback: TransformCallback) {
      callback(null, pendingBytes > 0 ? takePending() : undefined);
    },
  });
}
