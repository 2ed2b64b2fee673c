import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { crc32, createDeflateRaw } from 'node:zlib';
import { DEFLATE_LEVEL } from '../../runtime/io/zip/zip-writer.ts';
import { chunkedText } from './text-sink.ts';

/**
 * Text deflated (at the host's zip writer's level) into a zip of one member, streamed: the
 * least work that gives the same archive an exporter publishes, so a minimal writer of a zipped
 * format pays for the compression too. No ZIP64: the bench's members stay under 4 GiB.
 */
export async function zipSink(path: string, member: string) {
  const file = createWriteStream(path);
  const name = Buffer.from(member, 'utf8');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(0x0808, 6); // UTF-8 name, sizes in a data descriptor
  local.writeUInt16LE(8, 8);
  local.writeUInt16LE(name.length, 26);
  file.write(local);
  file.write(name);
  let crc = 0;
  let size = 0;
  let compressedSize = 0;
  const deflate = createDeflateRaw({ level: DEFLATE_LEVEL });
  deflate.on('data', (chunk: Buffer) => {
    compressedSize += chunk.length;
    if (!file.write(chunk)) deflate.pause();
  });
  file.on('drain', () => deflate.resume());
  const push = async (text: string) => {
    const bytes = Buffer.from(text, 'utf8');
    crc = crc32(bytes, crc);
    size += bytes.length;
    if (!deflate.write(bytes)) await once(deflate, 'drain');
  };
  const chunks = chunkedText(push);
  return {
    write: chunks.write,
    async close(): Promise<void> {
      await chunks.end();
      const ended = once(deflate, 'end');
      deflate.end();
      await ended;
      if (size > 0xffffffff || compressedSize > 0xffffffff) throw new Error(`zipSink: ${member} passed 4 GiB; this minimal writer writes no ZIP64`);
      const descriptor = Buffer.alloc(16);
      descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(crc, 4);
      descriptor.writeUInt32LE(compressedSize, 8);
      descriptor.writeUInt32LE(size, 12);
      const central = Buffer.alloc(46);
      central.writeUInt32LE(0x02014b50, 0);
      central.writeUInt16LE(20, 4);
      central.writeUInt16LE(20, 6);
      central.writeUInt16LE(0x0808, 8);
      central.writeUInt16LE(8, 10);
      central.writeUInt32LE(crc, 16);
      central.writeUInt32LE(compressedSize, 20);
      central.writeUInt32LE(size, 24);
      central.writeUInt16LE(name.length, 28);
      const end = Buffer.alloc(22);
      end.writeUInt32LE(0x06054b50, 0);
      end.writeUInt16LE(1, 8);
      end.writeUInt16LE(1, 10);
      end.writeUInt32LE(central.length + name.length, 12);
      end.writeUInt32LE(local.length + name.length + compressedSize + descriptor.length, 16);
      file.end(Buffer.concat([descriptor, central, name, end]));
      await once(file, 'finish');
    },
  };
}
