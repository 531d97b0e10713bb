// The panel's page. Plain DOM through h(): a handful of sections, rebuilt from PanelState when
// a message changes them; the port matrix alone is updated row by row so streamed results are
// announced one at a time and keyboard focus stays where it was.
import type { Snippet, SnippetLibrary } from '../core/explain/snippets';
import { SNIPPET_LIBRARIES } from '../core/explain/snippets';
import { lookupPort } from '../core/ports';
import type { DnsReport, PortReport, PortTarget, PortVerdict } from '../core/probe/types';
import { type Child, fill, h } from './dom';
import { explainSection } from './explain';
import { pageLocale, t, tx } from './l10n';
import { type HostMessage, type PanelState, type WebviewMessage, portKey } from './messages';
import { genericExchange, renderSequence } from './sequence';
import { displayText, formatMs } from './text';

const ms = (value: number | undefined): string => formatMs(value, pageLocale());

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: PanelState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();
const EMPTY: PanelState = { version: 1, mode: 'explain', ports: [], snippets: [], detected: [], showAllLibraries: false };

let state: PanelState = restore(api.getState()) ?? EMPTY;
let notice: { text: string; kind: 'info' | 'error' } | undefined;
let noticeTimer: ReturnType<typeof setTimeout> | undefined;

function restore(saved: unknown): PanelState | undefined {
  if (typeof saved !== 'object' || saved === null) return undefined;
  const candidate = saved as Partial<PanelState>;
  if (candidate.version !== 1 || !Array.isArray(candidate.ports) || !Array.isArray(candidate.snippets)) return undefined;
  return { ...EMPTY, ...candidate } as PanelState;
}

function update(next: Partial<PanelState>): void {
  state = { ...state, ...next };
  api.setState(state);
}

function send(message: WebviewMessage): void {
  api.postMessage(message);
}

// ---- verdicts ---------------------------------------------------------------------------

type Tone = 'good' | 'warn' | 'bad' | 'muted';
// Built when the script runs, after the bundle's element is in the page (it comes first).
const VERDICTS: Record<PortVerdict, { readonly label: string; readonly glyph: string; readonly tone: Tone; readonly explain: string }> = {
  'implicit-tls': { label: t('implicit TLS'), glyph: '✓', tone: 'good', explain: t('TLS from the first byte: use implicit TLS (secure, ssl, smtps) on this port.') },
  starttls: { label: 'STARTTLS', glyph: '✓', tone: 'good', explain: t('Greets in clear text, offers STARTTLS, and the upgrade worked: use STARTTLS, and make it required.') },
  'starttls-failed': { label: t('STARTTLS failed'), glyph: '✗', tone: 'bad', explain: t('STARTTLS is offered, but the TLS handshake after it failed.') },
  plaintext: { label: t('clear text only'), glyph: '!', tone: 'warn', explain: t('Greets in clear text and offers no STARTTLS: anything sent here, passwords included, travels unencrypted.') },
  refused: { label: t('refused'), glyph: '–', tone: 'muted', explain: t('The host answered at once that nothing listens on this port (a TCP reset).') },
  filtered: {
    label: t('filtered'),
    glyph: '⋯',
    tone: 'muted',
    explain: t('No answer at all: a firewall drops the packets. A client set up for this port waits for its whole connect time-out — the reason relay servers do not try 465 before 25.'),
  },
  unreachable: { label: t('unreachable'), glyph: '–', tone: 'muted', explain: t('The network reported that the host cannot be reached (no route, or prohibited).') },
  'dns-failure': { label: t('no such host'), glyph: '✗', tone: 'bad', explain: t('The host name does not resolve.') },
  'no-greeting': { label: t('no greeting'), glyph: '!', tone: 'warn', explain: t('Connected, but the server neither greeted nor completed a TLS handshake.') },
  'rate-limited': {
    label: t('rate-limited'),
    glyph: '!',
    tone: 'warn',
    explain: t('The server turned the probe away (421, too many connections). This is not a TLS verdict: try again later, and do not change settings because of it.'),
  },
  error: { label: t({ message: 'error', comment: 'verdict' }), glyph: '✗', tone: 'bad', explain: t('Something else went wrong; the reason is in the details.') },
};

