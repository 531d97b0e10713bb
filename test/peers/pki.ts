// The certificates the peers present, made fresh per run with the openssl command line:
// a root CA and an intermediate (so "missing intermediate" is a real chain fault), and one
// leaf per variant the probe must tell apart.
import { mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './exec';

/** Every name and address the peers are reached by. */
export const GOOD_SANS = ['DNS:localhost', 'DNS:mail.test', 'IP:127.0.0.1', 'IP:127.0.0.2', 'IP:::1'];

/** Test domains with an MTA-STS policy host; its certificate names all of them. */
export const MTA_STS_DOMAINS = ['mail.test', 'uncovered.test', 'redirect.test', 'big.test', 'slow.test', 'broken.test'];

export interface LeafFiles {
  /** PEM private key. */
  readonly key: string;
  /** What the server sends: leaf first, then intermediates (or not, for the faulty variants). */
  readonly chain: string;
  /** Key then chain in one file, for Postfix's smtpd_tls_chain_files. */
  readonly keyAndChain: string;
}

export interface Pki {
  readonly dir: string;
  /** PEM text of the root CA: what a test passes as extraCa. */
  readonly rootPem: string;
  readonly root: string;
  readonly intermediate: string;
  readonly good: LeafFiles;
  readonly selfSigned: LeafFiles;
  readonly expired: LeafFiles;
  readonly wrongName: LeafFiles;
  readonly missingIntermediate: LeafFiles;
  /** For the MTA-STS policy host of every test domain. */
  readonly mtaSts: LeafFiles;
}

const CA_CONFIG = (dir: string): string => `
[ca]
default_ca = intermediate
[intermediate]
dir = ${dir}
database = ${dir}/index.txt
serial = ${dir}/serial
new_certs_dir = ${dir}/issued
certificate = ${dir}/intermediate.pem
private_key = ${dir}/intermediate.key
default_md = sha256
policy = anything
copy_extensions = none
unique_subject = no
[anything]
commonName = supplied
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[root_ext]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[intermediate_ext]
basicConstraints = critical, CA:true, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
`;

function leafExtensions(sans: readonly string[]): string {
  return [
    'basicConstraints = critical, CA:false',
    'keyUsage = critical, digitalSignature, keyEncipherment',
    'extendedKeyUsage = serverAuth',
    'subjectKeyIdentifier = hash',
    'authorityKeyIdentifier = keyid',
    `subjectAltName = ${sans.join(', ')}`,
    '',
  ].join('\n');
}

/** openssl ca wants YYMMDDHHMMSSZ (UTCTime) or YYYYMMDDHHMMSSZ. */
function stamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').replace(/\.\d+Z$/, 'Z');
}

