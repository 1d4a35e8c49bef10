/**
 * Redirects, followed by the transport itself (`redirect: 'manual'`): `fetch` left to follow
 * them sends custom credential headers (TrueSight's `Authentication-Token`), query-string
 * credentials (Aspera's `password=`) and bodies (ELMA's `auth_tkn`, login forms) to whatever
 * origin a server names, and re-sends a write on a 307/308.
 */
import { isSecretName, type Redactor } from '../redact.js';

/** Redirect hops followed within one attempt before giving up. */
export const MAX_REDIRECTS = 5;

const FOLLOWED = new Set([301, 302, 303, 307, 308]);

/** What the transport knows about the request being redirected. */
export interface RedirectFrom {
  /** The URL the answer came from. */
  url: string;
  method: string;
  /** Whether the request had a body. */
  hasBody: boolean;
  /** Whether the request may be sent twice (reads; writes only with `retryWrites`). */
  mayResend: boolean;
  /** The origin credentials belong to: the first request's. */
  origin: string;
  /** Other origins the caller allows redirects to (no credential ever goes there). */
  allowedOrigins: ReadonlySet<string>;
}

/** The next hop: where, how, and whether it leaves the credentials' origin. */
export interface RedirectHop {
  url: string;
  method: string;
  /** Send the same body again (307/308, and 301/302 of a non-GET), or none. */
  keepBody: boolean;
  /** The target is another origin: nothing secret goes with it. */
  crossOrigin: boolean;
}

/** Why a redirect is not followed; the transport turns it into a `RedirectError`. */
export interface RedirectRefusal {
  refused: string;
  /** The origin the server pointed to ('' when it could not be read). */
  targetOrigin: string;
  /** The target URL (not yet redacted). */
  location: string;
}

/** True for an answer the transport follows or refuses as a redirect. */
export function isRedirect(response: Response): boolean {
  // A browser hides the target of a manual redirect (`opaqueredirect`, status 0).
  return response.type === 'opaqueredirect' || (FOLLOWED.has(response.status) && response.headers.has('location'));
}

/** Where a redirect answer leads, or why it is refused. */
export function nextHop(response: Response, from: RedirectFrom): RedirectHop | RedirectRefusal {
  if (response.type === 'opaqueredirect') {
    return { refused: 'the runtime hides its target (browser fetch); not followed', targetOrigin: '', location: '' };
  }
  const location = response.headers.get('location') ?? '';
  let target: URL;
  try {
    target = new URL(location, from.url);
  } catch {
    return { refused: 'its Location is not a URL', targetOrigin: '', location };
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    return { refused: `${target.protocol} is not HTTP`, targetOrigin: target.origin, location: target.href };
  }
  const status = response.status;
  // 303, and a 301/302 answering a GET or HEAD: the next request is a read without a body.
  const becomesRead = status === 303 || ((status === 301 || status === 302) && /^(GET|HEAD)$/.test(from.method));
  const method = becomesRead && from.method !== 'HEAD' ? 'GET' : from.method;
  const keepBody = !becomesRead && from.hasBody;
  if (!becomesRead && !from.mayResend) {
    return {
      refused: `a ${from.method} is not sent again to a redirect target unless retryWrites allows it`,
      targetOrigin: target.origin,
      location: target.href,
    };
  }
  const crossOrigin = target.origin !== from.origin;
  if (crossOrigin && !from.allowedOrigins.has(target.origin)) {
    return {
      refused: `it leads to another origin, ${target.origin}; allow it with allowedRedirectOrigins`,
      targetOrigin: target.origin,
      location: target.href,
    };
  }
  if (crossOrigin && keepBody) {
    return {
      refused: `a body is never sent to another origin (${target.origin})`,
      targetOrigin: target.origin,
      location: target.href,
    };
  }
  return { url: target.href, method, keepBody, crossOrigin };
}

/**
 * The headers that may go to another origin: none that is named like a credential (`Authorization`,
 * `Authentication-Token`, `Cookie`, …), none the authenticator set, none that holds a known secret.
 */
export function headersForOtherOrigin(headers: Headers, beforeAuth: Headers, redactor: Redactor): Headers {
  const out = new Headers();
  for (const [name, value] of headers) {
    if (isSecretName(name) || beforeAuth.get(name) !== value || redactor.text(value) !== value) continue;
    out.set(name, value);
  }
  return out;
}

/** Query parameters that name who logs in (Aspera's `login=`): not secret, but not another origin's business either. */
const LOGIN_NAMES = new Set(['login', 'user', 'username']);

/** A URL for another origin: user info, and query parameters named like a credential or holding a known secret, are removed. */
export function urlForOtherOrigin(url: string, redactor: Redactor): string {
  const target = new URL(url);
  target.username = '';
  target.password = '';
  for (const [name, value] of [...target.searchParams]) {
    const bare = name.replace(/^.*\[([^\]]+)\]$/, '$1');
    if (isSecretName(bare) || LOGIN_NAMES.has(bare.toLowerCase()) || redactor.text(value) !== value) {
      target.searchParams.delete(name);
    }
  }
  return target.href;
}
