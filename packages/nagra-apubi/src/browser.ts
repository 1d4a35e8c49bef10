/**
 * What bundlers load for `@jobwire/nagra-apubi` under the `browser` condition: APUBI is SOAP
 * over Node's `http` and `https` (the server kit, and node-soap behind `client.soap()`), so this
 * package runs on Node only, and importing it in a browser bundle fails at once with this message.
 */
throw new Error('@jobwire/nagra-apubi runs on Node.js only (SOAP); call the APUBI publishing server from your backend.');