const isTls = (port: PortReport): boolean => port.verdict === 'implicit-tls' || port.verdict === 'starttls';

// ---- layout -----------------------------------------------------------------------------

const app = document.getElementById('app') as HTMLElement;
const regions = {
  header: h('header', { class: 'panel-header' }),
  ports: h('section', { class: 'panel-section', attrs: { 'aria-labelledby': 'ports-heading' } }),
  conversation: h('section', { class: 'panel-section', attrs: { 'aria-labelledby': 'conversation-heading' } }),
  findings: h('section', { class: 'panel-section', attrs: { 'aria-labelledby': 'findings-heading' } }),
  write: h('section', { class: 'panel-section', attrs: { 'aria-labelledby': 'write-heading' } }),
  dns: h('section', { class: 'panel-section', attrs: { 'aria-labelledby': 'dns-heading' } }),
  explain: h('section', { class: 'panel-section explain', attrs: { 'aria-labelledby': 'explain-heading' } }),
};

function renderAll(): void {
  const focused = document.activeElement?.getAttribute('data-focus-key');
  const scroll = window.scrollY;
  renderHeader();
  const probe = state.mode === 'probe';
  const order = probe
    ? [regions.header, regions.ports, regions.conversation, regions.findings, regions.write, regions.dns, regions.explain]
    : [regions.header, regions.explain, regions.write];
  if (probe) {
    renderPorts();
    renderConversation();
    renderFindings();
    renderDns();
  }
  renderWrite();
  renderExplain();
  app.replaceChildren(...order);
  app.setAttribute('aria-busy', 'false');
  document.body.dataset.mode = state.mode;
  restoreFocus(focused);
  window.scrollTo(0, scroll);
}

function restoreFocus(key: string | null | undefined): void {
  if (!key) return;
  for (const element of document.querySelectorAll<HTMLElement>('[data-focus-key]')) {
    if (element.getAttribute('data-focus-key') === key) {
      element.focus({ preventScroll: true });
      return;
    }
  }
}

function button(label: Child, testid: string, onClick: () => void, options: { primary?: boolean; disabled?: boolean; title?: string } = {}): HTMLButtonElement {
  return h(
    'button',
    {
      class: ['btn', options.primary ? 'btn-primary' : 'btn-secondary'],
      testid,
      attrs: { type: 'button', 'data-focus-key': testid, disabled: options.disabled === true, title: options.title },
      onClick,
    },
    label,
  );
}

// ---- header -----------------------------------------------------------------------------

function statusText(): string {
  if (state.mode !== 'probe') return '';
  const total = state.targets?.length ?? 0;
  if (!state.report) return t('Probing {0}… {1} of {2} ports answered so far.', state.host ?? '', state.ports.length, total);
  return state.report.cancelled
    ? t('{0} of {1} ports probed in {2} — cancelled before the end.', state.ports.length, total, ms(state.report.durationMs))
    : t('{0} of {1} ports probed in {2}.', state.ports.length, total, ms(state.report.durationMs));
}

function renderHeader(): void {
  const probe = state.mode === 'probe';
  const running = probe && !state.report;
  const tools = probe
    ? [
        running ? button(t('Cancel'), 'action-cancel', () => send({ type: 'cancel' })) : button(t('Re-run'), 'action-rerun', () => send({ type: 'rerun' }), { primary: true }),
        button(t('Probe another host…'), 'action-probe', () => send({ type: 'probeAnother' })),
        button(t('Export Markdown'), 'action-export-markdown', () => send({ type: 'export', format: 'markdown' }), { disabled: !state.report }),
        button(t('Export JSON'), 'action-export-json', () => send({ type: 'export', format: 'json' }), { disabled: !state.report }),
        button(t('Lint Workspace'), 'action-lint-workspace', () => send({ type: 'lintWorkspace' })),
      ]
    : [button(t('Probe a mail host…'), 'action-probe', () => send({ type: 'probeAnother' }), { primary: true }), button(t('Lint Workspace'), 'action-lint-workspace', () => send({ type: 'lintWorkspace' }))];
  fill(regions.header, 
    h('div', { class: 'title-row' }, h('div', { class: 'titles' }, h('p', { class: 'eyebrow' }, probe ? t('Mail TLS probe') : 'Mail TLS Doctor'), h('h1', { testid: 'panel-title' }, probe ? displayText(state.host ?? '', 253) : t('Implicit TLS vs STARTTLS')), probe && state.addresses && state.addresses.join() !== state.host ? h('p', { class: 'muted addresses', testid: 'addresses' }, state.addresses.length > 0 ? state.addresses.join(' · ') : t('no address')) : null), h('div', { class: 'toolbar', attrs: { role: 'toolbar', 'aria-label': t('Panel actions') } }, tools)),
    h('p', { class: 'status', testid: 'status', attrs: { role: 'status', 'aria-live': 'polite' } }, statusText()),
    notice ? h('p', { class: ['notice', `notice-${notice.kind}`], testid: 'notice', attrs: { role: notice.kind === 'error' ? 'alert' : 'status' } }, notice.text) : null,
  );
}

