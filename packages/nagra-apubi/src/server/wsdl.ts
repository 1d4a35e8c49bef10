import { escapeXml } from '@jobwire/xml';
import { wsdlXml } from '../generated/apubi/wsdl.js';

/*
 * The WSDL the kit serves: the spec's WSDL (specs/nagra-apubi/apubi.wsdl, embedded) with its
 * `soap:address` set to the endpoint. The address comes from configuration, or from a Host header
 * that is a valid `host[:port]` and nothing else; it is inserted by splitting the text (never a
 * `String.replace` replacement pattern, where `$&` and friends expand), escaped, and the answer
 * is cached, so a peer can neither enlarge it nor write into it.
 */

const ADDRESS = /(<soap:address location=")[^"]*(")/;
const match = ADDRESS.exec(wsdlXml);
const before = match ? wsdlXml.slice(0, match.index + (match[1] as string).length) : wsdlXml;
const after = match ? wsdlXml.slice(match.index + match[0].length - 1) : '';

/** The WSDL with `address` as the service's location, as bytes ready to send. */
export function wsdlFor(address: string): Buffer {
  return Buffer.from(match ? `${before}${escapeXml(address)}${after}` : wsdlXml, 'utf8');
}

// A DNS name or IPv4 address, or a bracketed IPv6 address, and an optional port: nothing else.
const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]{2,45}\])(?::[0-9]{1,5})?$/;

/** A Host header when it is a plain `host[:port]` of at most 261 characters; otherwise undefined. */
export function validHost(host: string | undefined): string | undefined {
  if (host === undefined || host.length > 261 || !HOST.test(host)) return undefined;
  const port = /:([0-9]+)$/.exec(host)?.[1];
  if (port !== undefined && !host.endsWith(']') && Number(port) > 65535) return undefined;
  return host;
}

/** Checks a configured endpoint address: an absolute http(s) URL without credentials; returns it normalized. */
export function checkedAddress(address: string): string {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new TypeError('createApubiServer: wsdlAddress must be an absolute http(s) URL');
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) {
    throw new TypeError('createApubiServer: wsdlAddress must be an http(s) URL without credentials');
  }
  return url.href;
}

/**
 * Served WSDLs by address, cached: one for the configured address, or at most `MAX_CACHED`
 * Host-derived ones (each at most 261 characters longer than the spec's WSDL); past that they
 * are built per request, still bounded in size.
 */
export function wsdlCache(): (address: string) => Buffer {
  const MAX_CACHED = 16;
  const cache = new Map<string, Buffer>();
  return (address) => {
    let answer = cache.get(address);
    if (answer === undefined) {
      answer = wsdlFor(address);
      if (cache.size < MAX_CACHED) cache.set(address, answer);
    }
    return answer;
  };
}
