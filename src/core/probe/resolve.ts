// The host's addresses, looked up once per probe. getaddrinfo cannot be cancelled, so the
// lookup is raced against the timeout and the signal rather than stopped.
import { promises as dns } from 'node:dns';
import { isIP } from 'node:net';
import { waitFor, now } from './clock';
import { describeSocketError, StepFailure } from './errors';

export type Resolution = { readonly ok: true; readonly addresses: readonly string[] } | { readonly ok: false; readonly message: string };

/** Alternate the families, first family first (RFC 8305 §4), so a dead family costs one stagger. */
function interleave(addresses: readonly string[]): string[] {
  const first = addresses[0];
  if (first === undefined) return [];
  const firstFamily = isIP(first);
  const same = addresses.filter((address) => isIP(address) === firstFamily);
  const other = addresses.filter((address) => isIP(address) !== firstFamily);
  const result: string[] = [];
  for (let index = 0; index < Math.max(same.length, other.length); index++) {
    const a = same[index];
    const b = other[index];
    if (a !== undefined) result.push(a);
    if (b !== undefined) result.push(b);
  }
  return result;
}

export async function resolveHost(host: string, family: 4 | 6 | undefined, timeoutMs: number, signal?: AbortSignal): Promise<Resolution> {
  const literal = isIP(host);
  if (literal !== 0) {
    if (family !== undefined && literal !== family) return { ok: false, message: `${host} is an IPv${literal} address but IPv${family} was asked for` };
    return { ok: true, addresses: [host] };
  }
  try {
    const found = await waitFor<{ address: string }[]>(now() + timeoutMs, signal, `the DNS lookup of ${host} took longer than ${timeoutMs} ms`, (done, fail) => {
      dns.lookup(host, { all: true, family: family ?? 0, verbatim: true }).then(done, fail);
    });
    const unique = [...new Set(found.map((entry) => entry.address))];
    if (unique.length === 0) return { ok: false, message: `${host} has no address${family ? ` for IPv${family}` : ''}` };
    return { ok: true, addresses: interleave(unique) };
  } catch (error) {
    if (error instanceof StepFailure && error.kind === 'aborted') throw error;
    const { message, code } = describeSocketError(error);
    if (code === 'ENOTFOUND' || code === 'ENODATA') return { ok: false, message: `${host} does not resolve (${code})` };
    return { ok: false, message: `could not resolve ${host}: ${message}` };
  }
}
