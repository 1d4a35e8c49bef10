/**
 * Redirects, followed by the transport itself (`redirect: 'manual'`): `fetch` left to follow
 * them sends custom credential headers (TrueSight's `Authentication-Token`), query-string
 * credentials (Aspera's `password=`) and bodies (ELMA's `auth_tkn`, login forms) to whatever
 * origin a server names, and re-sends a write on a 307/308.
 */
// Only types are imported: what this module needs at run time comes in its context, so that the
// lazily loaded chunk does not pull core's errors and redactor into a chunk of their own.
import type { RedirectError, RedirectErrorInit } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Redactor } from '../redact.js';
import type { VendorId } from '../status.js';
import { log } from './log-lines.js';

/** Redirect hops followed within one attempt before giving up. */
const MAX_REDIRECTS = 5;

const FOLLOWED = new Set([301, 302, 303, 307, 308]);

/** What the transport knows about the request being redirected. */
interface RedirectFrom {
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
interface RedirectHop {
  url: string;
  method: string;
  /** Send the same body again (307/308, and 301/302 of a non-GET), or none. */
  keepBody: boolean;
  /** The target is another origin: nothing secret goes with it. */
  crossOrigin: boolean;
}

/** Why a redirect is not followed; it becomes a `RedirectError`. */
interface RedirectRefusal {
  refused: string;
  /** The origin the server pointed to ('' when it could not be read). */
  targetOrigin: string;
  /** The target URL (not yet redacted). */
  location: string;
}

/** True for an answer followed or refused as a redirect (the transport looks for 301–308 first, then loads this module). */
function isRedirect(response: Response): boolean {
  // A browser hides the target of a manual redirect (`opaqueredirect`, status 0).
  return response.type === 'opaqueredirect' || (FOLLOWED.has(response.status) && response.headers.has('location'));
}

/** Where a redirect answer leads, or why it is refused. */
function nextHop(response: Response, from: RedirectFrom): RedirectHop | RedirectRefusal {
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
function headersForOtherOrigin(
  headers: Headers,
  beforeAuth: Headers,
  redactor: Redactor,
  isSecretName: (name: string) => boolean,
): Headers {
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
function urlForOtherOrigin(url: string, redactor: Redactor, isSecretName: (name: string) => boolean): string {
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

/** What `followRedirects` needs from the transport and the request. */
export interface RedirectContext {
  vendor: VendorId;
  operation: string;
  redactor: Redactor;
  logger: Logger | undefined;
  allowedOrigins: ReadonlySet<string>;
  isSecretName: (name: string) => boolean;
  /** Makes the `RedirectError` (the class lives in the main chunk). */
  refused: (message: string, init: RedirectErrorInit) => RedirectError;
  send: (url: string, init: RequestInit) => Promise<Response>;
  /** The URL, method and headers (before credentials) of the request, and whether it had a body. */
  url: string;
  method: string;
  headersBeforeAuth: HeadersInit;
  hasBody: boolean;
  /** Whether the request may be sent again (reads; writes with `retryWrites`). */
  mayResend: boolean;
  /** The body again, for a hop that keeps it; absent when it cannot be had twice. */
  resendBody: (() => string | undefined | Promise<ArrayBuffer>) | undefined;
}

/**
 * Follows redirects from `first` (an answer to a request sent with `redirect: 'manual'`): hops
 * within the origin as sent, hops to an allowed origin stripped of every credential, anything
 * else refused with `RedirectError`. Returns the first answer that is not a redirect.
 */
export async function followRedirects(
  first: Response,
  sent: Headers,
  signal: AbortSignal,
  ctx: RedirectContext,
): Promise<Response> {
  const { redactor } = ctx;
  let response = first;
  let url = ctx.url;
  let method = ctx.method;
  let headers = sent;
  let hasBody = ctx.hasBody;
  let body: string | ArrayBuffer | undefined;
  let crossed = false;
  const origin = new URL(url).origin;
  for (let hops = 0; isRedirect(response); hops++) {
    const from = { url, method, hasBody, mayResend: ctx.mayResend, origin, allowedOrigins: ctx.allowedOrigins };
    let hop = hops < MAX_REDIRECTS ? nextHop(response, from) : refusal(`more than ${MAX_REDIRECTS} redirects`, response, url);
    void response.body?.cancel().catch(() => undefined); // not awaited: a clone's cancel can wait for ever (body-limit.ts)
    if (!('refused' in hop) && hop.keepBody && body === undefined) {
      body = await ctx.resendBody?.();
      if (body === undefined) hop = refusal('its body cannot be sent twice', response, hop.url);
    }
    if ('refused' in hop) {
      const location = redactor.url(hop.location);
      const target = hop.targetOrigin || redactor.text(location) || 'an unknown target';
      throw ctx.refused(
        `${ctx.vendor} ${ctx.operation}: HTTP ${response.status} redirect to ${target} not followed: ${redactor.text(hop.refused)}`,
        {
          vendor: ctx.vendor,
          operation: ctx.operation,
          status: response.status,
          headers: redactor.headers(response.headers),
          targetOrigin: hop.targetOrigin,
          location,
        },
      );
    }
    if (hop.crossOrigin && !crossed) {
      headers = headersForOtherOrigin(headers, new Headers(ctx.headersBeforeAuth), redactor, ctx.isSecretName);
      crossed = true;
    }
    if (!hop.keepBody) {
      body = undefined;
      hasBody = false;
      headers.delete('content-type');
    }
    url = hop.crossOrigin ? urlForOtherOrigin(hop.url, redactor, ctx.isSecretName) : hop.url;
    method = hop.method;
    if (ctx.logger)
      log(ctx.logger, 'debug', `${ctx.vendor} ${ctx.operation}: redirected (HTTP ${response.status}) to ${redactor.url(url)}`);
    response = await ctx.send(url, { method, headers, body, signal, redirect: 'manual' });
  }
  return response;
}

function refusal(refused: string, response: Response, location: string): RedirectRefusal {
  return {
    refused,
    targetOrigin: URL.canParse(location) ? new URL(location).origin : '',
    location: location || (response.headers.get('location') ?? ''),
  };
}
