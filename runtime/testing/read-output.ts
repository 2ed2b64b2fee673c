import { readFile } from 'node:fs/promises';
import { buffer } from 'node:stream/consumers';
import yauzl, { type Entry, type ZipFile } from 'yauzl';

/**
 * Reading export outputs back in plugin tests: JSON files and zips (through yauzl, entry by entry).
 * Errors name the file and say what was expected, so a failing test explains itself.
 */

/** Parses a JSON output file. */
export async function readJsonOutput<T = unknown>(path: string): Promise<T> {
  const text = await readFile(path, 'utf8');
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    const start = JSON.stringify(text.slice(0, 80));
    throw new Error(`expected ${path} to hold JSON, but it does not parse (${(error as Error).message}); it starts with ${start}`, {
      cause: error,
    });
  }
}

/** The names of all entries in a zip, sorted (folders end with "/"). */
export async function listZipEntries(path: string): Promise<string[]> {
  const names: string[] = [];
  await eachEntry(path, async (entry) => {
    names.push(entry.fileName);
  });
  return names.sort();
}

/** Every file entry of a zip with its content (folder entries are left out). */
export async function readZipEntries(path: string): Promise<Map<string, Buffer>> {
  const contents = new Map<string, Buffer>();
  await eachEntry(path, async (entry, zip) => {
    if (!entry.fileName.endsWith('/')) contents.set(entry.fileName, await readEntry(zip, entry));
  });
  return new Map([...contents].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** One entry's content; the error lists the entries that do exist when `name` is missing. */
export async function readZipEntry(path: string, name: string): Promise<Buffer> {
  let found: Buffer | undefined;
  const names: string[] = [];
  await eachEntry(path, async (entry, zip) => {
    names.push(entry.fileName);
    if (entry.fileName === name) {
      found = await readEntry(zip, entry);
      return 'stop';
    }
  });
  if (found === undefined) {
    const existing = names.length ? names.sort().map((entry) => JSON.stringify(entry)).join(', ') : 'none';
    throw new Error(`expected an entry "${name}" in ${path}; the entries are: ${existing}`);
  }
  return found;
}

type EntryVisitor = (entry: Entry, zip: ZipFile) => Promise<void | 'stop'>;

/** Visits entries one at a time (lazyEntries), so a large zip is never held in memory. */
async function eachEntry(path: string, visit: EntryVisitor): Promise<void> {
  const zip = await openZip(path);
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', (error: Error) => reject(new Error(`could not read the zip ${path}: ${error.message}`, { cause: error })));
      zip.on('end', () => resolve());
      zip.on('entry', (entry: Entry) => {
        visit(entry, zip).then((verdict) => (verdict === 'stop' ? resolve() : zip.readEntry()), reject);
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
}

async function openZip(path: string): Promise<ZipFile> {
  try {
    return await yauzl.openPromise(path, { lazyEntries: true, autoClose: false });
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : (error as Error).message;
    throw new Error(`expected ${path} to be a zip file, but ${reason}`, { cause: error });
  }
}

async function readEntry(zip: ZipFile, entry: Entry): Promise<Buffer> {
  return buffer(await zip.openReadStreamPromise(entry));
}
