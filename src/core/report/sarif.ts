// SARIF 2.1.0, the format GitHub code scanning and other CI dashboards ingest.
import { RULES } from '../rules/index';
import type { Severity } from '../model';
import type { FileReport } from './types';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export interface SarifOptions {
  readonly toolVersion: string;
  readonly cwd: string;
  readonly resolveDocs: (path: string) => string;
}

export function formatSarif(reports: readonly FileReport[], options: SarifOptions): string {
  const rules = RULES.map((rule) => ({
    id: rule.meta.id,
    name: rule.meta.id,
    shortDescription: { text: rule.meta.description },
    helpUri: options.resolveDocs(`docs/rules/${rule.meta.id}.md`),
    defaultConfiguration: { level: LEVEL[rule.meta.defaultSeverity] },
  }));
  const results = reports.flatMap((report) =>
    report.messages.map((message) => ({
      ruleId: message.ruleId,
      ruleIndex: Math.max(0, rules.findIndex((rule) => rule.id === message.ruleId)),
      level: LEVEL[message.severity],
      message: { text: message.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: toRelativeUri(report.filePath, options.cwd), uriBaseId: '%SRCROOT%' },
            region: { startLine: message.line, startColumn: message.column, endLine: message.endLine, endColumn: message.endColumn },
          },
        },
      ],
    })),
  );
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'mail-tls', fullName: 'Mail TLS Doctor', version: options.toolVersion, semanticVersion: options.toolVersion, rules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileUri(options.cwd.endsWith('/') ? options.cwd : `${options.cwd}/`) } },
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function toRelativeUri(filePath: string, cwd: string): string {
  const normalisedCwd = cwd.endsWith('/') ? cwd : `${cwd}/`;
  const relative = filePath.startsWith(normalisedCwd) ? filePath.slice(normalisedCwd.length) : filePath;
  return relative.split('/').map(encodeURIComponent).join('/');
}

function pathToFileUri(path: string): string {
  return `file://${path.split('/').map(encodeURIComponent).join('/')}`;
}
