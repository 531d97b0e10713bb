// Certificate facts from a completed handshake. Trust comes from Node's own path validation
// (the handshake ran with rejectUnauthorized:false so that a bad certificate is reported, not a
// failure); the name is matched here, by RFC 7817 / RFC 6125 rules, against what the user typed.
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import type { DetailedPeerCertificate, TLSSocket } from 'node:tls';
import { domainToASCII } from 'node:url';
import type { CertificateInfo, CertificateReport } from './types';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Node prints SANs as `DNS:a, IP Address:b`, JSON-quoting values that contain commas or quotes. */
export function splitSubjectAltNames(text: string | undefined): { type: string; value: string }[] {
  const entries: { type: string; value: string }[] = [];
  if (!text) return entries;
  let index = 0;
  while (index < text.length) {
    while (text[index] === ' ' || text[index] === ',') index++;
    const colon = text.indexOf(':', index);
    if (colon === -1) break;
    const type = text.slice(index, colon);
    index = colon + 1;
    let value = '';
    if (text[index] === '"') {
      let end = index + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      try {
        value = JSON.parse(text.slice(index, end + 1)) as string;
      } catch {
        value = text.slice(index + 1, end);
      }
      index = end + 1;
    } else {
      const comma = text.indexOf(', ', index);
      const end = comma === -1 ? text.length : comma;
      value = text.slice(index, end);
      index = end;
    }
    entries.push({ type, value });
  }
  return entries;
}

