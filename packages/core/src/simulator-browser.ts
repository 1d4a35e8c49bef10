/**
 * What bundlers load for `@jobwire/core/simulator` under the `browser` condition, and for each
 * vendor's `dist/simulator.js` (the vendor package.json's `browser` field maps it here): the
 * simulators are HTTP servers on Node's `node:http`, so a browser bundle of a vendor definition
 * builds without them and `definition.simulator()` rejects with this message.
 *
 * The module throws when it is evaluated. It also exports every name of `src/simulator.ts`, each
 * throwing the same message when called, so that a static import of one still builds (Rollup and
 * Rolldown refuse a missing export); package.json lists this file in `sideEffects` so that no
 * bundler drops it.
 */
const message =
  '@jobwire/core/simulator: the jobwire simulators need Node.js (they are HTTP servers on node:http); start one in Node (a test, a script, `jobwire simulate`) and give the browser its URL.';

/** Stands for each export of the Node entry: throws the message. */
function nodeOnly(): never {
  throw new Error(message);
}

// The runtime names of src/simulator.ts; test/simulator-browser.test.ts checks that none is missing.
export {
  nodeOnly as chaosWithFaultsFirst,
  nodeOnly as createChaos,
  nodeOnly as hexId,
  nodeOnly as JobBook,
  nodeOnly as json,
  nodeOnly as listenOnLoopback,
  nodeOnly as seededRandom,
  nodeOnly as startHttpServer,
  nodeOnly as xml,
};

nodeOnly();
