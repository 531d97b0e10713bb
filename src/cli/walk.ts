// Finds the files to lint under the paths given on the command line.
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isLintable } from '../core/lint';

/** Folders that hold dependencies, build output or VCS data: never the user's own settings. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out', 'build', 'coverage', '.next', '.nuxt', '.turbo', '.cache', 'vendor', 'target', '.venv', 'venv', '__pycache__', '.vscode-test', '.test-artifacts']);

export class MissingPathError extends Error {}

export async function collectFiles(paths: readonly string[], cwd: string): Promise<string[]> {
  const found = new Set<string>();
  for (const given of paths) {
    const absolute = resolve(cwd, given);
    let info;
    try {
      info = await stat(absolute);
    } catch {
      throw new MissingPathError(`no such file or directory: ${given}`);
    }
    // A file named explicitly is linted when some extractor reads its kind, even if a folder walk would skip it.
    if (info.isFile()) {
      if (isLintable(absolute)) found.add(absolute);
    } else if (info.isDirectory()) {
      await walk(absolute, found);
    }
  }
  return [...found].sort();
}

async function walk(folder: string, found: Set<string>): Promise<void> {
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch {
    return; // unreadable folder: skip it rather than lose the rest
  }
  for (const entry of entries) {
    const full = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name)) await walk(full, found);
    } else if (entry.isFile() && isLintable(full)) {
      found.add(full);
    }
  }
}
