/**
 * What bundlers load for `@jobwire/nagra-apubi` under the `browser` condition: APUBI is SOAP over
 * node-soap (Node's `http`, `https` and `fs`), so this package runs on Node only, and importing it
 * in a browser bundle fails at once with this message instead of deep inside node-soap.
 */
throw new Error(
  '@jobwire/nagra-apubi runs on Node.js only (SOAP over node-soap); call the APUBI publishing server from your backend.',
);
