// Finding a lock file or manifest above a config file, for the faces that read from disk.
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Largest manifest read: lock files of big projects reach a few MB, a version needs no more. */
const MAX_BYTES = 8 * 1024 * 1024;

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
            if (info.isFile() && info.size <= MAX_BYTES) return { path: candidate, text: await readFile(candidate, 'utf8') };
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
