// docker compose `environment:` blocks (every service, map or list form) and Discourse's
// `containers/*.yml` `env:` map. The variables are judged by the same profiles as `.env` files
// (dotenv.ts: nodemailer SMTP_*, Django EMAIL_*, Laravel MAIL_*, Symfony MAILER_DSN, Mastodon,
// Vaultwarden, Ghost mail__options__*, Grafana GF_SMTP_*, Gitea GITEA__mailer__*, Discourse
// DISCOURSE_SMTP_*, Plausible SMTP_HOST_*, docker-mailserver RELAY_*), and fixes are written back
// in YAML. Published ports (`ports: - "465:465"`) are not mail settings and are never read.
import { isMap, isPair, isScalar, parseAllDocuments } from 'yaml';
import type { Extractor, MailEndpoint, SourceDocument } from '../model';
import { extractEnvEntries } from './dotenv';
import { yamlEnvBlock } from './parsers/yamlEnv';

const COMPOSE_NAME = /(?:^|[\\/])(?:docker-)?compose[^\\/]*\.ya?ml$/i;
const DISCOURSE_NAME = /(?:^|[\\/])containers[\\/](?:app|web_only|web|mail-receiver|data)[^\\/]*\.ya?ml$/i;

export const composeEnvExtractor: Extractor = {
  id: 'compose-env',
  appliesTo: (fileName) => COMPOSE_NAME.test(fileName) || DISCOURSE_NAME.test(fileName),
  filePatterns: ['docker-compose*.yml', 'docker-compose*.yaml', 'compose*.yml', 'compose*.yaml', 'app*.yml', 'app*.yaml', 'web_only*.yml', 'web*.yml', 'mail-receiver*.yml', 'data*.yml'],
  extract(document: SourceDocument): MailEndpoint[] {
    return extractComposeEnv(document.text);
  },
};

// A block is worth reading only when some variable names mail.
const MAIL_WORDS = /SMTP|MAIL|RELAY_|mail__/i;

export function extractComposeEnv(text: string): MailEndpoint[] {
  if (!MAIL_WORDS.test(text) || !/\b(?:environment|env)\s*:/.test(text)) return [];
  const endpoints: MailEndpoint[] = [];
  try {
    for (const doc of parseAllDocuments(text, { keepSourceTokens: false })) {
      if (!('contents' in doc)) continue;
      collect(text, doc.contents, 0, endpoints);
    }
  } catch {
    return endpoints;
  }
  return endpoints.sort((a, b) => a.range.start - b.range.start);
}

/** Every `environment:` (compose) and top-level `env:` (Discourse) block, anywhere in the tree. */
function collect(text: string, node: unknown, depth: number, out: MailEndpoint[]): void {
  if (!isMap(node) || depth > 8) return;
  for (const pair of node.items) {
    if (!isPair(pair) || !isScalar(pair.key)) continue;
    const name = String(pair.key.value);
    if (name === 'environment' || (name === 'env' && depth === 0)) {
      const block = yamlEnvBlock(text, pair.value);
      if (block && block.entries.length > 0) out.push(...extractEnvEntries(text, block.entries, block.syntax));
      continue;
    }
    // Published ports, labels, commands and the like hold no mail settings.
    if (name === 'ports' || name === 'labels' || name === 'command' || name === 'healthcheck') continue;
    collect(text, pair.value, depth + 1, out);
  }
}
