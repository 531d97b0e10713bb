// Which mail libraries a workspace uses, so "What to write" can lead with those. Cheap on
// purpose: a handful of manifest files, each search capped, each file read only up to a size.
import * as vscode from 'vscode';
import type { SnippetLibrary } from '../../core/explain/snippets';

const MAX_FILES_PER_PATTERN = 8;
const MAX_BYTES = 256 * 1024;
const EXCLUDE = '{**/node_modules/**,**/vendor/**,**/.git/**,**/dist/**,**/out/**,**/build/**,**/target/**,**/.venv/**,**/venv/**}';

interface Probe {
  readonly pattern: string;
  readonly detect: (text: string, uri: vscode.Uri) => readonly SnippetLibrary[];
}

function dependencyNames(json: string, sections: readonly string[]): Set<string> {
  try {
    const parsed = JSON.parse(json) as Record<string, unknown>;
    const names = new Set<string>();
    for (const section of sections) {
      const value = parsed[section];
      if (typeof value === 'object' && value !== null) for (const name of Object.keys(value)) names.add(name.toLowerCase());
    }
    return names;
  } catch {
    return new Set();
  }
}

const PROBES: readonly Probe[] = [
  {
    pattern: '**/package.json',
    detect: (text) => {
      const names = dependencyNames(text, ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']);
      return [...(names.has('nodemailer') ? (['nodemailer'] as const) : []), ...(names.has('imapflow') ? (['imapflow'] as const) : [])];
    },
  },
  {
    pattern: '**/composer.json',
    detect: (text) => {
      const names = dependencyNames(text, ['require', 'require-dev']);
      const found: SnippetLibrary[] = [];
      if (names.has('phpmailer/phpmailer')) found.push('phpmailer');
      if (names.has('laravel/framework')) found.push('laravel');
      if (names.has('symfony/mailer') || names.has('symfony/framework-bundle')) found.push('symfony');
      return found;
    },
  },
  { pattern: '**/{requirements*.txt,pyproject.toml,Pipfile,setup.cfg}', detect: (text) => (/^\s*["']?django\b/im.test(text) ? ['django'] : []) },
  { pattern: '**/Gemfile', detect: (text) => (/^\s*gem\s+["'](rails|actionmailer)["']/m.test(text) ? ['rails'] : []) },
  { pattern: '**/{pom.xml,build.gradle,build.gradle.kts}', detect: (text) => (/spring-boot-starter-mail/.test(text) ? ['spring'] : []) },
  { pattern: '**/{application.properties,application.yml,application.yaml}', detect: (text) => (/spring\.mail\.|^\s*mail:\s*$/m.test(text) ? ['spring'] : []) },
  {
    pattern: '**/{.env,.env.*}',
    detect: (text) => {
      const found: SnippetLibrary[] = [];
      if (/^\s*(?:export\s+)?MAIL_(?:MAILER|SCHEME|ENCRYPTION)\s*=/m.test(text)) found.push('laravel');
      if (/^\s*(?:export\s+)?MAILER_DSN\s*=/m.test(text)) found.push('symfony');
      if (/^\s*(?:export\s+)?EMAIL_HOST\s*=/m.test(text)) found.push('django');
      return found;
    },
  },
  { pattern: '**/{.msmtprc,msmtprc}', detect: () => ['msmtp'] },
];

/** Libraries in SNIPPET_LIBRARIES vocabulary; empty when nothing was found (or no folder is open). */
export async function detectWorkspaceLibraries(token?: vscode.CancellationToken): Promise<SnippetLibrary[]> {
  if (!vscode.workspace.workspaceFolders?.length) return [];
  const found = new Set<SnippetLibrary>();
  await Promise.all(
    PROBES.map(async (probe) => {
      let uris: vscode.Uri[];
      try {
        uris = await vscode.workspace.findFiles(probe.pattern, EXCLUDE, MAX_FILES_PER_PATTERN, token);
      } catch {
        return;
      }
      for (const uri of uris) {
        if (token?.isCancellationRequested) return;
        try {
          const stat = await vscode.workspace.fs.stat(uri);
          if (stat.size > MAX_BYTES) continue;
          const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
          for (const library of probe.detect(text, uri)) found.add(library);
        } catch {
          // An unreadable manifest says nothing; the others may.
        }
      }
    }),
  );
  return [...found];
}
