/**
 * What bundlers load for `@jobwire/nagra-apubi` under the `browser` condition: APUBI is SOAP
 * over Node's `http` and `https` (the server kit, and node-soap behind `client.soap()`), so this
 * package runs on Node only, and importing it in a browser bundle fails at once with this message.
 *
 * The module throws when it is evaluated. It also exports every name the Node entry exports, each
 * throwing the same message when called: with a missing export, Rollup and Rolldown (Vite) stop the
 * build with their own error, and esbuild makes the import `undefined` and, the module then having
 * no used export, drops it (`(void 0) is not a function`). package.json lists this file in
 * `sideEffects` so that no bundler drops it.
 */
const message = '@jobwire/nagra-apubi runs on Node.js only (SOAP); call the APUBI publishing server from your backend.';

/** Stands for each export of the Node entry: throws the message. */
function nodeOnly(): never {
  throw new Error(message);
}

// The core's names, as the Node entry re-exports them (the core itself runs in browsers).
export * from '@jobwire/core';
// This package's own runtime names (src/index.ts); test/browser.test.ts checks that none is missing.
export {
  nodeOnly as ApubiFault,
  nodeOnly as apubiJobState,
  nodeOnly as createApubiServer,
  nodeOnly as createNagraApubiClient,
  nodeOnly as MAX_METADATA_DEPTH,
  nodeOnly as mapApubiError,
  nodeOnly as metaDataText,
  nodeOnly as parseMetaData,
  nodeOnly as readMetaData,
  nodeOnly as toJobStatus,
  nodeOnly as toMetaData,
  nodeOnly as writeMetaData,
  nodeOnly as wsdlXml,
};

nodeOnly();
