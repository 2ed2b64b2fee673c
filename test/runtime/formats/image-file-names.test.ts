import { describe, expect, it } from 'vitest';
import { imageFileNameOf, imageTypeOfBytes, imageTypeOfMime, imageTypeOfName } from '../../../runtime/formats/image-file-names.ts';
import { MediaContext } from '../../../runtime/context/record-contexts.ts';
import { recordsFromFixtures } from '../../../runtime/sources/memory/fixtures.ts';
import { MemorySource } from '../../../runtime/sources/memory/memory-source.ts';
import { jpegBytes, pngBytes } from '../../../runtime/testing/images.ts';

describe('image file names', () => {
  it('tells the type from the extension, the mime type and the first bytes', () => {
    expect(['a.JPG', 'a.jpeg', 'a.png', 'a.tiff', 'a', 'a.dat'].map(imageTypeOfName)).toEqual(['jpeg', 'jpeg', 'png', 'tiff', undefined, undefined]);
    expect(['image/jpeg', 'IMAGE/PNG; q=1', 'application/octet-stream', null].map(imageTypeOfMime)).toEqual(['jpeg', 'png', undefined, undefined]);
    expect([pngBytes(2, 2), jpegBytes(2, 2), Buffer.from('GIF89a....'), Buffer.from('RIFF\0\0\0\0WEBPVP8 '), Buffer.from('BM......'), Buffer.from('hello world')].map(imageTypeOfBytes)).toEqual([
      'png',
      'jpeg',
      'gif',
      'webp',
      'bmp',
      undefined,
    ]);
  });

  it('appends the real extension to a name without an image one, from the mime type or else the bytes', async () => {
    const data = recordsFromFixtures([
      {
        id: 'd',
        entries: [
          {
            id: 'e',
            medias: [
              { key: '', filename: 'IMG_1234', data: jpegBytes(4, 4), mime_type: 'application/octet-stream' },
              { key: 'a', filename: 'scan.dat', data: 'not read', mime_type: 'image/png' },
              { key: 'b', filename: 'photo.PNG', data: 'not read' },
              { key: 'c', filename: 'notes', data: 'plain text', mime_type: 'text/plain' },
            ],
          },
        ],
      },
    ]);
    const source = new MemorySource(data);
    const medias = data.medias.map(({ record }) => new MediaContext(record, source));
    const named = await Promise.all(medias.map((media) => imageFileNameOf(media.record.filename, media)));
    expect(named).toEqual([
      { name: 'IMG_1234.jpg', type: 'jpeg' },
      { name: 'scan.dat.png', type: 'png' },
      { name: 'photo.PNG', type: 'png' },
      { name: 'notes', type: undefined },
    ]);
  });
});
