// `mail-tls`: the engine for terminals and CI.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { lintDocument } from '../core/lint';
import type { Finding } from '../core/model';
import { formatEslintJson } from '../core/report/eslintJson';
import { formatSarif } from '../core/report/sarif';
import { formatStylish } from '../core/report/stylish';
import { type FileReport, isShown, toFileReport } from '../core/report/types';
import { nearbyFileReader } from '../core/nearby';
import { applyEdits } from '../core/text';
import { explainCommand, ExplainUsageError } from './explain';
import { probeCommand, ProbeUsageError } from './probe';
import { collectFiles, MissingPathError } from './walk';

declare const MAIL_TLS_VERSION: string | undefined;
const VERSION = typeof MAIL_TLS_VERSION === 'string' ? MAIL_TLS_VERSION : '0.0.0-dev';

const USAGE = `Usage: mail-tls <command> [options]

Commands:
  lint [files or folders…]   find wrong port/TLS pairings and insecure mail settings
                             (default: the current folder)
  probe HOST                 test every mail port of HOST: implicit TLS, STARTTLS,
                             plaintext, refused or filtered; certificate; DNS
                             (mail-tls probe --help for its options)
  explain [TEXT]             explain a mail error message (or read it from stdin):
                             its cause and what to change in the config

Options for lint:
  --format text|json|sarif   output format (default: text; json is ESLint's shape)
  --include-info             also report information-level findings
  --fix                      apply the preferred fix of every finding in place
  --max-warnings N           exit 1 when more than N warnings are found

  -h, --help                 show this help
  -v, --version              print the version
`;

class UsageError extends Error {}

/** Docs live beside the bundle (dist/../docs) in the npm package and the repository. */
function resolveDocs(relativePath: string): string {
  const local = join(__dirname, '..', relativePath);
  return existsSync(local) ? pathToFileURL(local).href : relativePath;
}

async function lintCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        'include-info': { type: 'boolean', default: false },
        fix: { type: 'boolean', default: false },
        'max-warnings': { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.split('\n')[0] : String(error));
  }
  const format = parsed.values.format ?? 'text';
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`unknown format '${format}' (use text, json or sarif)`);
  const maxWarnings = parsed.values['max-warnings'] === undefined ? undefined : Number(parsed.values['max-warnings']);
  if (maxWarnings !== undefined && (!Number.isInteger(maxWarnings) || maxWarnings < 0)) throw new UsageError('--max-warnings needs a whole number');
  const includeInfo = parsed.values['include-info'] ?? false;
  const cwd = process.cwd();
  const paths = parsed.positionals.length > 0 ? parsed.positionals : ['.'];

  let files: string[];
  try {
    files = await collectFiles(paths, cwd);
  } catch (error) {
    if (error instanceof MissingPathError) throw new UsageError(error.message);
    throw error;
  }

  const reports: FileReport[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      reports.push({ filePath: file, messages: [], problems: [`could not read: ${error instanceof Error ? error.message : String(error)}`] });
      continue;
    }
    const readNearby = nearbyFileReader(file);
    let result = await lintDocument({ fileName: file, text, readNearby });
    if (parsed.values.fix) {
      const fixed = applyPreferredFixes(text, result.findings);
      if (fixed !== text) {
        await writeFile(file, fixed, 'utf8');
        text = fixed;
        result = await lintDocument({ fileName: file, text, readNearby });
      }
    }
    const shown = result.findings.filter((finding) => isShown(finding.severity, includeInfo));
    reports.push(toFileReport(file, text, shown, result.problems, resolveDocs));
  }

  if (format === 'json') process.stdout.write(formatEslintJson(reports));
  else if (format === 'sarif') process.stdout.write(formatSarif(reports, { toolVersion: VERSION, cwd, resolveDocs }));
  else process.stdout.write(formatStylish(reports, { color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR }));

  const errors = reports.reduce((sum, report) => sum + report.messages.filter((message) => message.severity === 'error').length, 0);
  const warnings = reports.reduce((sum, report) => sum + report.messages.filter((message) => message.severity === 'warning').length, 0);
  if (errors > 0) return 1;
  if (maxWarnings !== undefined && warnings > maxWarnings) return 1;
  return 0;
}

function applyPreferredFixes(text: string, findings: readonly Finding[]): string {
  const edits = findings.flatMap((finding) => finding.fixes.find((fix) => fix.preferred)?.edits ?? []);
  return edits.length > 0 ? applyEdits(text, edits) : text;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        process.stdout.write(USAGE);
        return command === undefined ? 2 : 0;
      case '-v':
      case '--version':
        process.stdout.write(`${VERSION}\n`);
        return 0;
      case 'lint':
        return await lintCommand(rest);
      case 'probe':
        return await probeCommand(rest);
      case 'explain':
        return await explainCommand(rest);
      default:
        throw new UsageError(`unknown command '${command}' (try: mail-tls lint, probe or explain)`);
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof ProbeUsageError || error instanceof ExplainUsageError) {
      process.stderr.write(`mail-tls: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`mail-tls: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 3;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