// ---- port matrix ------------------------------------------------------------------------

function selectedKey(): string | undefined {
  return state.selected;
}

function reportFor(key: string): PortReport | undefined {
  return state.ports.find((port) => portKey(port) === key);
}

function portRow(target: PortTarget): HTMLTableRowElement {
  const key = portKey(target);
  const report = reportFor(key);
  const selected = selectedKey() === key;
  const highlighted = state.highlight !== undefined && portKey(state.highlight) === key;
  const testid = `port-${target.port}-${target.protocol}`;
  const known = lookupPort(target.port, target.protocol);
  const verdict = report ? VERDICTS[report.verdict] : undefined;
  const cells: Child[] = [
    h(
      'td',
      { class: 'col-port' },
      h(
        'button',
        {
          class: 'row-button',
          testid: `select-${target.port}-${target.protocol}`,
          attrs: { type: 'button', 'aria-pressed': String(selected), 'data-focus-key': `row:${key}`, title: t('Show the conversation on this port') },
          onClick: () => select(key),
          onKeydown: (event) => moveBetweenRows(event, key),
        },
        key,
      ),
      highlighted ? h('span', { class: 'badge', attrs: { title: t('The port of the endpoint the probe was started from') } }, t('your file')) : null,
    ),
    h('td', { class: 'col-service muted' }, known ? `${known.service} · ${known.mode === 'implicit' ? t('implicit') : 'STARTTLS'}` : t('custom')),
    verdict && report
      ? h(
          'td',
          { class: ['col-verdict', `tone-${verdict.tone}`], attrs: { title: verdict.explain } },
          h('span', { class: 'glyph', attrs: { 'aria-hidden': 'true' } }, verdict.glyph),
          ' ',
          verdict.label,
        )
      : h('td', { class: 'col-verdict pending' }, h('span', { class: 'spinner', attrs: { 'aria-hidden': 'true' } }), ' ', t('probing…')),
    h('td', null, report?.tls?.version ?? ''),
    h('td', { testid: `cert-${target.port}-${target.protocol}`, attrs: { title: report?.certificate ? certificateTitle(report) : undefined } }, report ? certificateLabel(report) : ''),
    h('td', { class: 'num' }, report ? ms(report.timings.connectMs) : ''),
    h('td', { class: 'num' }, report ? ms(report.timings.greetingMs) : ''),
    h('td', { class: 'num' }, report ? ms(report.timings.handshakeMs) : ''),
    h('td', { class: 'num' }, report ? ms(report.timings.totalMs) : ''),
    h('td', { class: 'col-banner', testid: `banner-${target.port}-${target.protocol}`, attrs: { title: report?.banner ? displayText(report.banner, 1000) : undefined } }, report?.banner ? displayText(report.banner, 120) : report?.error ? h('span', { class: 'muted' }, displayText(report.error, 120)) : ''),
  ];
  const row = h(
    'tr',
    {
      class: ['port-row', selected && 'selected', highlighted && 'highlighted', !report && 'is-pending'],
      testid,
      attrs: { 'data-verdict': report?.verdict ?? 'pending', 'data-port-key': key, 'aria-selected': selected ? 'true' : undefined },
      onClick: (event) => {
        if (!(event.target instanceof HTMLButtonElement)) select(key);
      },
    },
    cells,
  );
  return row;
}

