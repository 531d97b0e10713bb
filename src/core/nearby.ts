// Finding a lock file or manifest above a config file, for the faces that read from disk.
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Largest manifest read: lock files of big projects reach a few MB, a version needs no more. */
const MAX_BYTES = 8 * 1024 * 1024;

/**
 * The editor lints on every pause in typing, and a Laravel `.env` asks for its composer.lock each
 * time: keep what was read, and read again only when the file's time or size says it changed.
 */
const recentlyRead = new Map<string, { readonly mtimeMs: number; readonly size: number; readonly text: string }>();
const RECENTLY_READ_LIMIT = 32;

async function readUnlessUnchanged(file: string, mtimeMs: number, size: number): Promise<string> {
  const known = recentlyRead.get(file);
  if (known && known.mtimeMs === mtimeMs && known.size === size) return known.text;
  const text = await readFile(file, 'utf8');
  recentlyRead.delete(file);
  recentlyRead.set(file, { mtimeMs, size, text });
  if (recentlyRead.size > RECENTLY_READ_LIMIT) {
    const oldest = recentlyRead.keys().next().value;
    if (oldest !== undefined) recentlyRead.delete(oldest);
  }
  return text;
}

export function nearbyFileReader(documentPath: string): (fileName: string, maxLevels?: number) => Promise<{ path: string; text: string } | undefined> {
  const cache = new Map<string, Promise<{ path: string; text: string } | undefined>>();
  return (fileName, maxLevels = 4) => {
    const key = `${fileName}\u0000${maxLevels}`;
    let found = cache.get(key);
    if (!found) {
      found = (async () => {
        let folder = dirname(documentPath);
        for (let level = 0; level <= maxLevels; level++) {
          const candidate = join(folder, fileName);
          try {
            const info = await stat(candidate);
            if (info.isFile() && info.size <= MAX_BYTES) return { path: candidate, text: await readUnlessUnchanged(candidate, info.mtimeMs, info.size) };
          } catch {
            // not here: look one folder up
          }
          const parent = dirname(folder);
          if (parent === folder) break;
          folder = parent;
        }
        return undefined;
      })();
      cache.set(key, found);
    }
    return found;
  };
}
