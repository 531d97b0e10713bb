// How a test file asks for the peers: skipped with the reason on a machine that cannot run
// them (not root, packages missing), but never silently skipped in CI, where .ci/run installs
// them and a skip would hide a broken set-up.
import { peersUnavailable } from './matrix';

export function peerSkipReason(): string | false {
  const reason = peersUnavailable();
  if (reason === undefined) return false;
  if (process.env.CI) throw new Error(`real mail peers unavailable in CI: ${reason}`);
  return reason;
}