function certificateTitle(report: PortReport): string {
  const leaf = report.certificate?.chain[0];
  if (!leaf) return '';
  return displayText(leaf.subject, 500) + '\n' + t('issued by {0}', displayText(leaf.issuer, 500));
}

/** The certificate cell: certificateSummary of src/core/report/probeText (the CLI's words), in the page's language. */
function certificateLabel(report: PortReport): string {
  const certificate = report.certificate;
  if (!certificate) return report.verdict === 'implicit-tls' || report.verdict === 'starttls' ? '?' : '';
  if (certificate.expired) return t('expired');
  if (certificate.notYetValid) return t('not yet valid');
  if (!certificate.nameMatches) return t('wrong name');
  if (!certificate.trusted) {
    const code = certificate.trustError ?? '';
    if (code.includes('SELF_SIGNED')) return t('self-signed');
    if (code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE') return t('incomplete chain');
    return t('untrusted');
  }
  return t('trusted, {0} d left', certificate.daysRemaining);
}

function moveBetweenRows(event: KeyboardEvent, key: string): void {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
  const keys = (state.targets ?? []).map(portKey);
  const next = keys[keys.indexOf(key) + (event.key === 'ArrowDown' ? 1 : -1)];
  if (next === undefined) return;
  event.preventDefault();
  restoreFocus(`row:${next}`);
}

function select(key: string): void {
  update({ selected: key });
  for (const row of document.querySelectorAll<HTMLTableRowElement>('tr.port-row')) {
    const mine = row.getAttribute('data-port-key') === key;
    row.classList.toggle('selected', mine);
    if (mine) row.setAttribute('aria-selected', 'true');
    else row.removeAttribute('aria-selected');
    row.querySelector('button.row-button')?.setAttribute('aria-pressed', String(mine));
  }
  renderConversation();
}

let matrixBody: HTMLTableSectionElement | undefined;

function renderPorts(): void {
  const targets = state.targets ?? [];
  matrixBody = h('tbody', { attrs: { 'aria-live': 'polite', 'aria-relevant': 'additions text' } }, targets.map(portRow));
  const headings: readonly (readonly [text: string, numeric: boolean])[] = [
    [t('Port'), false],
    [t('Service'), false],
    [t('Verdict'), false],
    ['TLS', false],
    [t('Certificate'), false],
    // Timing columns; "Connect" alone is also a button on the trust prompt.
    [t({ message: 'Connect', comment: 'column: time until the TCP connection is open' }), true],
    [t('Greeting'), true],
    [t('Handshake'), true],
    [t('Total'), true],
    [t('Banner'), false],
  ];
  fill(regions.ports, 
    h('h2', { attrs: { id: 'ports-heading' } }, t('Ports')),
    h(
      'div',
      { class: 'table-scroll' },
      h('table', { class: 'matrix', testid: 'port-matrix' }, h('caption', { class: 'sr-only' }, t('What each port does; choose a port to see its conversation')), h('thead', null, h('tr', null, headings.map(([text, numeric]) => h('th', { attrs: { scope: 'col' }, class: numeric ? 'num' : undefined }, text)))), matrixBody),
    ),
    verdictLegend(),
  );
}

function verdictLegend(): HTMLElement | null {
  const seen = [...new Set(state.ports.map((port) => port.verdict))].filter((verdict) => !['implicit-tls', 'starttls'].includes(verdict));
  if (seen.length === 0) return null;
  return h(
    'dl',
    { class: 'legend', testid: 'verdict-legend' },
    seen.map((verdict) => [h('dt', { class: `tone-${VERDICTS[verdict].tone}` }, h('span', { class: 'glyph', attrs: { 'aria-hidden': 'true' } }, VERDICTS[verdict].glyph), ' ', VERDICTS[verdict].label), h('dd', { testid: `verdict-note-${verdict}` }, VERDICTS[verdict].explain)]),
  );
}

function updatePortRow(report: PortReport): void {
  const key = portKey(report);
  const focused = document.activeElement?.getAttribute('data-focus-key');
  const existing = matrixBody?.querySelector<HTMLTableRowElement>(`tr[data-port-key="${CSS.escape(key)}"]`);
  const row = portRow(report);
  if (existing) existing.replaceWith(row);
  else matrixBody?.appendChild(row);
  const legend = verdictLegend();
  const oldLegend = regions.ports.querySelector('.legend');
  if (oldLegend && legend) oldLegend.replaceWith(legend);
  else if (oldLegend) oldLegend.remove();
  else if (legend) regions.ports.appendChild(legend);
  restoreFocus(focused);
}

// ---- conversation -----------------------------------------------------------------------

function fact(label: string, value: Child, testid?: string): Child[] {
  return [h('dt', null, label), h('dd', testid ? { testid } : null, value)];
}

function list(values: readonly string[], testid: string): HTMLElement {
  if (values.length === 0) return h('span', { class: 'muted', testid }, t('none'));
  return h('ul', { class: 'inline-list', testid }, values.map((value) => h('li', null, h('code', null, displayText(value, 200)))));
}

function renderConversation(): void {
  const key = selectedKey();
  const report = key ? reportFor(key) : undefined;
  const heading = h('h2', { attrs: { id: 'conversation-heading' } }, key ? t('Conversation on {0}', key) : t('Conversation'));
  if (!key || !report) {
    fill(regions.conversation, heading, h('p', { class: 'muted', testid: 'conversation-empty' }, key ? t('Waiting for {0}…', key) : t('Choose a port above to see what was said on it.')));
    return;
  }
  const verdict = VERDICTS[report.verdict];
  const certificate = report.certificate;
  const leaf = certificate?.chain[0];
  const facts: Child[] = [
    fact(t('Verdict'), [h('span', { class: `tone-${verdict.tone}` }, h('span', { class: 'glyph', attrs: { 'aria-hidden': 'true' } }, verdict.glyph), ' ', verdict.label), ' — ', verdict.explain], 'detail-verdict'),
    report.address ? fact(t('Address'), report.address) : null,
    report.banner ? fact(t('Banner'), h('code', null, displayText(report.banner, 1000)), 'detail-banner') : null,
    report.tls ? fact('TLS', `${report.tls.version}, ${report.tls.cipher}`, 'detail-tls') : null,
    certificate ? fact(t('Certificate'), certificateLabel(report), 'detail-certificate') : null,
    leaf ? fact(t('Subject'), h('code', null, displayText(leaf.subject, 500)), 'cert-subject') : null,
    leaf ? fact(t('Names (SAN)'), list(leaf.subjectAltNames, 'cert-sans')) : null,
    leaf ? fact(t('Issuer'), h('code', null, displayText(leaf.issuer, 500)), 'cert-issuer') : null,
    leaf
      ? fact(
          t('Valid'),
          certificate
            ? t('{0} to {1} ({2} days left)', leaf.validFrom.slice(0, 10), leaf.validTo.slice(0, 10), certificate.daysRemaining)
            : t('{0} to {1}', leaf.validFrom.slice(0, 10), leaf.validTo.slice(0, 10)),
        )
      : null,
    report.capabilities ? fact(t('Before TLS'), list(report.capabilities.beforeTls, 'caps-before')) : null,
    report.capabilities ? fact(t('After TLS'), list(report.capabilities.afterTls, 'caps-after')) : null,
    report.error ? fact(t('Reason'), displayText(report.error, 1000), 'detail-error') : null,
    report.notes && report.notes.length > 0 ? fact(t('Notes'), h('ul', { class: 'plain-list' }, report.notes.map((note) => h('li', null, displayText(note, 1000))))) : null,
  ];
  const actualMode = report.verdict === 'implicit-tls' ? 'implicit' : report.verdict === 'starttls' || report.verdict === 'starttls-failed' || report.verdict === 'plaintext' ? 'starttls' : undefined;
  const expected = lookupPort(report.port, report.protocol)?.mode;
  const contrastMode = actualMode === 'implicit' ? 'starttls' : actualMode === 'starttls' ? 'implicit' : expected === 'implicit' ? 'starttls' : 'implicit';
  const contrastTitle = contrastMode === 'implicit' ? t('For contrast: implicit TLS') : t('For contrast: STARTTLS');
  fill(regions.conversation, 
    heading,
    h('dl', { class: 'facts', testid: 'port-detail' }, facts),
    h(
      'div',
      { class: 'diagram-pair' },
      renderSequence(report.transcript, { title: t('What this server did'), subtitle: report.connections === 1 ? t('{0}, 1 connection', key) : t('{0}, {1} connections', key, report.connections), testid: 'sequence-actual', generic: false }),
      renderSequence(genericExchange(report.protocol, contrastMode), { title: contrastTitle, subtitle: t('a generic exchange'), testid: 'sequence-contrast', generic: true }),
    ),
  );
}

// ---- findings and what to write ---------------------------------------------------------

const SEVERITY_GLYPH = { error: '✗', warning: '!', information: 'i' } as const;

function severityLabel(severity: keyof typeof SEVERITY_GLYPH): string {
  if (severity === 'error') return t({ message: 'error', comment: 'severity of a finding' });
  if (severity === 'warning') return t('warning');
  return t('information');
}

function renderFindings(): void {
  const heading = h('h2', { attrs: { id: 'findings-heading' } }, t('Findings'));
  if (!state.report) {
    fill(regions.findings, heading, h('p', { class: 'muted' }, t('Shown when every port has answered.')));
    return;
  }
  const findings = state.findings ?? [];
  fill(regions.findings, 
    heading,
    findings.length === 0
      ? h('p', { testid: 'no-findings' }, t('Nothing to report: every port that answered did so correctly.'))
      : h('ul', { class: 'findings' }, findings.map((finding) => h('li', { class: `sev-${finding.severity}`, testid: 'finding', attrs: { 'data-severity': finding.severity } }, h('span', { class: 'sev-label' }, h('span', { class: 'glyph', attrs: { 'aria-hidden': 'true' } }, SEVERITY_GLYPH[finding.severity]), ` ${severityLabel(finding.severity)}`), ' ', displayText(finding.message, 2000)))),
    h('h3', null, t('Recommendation')),
    h('ul', { class: 'recommendations' }, (state.recommendations ?? []).map((recommendation) => h('li', { testid: 'recommendation' }, displayText(recommendation.text, 2000)))),
  );
}

function libraryLabel(id: SnippetLibrary): string {
  return SNIPPET_LIBRARIES.find((entry) => entry.id === id)?.label ?? id;
}

function snippetCard(snippet: Snippet): HTMLElement {
  const id = `${snippet.library}-${snippet.port}`;
  return h(
    'article',
    { class: 'snippet', testid: `snippet-${id}`, attrs: { 'data-library': snippet.library } },
    h(
      'div',
      { class: 'snippet-head' },
      h('span', { class: 'snippet-title' }, snippet.label),
      h('span', { class: 'muted' }, ` ${snippet.file} · ${snippet.port} ${snippet.mode === 'implicit' ? t('implicit TLS') : 'STARTTLS'}`),
      button(t('Copy'), `copy-${id}`, () => send({ type: 'copy', text: snippet.text, what: snippet.label }), { title: t('Copy the {0} settings', snippet.label) }),
    ),
    h('pre', null, h('code', { testid: `snippet-code-${id}`, attrs: { 'data-language': snippet.language } }, snippet.text)),
  );
}

function renderWrite(): void {
  const heading = h('h2', { attrs: { id: 'write-heading' } }, state.mode === 'probe' ? t('What to write') : t('What to write (example hosts)'));
  if (state.mode === 'probe' && !state.report) {
    fill(regions.write, heading, h('p', { class: 'muted' }, t('The settings for this host appear when the probe has finished.')));
    return;
  }
  const detected = state.detected.filter((library) => state.snippets.some((snippet) => snippet.library === library));
  const filtered = detected.length > 0 && !state.showAllLibraries;
  const shown = filtered ? state.snippets.filter((snippet) => detected.includes(snippet.library)) : state.snippets;
  const toggle = h(
    'label',
    { class: 'check' },
    h('input', {
      testid: 'show-all-libraries',
      attrs: { type: 'checkbox', 'data-focus-key': 'show-all', checked: state.showAllLibraries || detected.length === 0, disabled: detected.length === 0 },
      onChange: (event) => {
        update({ showAllLibraries: (event.target as HTMLInputElement).checked });
        renderWrite();
      },
    }),
    ' ',
    t('Show every library'),
  );
  fill(regions.write, 
    heading,
    h(
      'p',
      { class: 'write-intro' },
      detected.length > 0 ? tx<Child>('Found in this workspace: {0}.', h('strong', { testid: 'detected-libraries' }, detected.map(libraryLabel).join(', '))) : t('No mail library was found in this workspace, so every one is shown.'),
      ' ',
      t('Credentials come from the environment — nothing here holds a password.'),
    ),
    toggle,
    shown.length > 0
      ? h('div', { class: 'snippets' }, shown.map(snippetCard))
      : h('p', { class: 'muted', testid: 'no-snippets' }, t('No port offered working TLS with a valid certificate, so there is nothing safe to write yet.'), ' ', t('See the findings above.')),
  );
}

// ---- DNS --------------------------------------------------------------------------------

function renderDns(): void {
  const heading = h('h2', { attrs: { id: 'dns-heading' } }, state.dns ? t('DNS for {0}', displayText(state.dns.domain, 253)) : 'DNS');
  if (state.dnsSkipped) {
    fill(regions.dns, heading, h('p', { class: 'muted', testid: 'dns-skipped' }, displayText(state.dnsSkipped, 400)));
    return;
  }
  if (!state.dns) {
    fill(regions.dns, heading, h('p', { class: 'muted', testid: 'dns-pending' }, state.report?.cancelled ? t('Not looked up: the probe was cancelled.') : t('Looking up MX, SRV, MTA-STS, TLS-RPT and TLSA…')));
    return;
  }
  fill(regions.dns, heading, dnsTable(state.dns));
}

function dnsTable(dns: DnsReport): HTMLElement {
  const row = (label: Child, value: Child, testid: string, explain?: string): HTMLElement => h('tr', { testid }, h('th', { attrs: { scope: 'row' } }, label, explain ? h('span', { class: 'row-explain' }, explain) : null), h('td', null, value));
  const none = (text: string | undefined, fallback = t('none')): HTMLElement => h('span', { class: 'muted' }, displayText(text ?? fallback, 400));
  const codes = (values: readonly string[]): Child => values.map((value, index) => [index > 0 ? ', ' : '', h('code', null, displayText(value, 300))]);
  const sts = dns.mtaSts;
  return h(
    'table',
    { class: 'dns', testid: 'dns-table' },
    h('caption', { class: 'sr-only' }, t('DNS records around the mail domain')),
    h(
      'tbody',
      null,
      row('MX', dns.mx.length > 0 ? codes(dns.mx.map((mx) => `${mx.priority} ${mx.exchange}`)) : none(dns.mxError), 'dns-mx', t('where other servers deliver')),
      dns.srv.map((service) =>
        row(
          h('code', null, service.label),
          service.notOffered ? h('span', null, t('not offered (target ".")')) : service.records.length > 0 ? codes(service.records.map((record) => `${record.target}:${record.port}`)) : none(service.error),
          `dns-srv-${service.label.replace(/[^a-z0-9]+/gi, '')}`,
        ),
      ),
      row(
        'MTA-STS',
        sts.policy
          ? [
              tx<Child>('mode {0}, max_age {1} s, mx {2}', sts.policy.mode, sts.policy.maxAge, codes(sts.policy.mx)),
              sts.mxNotCovered && sts.mxNotCovered.length > 0 ? [h('br', null), h('span', { class: 'tone-warn' }, t('MX not covered:')), ' ', codes(sts.mxNotCovered)] : null,
            ]
          : sts.txt
            ? [h('code', null, displayText(sts.txt, 400)), sts.error ? [h('br', null), none(sts.error)] : null]
            : none(sts.error),
        'dns-mta-sts',
        t('RFC 8461: TLS required for relay'),
      ),
      row('TLS-RPT', dns.tlsRpt.rua ? codes(dns.tlsRpt.rua) : dns.tlsRpt.txt ? h('code', null, displayText(dns.tlsRpt.txt, 400)) : none(dns.tlsRpt.error), 'dns-tls-rpt', t('RFC 8460: failure reports')),
      row(
        'TLSA',
        dns.tlsa.length > 0
          ? h('ul', { class: 'plain-list' }, dns.tlsa.map((tlsa) => h('li', null, h('code', null, displayText(`_25._tcp.${tlsa.host}`, 300)), ': ', tlsa.records.length === 1 ? t('1 record (not DNSSEC-validated here)') : tlsa.records.length > 0 ? t('{0} records (not DNSSEC-validated here)', tlsa.records.length) : none(tlsa.error))))
          : none(undefined, t('no MX host to look up')),
        'dns-tlsa',
        t('RFC 7672: DANE'),
      ),
    ),
  );
}

// ---- explanation ------------------------------------------------------------------------

function renderExplain(): void {
  if (state.mode === 'probe') {
    const details = h('details', { class: 'explain-details', testid: 'explain-details' }, h('summary', null, h('h2', { attrs: { id: 'explain-heading' } }, t('Implicit TLS vs STARTTLS: how it works'))), explainSection({ withDiagrams: false }));
    fill(regions.explain, details);
  } else {
    fill(regions.explain, h('h2', { class: 'sr-only', attrs: { id: 'explain-heading' } }, t('How it works')), ...explainSection({ withDiagrams: true }));
  }
}

// ---- messages ---------------------------------------------------------------------------

function showNotice(text: string, kind: 'info' | 'error'): void {
  notice = { text, kind };
  clearTimeout(noticeTimer);
  if (kind === 'info') {
    noticeTimer = setTimeout(() => {
      notice = undefined;
      renderHeader();
    }, 4000);
  }
  renderHeader();
}

function handle(message: HostMessage): void {
  switch (message.type) {
    case 'explain':
      notice = undefined;
      update({ ...EMPTY, detected: state.detected, showAllLibraries: state.showAllLibraries, snippets: message.snippets });
      renderAll();
      break;
    case 'probeStarted': {
      const sameRun = state.host === message.host && state.mode === 'probe';
      notice = undefined;
      const next: PanelState = {
        ...EMPTY,
        mode: 'probe',
        host: message.host,
        targets: message.targets,
        detected: state.detected,
        showAllLibraries: state.showAllLibraries,
        ...(message.highlight ? { highlight: message.highlight, selected: portKey(message.highlight) } : sameRun && state.selected ? { selected: state.selected } : {}),
        ...(message.dnsSkipped ? { dnsSkipped: message.dnsSkipped } : {}),
      };
      state = next;
      api.setState(state);
      renderAll();
      break;
    }
    case 'resolved':
      update({ addresses: message.addresses });
      renderHeader();
      break;
    case 'port': {
      const ports = [...state.ports.filter((port) => portKey(port) !== portKey(message.report)), message.report];
      const autoSelect = state.selected === undefined && isTls(message.report);
      update({ ports, ...(autoSelect ? { selected: portKey(message.report) } : {}) });
      renderHeader();
      updatePortRow(message.report);
      if (autoSelect) select(portKey(message.report));
      else if (state.selected === portKey(message.report)) renderConversation();
      break;
    }
    case 'dns':
      update({ dns: message.report });
      renderDns();
      break;
    case 'probeDone': {
      const first = message.report.ports[0];
      update({
        report: message.report,
        ports: message.report.ports,
        findings: message.findings,
        recommendations: message.recommendations,
        snippets: message.snippets,
        ...(state.selected === undefined && first ? { selected: portKey(first) } : {}),
      });
      renderAll();
      break;
    }
    case 'libraries':
      update({ detected: message.detected });
      renderWrite();
      break;
    case 'notice':
      showNotice(message.text, message.kind);
      break;
  }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const data = event.data;
  if (typeof data === 'object' && data !== null && typeof (data as { type?: unknown }).type === 'string') handle(data as HostMessage);
});

if (state === EMPTY) api.setState(state);
renderAll();
send({ type: 'ready' });