/** The 4 or 16 bytes of an address as hex, so `::1` and `0:0:0:0:0:0:0:1` compare equal. */
export function ipKey(address: string): string | undefined {
  const bare = address.trim().replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  if (family === 4) return bare.split('.').map((part) => Number(part).toString(16).padStart(2, '0')).join('');
  if (family !== 6) return undefined;
  let text = bare.replace(/%.*$/, '');
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4?.[1]) {
    const bytes = v4[1].split('.').map(Number);
    text = text.slice(0, -v4[1].length) + `${(((bytes[0] ?? 0) << 8) | (bytes[1] ?? 0)).toString(16)}:${(((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0)).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? 0 : 8 - headGroups.length - tailGroups.length;
  return [...headGroups, ...Array<string>(Math.max(0, zeros)).fill('0'), ...tailGroups].map((group) => group.padStart(4, '0').toLowerCase()).join('');
}

function canonicalIp(address: string): string {
  const key = ipKey(address);
  if (!key || key.length !== 32) return address;
  const groups = key.match(/.{4}/g)?.map((group) => group.replace(/^0+(?=.)/, '')) ?? [];
  // Compress the longest run of zero groups, as RFC 5952 writes addresses.
  let bestStart = -1;
  let bestLength = 0;
  for (let start = 0; start < groups.length; ) {
    if (groups[start] !== '0') {
      start++;
      continue;
    }
    let end = start;
    while (end < groups.length && groups[end] === '0') end++;
    if (end - start > bestLength && end - start > 1) {
      bestStart = start;
      bestLength = end - start;
    }
    start = end;
  }
  if (bestStart === -1) return groups.join(':');
  return `${groups.slice(0, bestStart).join(':')}::${groups.slice(bestStart + bestLength).join(':')}`;
}

function normaliseName(name: string): string {
  const lower = name.trim().toLowerCase().replace(/\.$/, '');
  if (/^[\x00-\x7f]*$/.test(lower)) return lower;
  return domainToASCII(lower) || lower;
}

/**
 * RFC 6125 §6.4.3 as profiled by RFC 7817: `*` only as the entire left-most label, matching
 * exactly one label, never the bare parent domain, and never directly under a single-label
 * suffix (`*.com`).
 */
export function dnsNameMatches(pattern: string, reference: string): boolean {
  const name = normaliseName(reference);
  const presented = normaliseName(pattern);
  if (name === '' || presented === '') return false;
  if (!presented.includes('*')) return presented === name;
  if (!presented.startsWith('*.')) return false;
  const parent = presented.slice(2);
  if (parent.includes('*') || !parent.includes('.')) return false;
  const dot = name.indexOf('.');
  if (dot <= 0) return false;
  return name.slice(dot + 1) === parent;
}

export interface PresentedIdentities {
  readonly dnsNames: readonly string[];
  readonly ipAddresses: readonly string[];
  readonly commonNames: readonly string[];
}

export function identityMatches(reference: string, presented: PresentedIdentities): boolean {
  const bare = reference.trim().replace(/^\[|\]$/g, '');
  if (isIP(bare) !== 0) {
    const key = ipKey(bare);
    return presented.ipAddresses.some((address) => ipKey(address) === key);
  }
  if (presented.dnsNames.length > 0) return presented.dnsNames.some((pattern) => dnsNameMatches(pattern, bare));
  // CN-ID only for certificates without any DNS-ID (RFC 6125 §6.4.4).
  return presented.commonNames.some((pattern) => dnsNameMatches(pattern, bare));
}

function commonNames(subject: string): string[] {
  return subject
    .split('\n')
    .filter((part) => part.startsWith('CN='))
    .map((part) => part.slice(3));
}

function keyDetails(certificate: X509Certificate): { keyType: string; keyBits?: number } {
  const key = certificate.publicKey;
  const keyType = key.asymmetricKeyType ?? 'unknown';
  const details = key.asymmetricKeyDetails;
  if (details?.modulusLength) return { keyType, keyBits: details.modulusLength };
  const curveBits: Record<string, number> = { prime256v1: 256, secp256k1: 256, secp384r1: 384, secp521r1: 521, secp224r1: 224, prime192v1: 192 };
  if (details?.namedCurve && curveBits[details.namedCurve]) return { keyType, keyBits: curveBits[details.namedCurve] };
  if (keyType === 'ed25519' || keyType === 'x25519') return { keyType, keyBits: 256 };
  if (keyType === 'ed448' || keyType === 'x448') return { keyType, keyBits: 448 };
  return { keyType };
}

function isoDate(text: string): string {
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
}

export function describeCertificate(certificate: X509Certificate): CertificateInfo {
  let selfSigned = false;
  if (certificate.subject === certificate.issuer) {
    try {
      selfSigned = certificate.verify(certificate.publicKey);
    } catch {
      selfSigned = false;
    }
  }
  const subjectAltNames = splitSubjectAltNames(certificate.subjectAltName).map(({ type, value }) => `${type}:${type === 'IP Address' ? canonicalIp(value) : value}`);
  return {
    subject: certificate.subject.split('\n').join(', '),
    subjectAltNames,
    issuer: certificate.issuer.split('\n').join(', '),
    validFrom: isoDate(certificate.validFrom),
    validTo: isoDate(certificate.validTo),
    ...keyDetails(certificate),
    fingerprintSha256: certificate.fingerprint256,
    serialNumber: certificate.serialNumber,
    selfSigned,
  };
}

/** Leaf first; Node completes the chain from its store, so a trusted root may close the list. */
function peerChain(socket: TLSSocket): X509Certificate[] {
  const chain: X509Certificate[] = [];
  const seen = new Set<string>();
  let current: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  while (current && current.raw && chain.length < 10) {
    const certificate = new X509Certificate(current.raw);
    if (seen.has(certificate.fingerprint256)) break;
    seen.add(certificate.fingerprint256);
    chain.push(certificate);
    const issuer: DetailedPeerCertificate | undefined = current.issuerCertificate;
    if (!issuer || issuer === current) break;
    current = issuer;
  }
  if (chain.length === 0) {
    const leaf = socket.getPeerX509Certificate();
    if (leaf) chain.push(leaf);
  }
  return chain;
}

export function certificateReport(socket: TLSSocket, referenceName: string, at: Date = new Date()): CertificateReport | undefined {
  const chain = peerChain(socket);
  const leaf = chain[0];
  if (!leaf) return undefined;
  const sans = splitSubjectAltNames(leaf.subjectAltName);
  const presented: PresentedIdentities = {
    dnsNames: sans.filter((entry) => entry.type === 'DNS').map((entry) => entry.value),
    ipAddresses: sans.filter((entry) => entry.type === 'IP Address').map((entry) => entry.value),
    commonNames: commonNames(leaf.subject),
  };
  const validFrom = new Date(leaf.validFrom).getTime();
  const validTo = new Date(leaf.validTo).getTime();
  const authorizationError = socket.authorizationError as unknown;
  const trustError = socket.authorized ? undefined : authorizationError instanceof Error ? ((authorizationError as NodeJS.ErrnoException).code ?? authorizationError.message) : authorizationError ? String(authorizationError) : 'UNKNOWN';
  return {
    chain: chain.map(describeCertificate),
    trusted: socket.authorized === true,
    ...(trustError !== undefined ? { trustError } : {}),
    nameMatches: identityMatches(referenceName, presented),
    referenceName,
    expired: at.getTime() > validTo,
    notYetValid: at.getTime() < validFrom,
    daysRemaining: Math.floor((validTo - at.getTime()) / DAY_MS),
  };
}