export async function makePki(dir: string): Promise<Pki> {
  mkdirSync(join(dir, 'issued'), { recursive: true });
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), '1000\n');
  const config = join(dir, 'ca.cnf');
  writeFileSync(config, CA_CONFIG(dir));
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];

  await run('openssl', ['req', '-x509', '-config', config, ...ec, '-nodes', '-keyout', join(dir, 'root.key'), '-out', join(dir, 'root.pem'), '-subj', '/CN=Mail TLS Doctor Test Root', '-days', '30', '-extensions', 'root_ext']);
  await run('openssl', ['req', '-new', '-config', config, ...ec, '-nodes', '-keyout', join(dir, 'intermediate.key'), '-out', join(dir, 'intermediate.csr'), '-subj', '/CN=Mail TLS Doctor Test Intermediate']);
  await run('openssl', ['x509', '-req', '-in', join(dir, 'intermediate.csr'), '-CA', join(dir, 'root.pem'), '-CAkey', join(dir, 'root.key'), '-CAcreateserial', '-out', join(dir, 'intermediate.pem'), '-days', '30', '-extfile', config, '-extensions', 'intermediate_ext']);

  const now = Date.now();
  const day = 86_400_000;
  // Keys and requests in parallel; signing one at a time, because `openssl ca` keeps its
  // serial and index in files that concurrent runs would corrupt.
  const request = (name: string, cn: string, keyArgs: readonly string[]): Promise<unknown> =>
    run('openssl', ['req', '-new', '-config', config, ...keyArgs, '-nodes', '-keyout', join(dir, `${name}.key`), '-out', join(dir, `${name}.csr`), '-subj', `/CN=${cn}`]);
  const sign = async (name: string, sans: readonly string[], from: Date, to: Date): Promise<string> => {
    const ext = join(dir, `${name}.ext`);
    writeFileSync(ext, `[leaf]\n${leafExtensions(sans)}`);
    // openssl ca, unlike x509 -days, takes explicit dates: the only way to an expired leaf here.
    await run('openssl', ['ca', '-batch', '-config', config, '-notext', '-in', join(dir, `${name}.csr`), '-out', join(dir, `${name}.pem`), '-startdate', stamp(from), '-enddate', stamp(to), '-extfile', ext, '-extensions', 'leaf']);
    return readFileSync(join(dir, `${name}.pem`), 'utf8');
  };

  const validFrom = new Date(now - day);
  const validTo = new Date(now + 30 * day);
  const intermediatePem = readFileSync(join(dir, 'intermediate.pem'), 'utf8');
  const selfConfig = join(dir, 'selfsigned.cnf');
  writeFileSync(selfConfig, `[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = unused\n[leaf]\n${leafExtensions(GOOD_SANS).replace('authorityKeyIdentifier = keyid\n', '')}`);
  // P-256 keys take milliseconds; an RSA-2048 key takes up to a second and would dominate start-up.
  await Promise.all([
    request('good', 'mail.test', ec),
    request('expired', 'mail.test', ec),
    request('wrongname', 'wrong.example.invalid', ec),
    request('nointer', 'mail.test', ec),
    request('mtasts', 'mta-sts.mail.test', ec),
    run('openssl', ['req', '-x509', '-config', selfConfig, ...ec, '-nodes', '-keyout', join(dir, 'selfsigned.key'), '-out', join(dir, 'selfsigned.pem'), '-subj', '/CN=mail.test', '-days', '30', '-extensions', 'leaf']),
  ]);
  const goodPem = await sign('good', GOOD_SANS, validFrom, validTo);
  const expiredPem = await sign('expired', GOOD_SANS, new Date(Date.UTC(2020, 0, 1)), new Date(Date.UTC(2021, 0, 1)));
  const wrongPem = await sign('wrongname', ['DNS:wrong.example.invalid'], validFrom, validTo);
  const missingPem = await sign('nointer', GOOD_SANS, validFrom, validTo);
  const stsPem = await sign('mtasts', MTA_STS_DOMAINS.map((d) => `DNS:mta-sts.${d}`), validFrom, validTo);

  const leaf = (name: string, chainPem: string): LeafFiles => {
    const key = join(dir, `${name}.key`);
    chmodSync(key, 0o600);
    const chain = join(dir, `${name}.chain.pem`);
    writeFileSync(chain, chainPem);
    const keyAndChain = join(dir, `${name}.full.pem`);
    writeFileSync(keyAndChain, readFileSync(key, 'utf8') + chainPem, { mode: 0o600 });
    return { key, chain, keyAndChain };
  };

  return {
    dir,
    root: join(dir, 'root.pem'),
    rootPem: readFileSync(join(dir, 'root.pem'), 'utf8'),
    intermediate: join(dir, 'intermediate.pem'),
    good: leaf('good', goodPem + intermediatePem),
    selfSigned: leaf('selfsigned', readFileSync(join(dir, 'selfsigned.pem'), 'utf8')),
    expired: leaf('expired', expiredPem + intermediatePem),
    wrongName: leaf('wrongname', wrongPem + intermediatePem),
    missingIntermediate: leaf('nointer', missingPem),
    mtaSts: leaf('mtasts', stsPem + intermediatePem),
  };
}
