// Loads dist/engine.js when the first document needs linting (see engine.ts for why).
import type * as Engine from './engine';

let engine: typeof Engine | undefined;

export function lintEngine(): typeof Engine {
  // A plain require of the sibling bundle: esbuild leaves it alone (it is marked external), so
  // the module is read only now, not when the extension activates.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  engine ??= require('./engine.js') as typeof Engine;
  return engine;
}
