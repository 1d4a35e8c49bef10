// `@jobwire/core/node`: helpers for code that runs a Node.js server (ELMA's callback receiver,
// APUBI's server kit). Kept out of the root entry, which must stay safe for browser bundles.
export {
  announcesTooMuch,
  type RequestBodyLimits,
  type RequestBodyResult,
  readRequestBody,
} from './node/request-body.js';
