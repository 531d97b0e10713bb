// What a user types into "Probe Mail Host…": a host name or IP, optionally with a port
// (`smtp.example.com:587`, `[::1]:465`) or pasted as a URL (`smtps://smtp.example.com:465`).
import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';

export type HostInput = { readonly host: string; readonly port?: number } | { readonly error: string };

export function parseHostInput(raw: string): HostInput {
  let text = raw.trim();
  if (text === '') return { error: 'Type a host name or IP address, e.g. smtp.example.com' };
  // A pasted URL: keep authority only, and drop user info so a password never reaches history.
  const url = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(text);
  if (url) text = (url[1] ?? '').replace(/^.*@/, '');
  let host = text;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) {
    host = bracketed[1] ?? '';
    portText = bracketed[2];
  } else if ((text.match(/:/g) ?? []).length === 1) {
    const at = text.indexOf(':');
    host = text.slice(0, at);
    portText = text.slice(at + 1);
  }
  let port: number | undefined;
  if (portText !== undefined) {
    if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) return { error: `"${portText}" is not a port (1–65535)` };
    port = Number(portText);
  }
  if (isIP(host) !== 0) return port === undefined ? { host } : { host, port };
  const name = host.replace(/\.$/, '');
  const ascii = domainToASCII(name);
  if (ascii === '' || ascii.length > 253) return { error: `"${host}" is not a host name or IP address` };
  const labels = ascii.split('.');
  if (!labels.every((label) => /^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/.test(label))) return { error: `"${host}" is not a host name or IP address` };
  return port === undefined ? { host: ascii.toLowerCase() } : { host: ascii.toLowerCase(), port };
}

/**
 * The mail domain whose DNS (MX, SRV, MTA-STS, TLS-RPT) says something about a host: users
 * type the submission host (`smtp.example.com`), whose own name rarely has those records.
 */
export function mailDomainFor(host: string): string {
  const labels = host.toLowerCase().replace(/\.$/, '').split('.');
  if (labels.length >= 3 && /^(smtp|smtps|mail|mx|imap|imaps|pop|pop3|pop3s|submission|outbound|out|in|mx\d*|smtp\d*|mail\d*)$/.test(labels[0] ?? '')) return labels.slice(1).join('.');
  return labels.join('.');
}
