// The probe's public face for the CLI, the extension and the peer tests.
export * from './types';
export { probeHost } from './probeHost';
export { probePort, type ProbePortOptions } from './probePort';
export { DEFAULT_TARGETS, parseTargets } from './targets';
export { DEFAULT_EHLO_NAME, DEFAULT_LIMITS, DEFAULT_TIMEOUT_MS } from './options';
export { dnsNameMatches, identityMatches, type PresentedIdentities } from './certificate';
