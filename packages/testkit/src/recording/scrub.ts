// Redaction for recordings. A recording is written to disk and may be shared, so it is scrubbed by
// VALUE: every secret the run was configured with or used (learned from the captured traffic
// before anything is written), in every form core's redactor knows. Names are not trusted in
// bodies — ELMA's processes are identified by a `"token"` field that is no credential — so the only
// patterns are the unambiguous ones: `Basic …`/`Bearer …` credentials and URL user info.
import { isSecretName, REDACTED } from '@jobwire/core';
import { decodeFormComponent, parameterName, secretForms } from '@jobwire/core/internal';
import type { CapturedExchange } from './format.js';

/**
 * Learned values shorter than this are not secrets: a cookie `consent=1` is no credential, and
 * scrubbing `1` would destroy every body. Configured secrets are scrubbed whatever their length.
 */
const MIN_LEARNED_LENGTH = 4;

/** JSON/form fields of answers that carry a credential the server issued during the run. */
const ISSUED_FIELDS = new Set(['access_token', 'refresh_token', 'id_token', 'auth_tkn', 'authentication_token']);

/** Request headers a recording keeps (values scrubbed): what says what the request is. */
const KEPT_REQUEST_HEADERS = new Set(['content-type', 'accept', 'soapaction']);

/** Response headers about the connection, not the answer: a replay sets its own. */
const TRANSPORT_HEADERS = new Set([
  'date',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'content-encoding',
]);

/**
 * Every secret value of a run: the `configured` ones and those the captured traffic shows the run
 * used or was issued — `Authorization` credentials (for Basic also the base64 and the password),
 * other secret-named request and response headers, each cookie value (`Cookie`, `Set-Cookie`),
 * secret-named query parameters and request-body fields (JSON, form, XML), URL user info
 * passwords, and the tokens of answers (`access_token`, `refresh_token`, `id_token`, `auth_tkn`).
 * The bare name `token` is never trusted: ELMA's process ids travel under it. Learned values
 * shorter than 4 characters are left out (no credential is that short); configured ones are all kept.
 */
export function learnSecrets(exchanges: readonly CapturedExchange[], configured: readonly string[]): string[] {
  const found = new Set<string>(configured.filter((s) => s !== ''));
  const learn = (value: string | undefined) => {
    const v = value?.trim();
    if (v && v.length >= MIN_LEARNED_LENGTH && v !== REDACTED) found.add(v);
  };
  for (const { request, response } of exchanges) {
    for (const [name, value] of Object.entries(request.headers)) headerSecrets(name, value).forEach(learn);
    for (const [name, value] of Object.entries(response.headers)) headerSecrets(name, value).forEach(learn);
    urlSecrets(request.url).forEach(learn);
    if (request.body) fieldValues(request.body, (name) => isSecretName(name) && !isBareToken(name)).forEach(learn);
    fieldValues(response.body, (name) => ISSUED_FIELDS.has(normalName(name))).forEach(learn);
  }
  return [...found];
}

/** Scrubs the parts of a recording; built once per recording from its learned secrets. */
export interface Scrubber {
  /** Free text (a body, a path, a detail): every form of every secret, `Basic`/`Bearer` credentials and URL user info become `***`. */
  text(value: string): string;
  /** A query string with its `?` (or `''`): secret-named parameters read `***`, the rest is scrubbed as text. */
  query(value: string): string;
  /** Only `content-type`, `accept` and `soapaction` are kept (lower-case names), their values scrubbed. */
  requestHeaders(headers: Record<string, string>): Record<string, string>;
  /** Every header but transport ones (lower-case names); secret-named ones read `***`, the rest is scrubbed. */
  responseHeaders(headers: Record<string, string>): Record<string, string>;
}

/** A `Scrubber` for these secret values (see `learnSecrets`). */
export function createScrubber(secrets: readonly string[]): Scrubber {
  // Longest first, so a secret that contains another is replaced whole.
  const forms = [...new Set(secrets.flatMap((s) => (s === '' ? [] : secretForms(s))))].sort((a, b) => b.length - a.length);
  const text = (value: string): string => {
    let out = value;
    for (const form of forms) if (out.includes(form)) out = out.split(form).join(REDACTED);
    return out.replace(USERINFO_PATTERN, `$1${REDACTED}@`).replace(SCHEME_PATTERN, schemeReplacer);
  };
  const query = (value: string): string => {
    if (value === '' || value === '?') return value;
    const pairs = value
      .slice(1)
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=');
        if (eq >= 0 && isSecretName(parameterName(pair.slice(0, eq)))) return `${text(pair.slice(0, eq))}=${REDACTED}`;
        return text(pair);
      });
    return `?${pairs.join('&')}`;
  };
  const requestHeaders = (headers: Record<string, string>) => {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      const lower = name.toLowerCase();
      if (KEPT_REQUEST_HEADERS.has(lower)) out[lower] = text(value);
    }
    return out;
  };
  const responseHeaders = (headers: Record<string, string>) => {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      const lower = name.toLowerCase();
      if (TRANSPORT_HEADERS.has(lower)) continue;
      out[lower] = isSecretName(lower) ? REDACTED : text(value);
    }
    return out;
  };
  return { text, query, requestHeaders, responseHeaders };
}

/** `scheme://user:password@` (also JSON-escaped, `http:\/\/`): the password goes. */
const USERINFO_PATTERN = /\b([a-z][a-z0-9+.-]*:(?:\\?\/){2}[^\s/@:?#"'<>\\]*:)[^\s/@?#"'<>\\]*@/gi;

/** `Basic xxx` / `Bearer xxx`; `schemeReplacer` decides whether `xxx` is a credential. */
const SCHEME_PATTERN = /\b(Basic|Bearer)(\s+)([A-Za-z0-9._~+/-]+=*)/gi;

/**
 * Only a credential-looking word goes: prose (`Basic authentication`) and auth parameters
 * (`Basic realm="x"`) are kept, so a body stays byte-identical where it holds no secret.
 */
function schemeReplacer(match: string, scheme: string, space: string, credential: string): string {
  const core = credential.replace(/=+$/, '');
  const looksLikeCredential =
    /[0-9+/._~-]/.test(core) || core.length >= 16 || (scheme.toLowerCase() === 'basic' && isBasicPair(credential));
  return looksLikeCredential ? `${scheme}${space}${REDACTED}` : match;
}

/** True when `value` is base64 of printable `user:password`. */
function isBasicPair(value: string): boolean {
  const decoded = decodeBase64(value);
  return decoded !== undefined && /^[\x20-\x7e]*:[\x20-\x7e]*$/.test(decoded);
}

/** The secrets in one header: the credential after its scheme, each cookie value, or the value. */
function headerSecrets(name: string, value: string): string[] {
  const lower = name.toLowerCase();
  if (lower === 'cookie') return value.split(';').map(cookieValue);
  // `Set-Cookie` lines joined by `, ` (Headers.get); a cookie's `Expires=Wed, 21 Oct` has a comma too.
  if (lower === 'set-cookie') return value.split(/,\s*(?=[^;,=\s]+=)/).map((c) => cookieValue(c.split(';')[0] ?? ''));
  if (!isSecretName(lower)) return [];
  // Only `Authorization` values have a scheme; an `Authentication-Token` or API key is whole.
  const scheme = lower.endsWith('authorization') ? /^\s*([A-Za-z][\w-]*)\s+(\S+)\s*$/.exec(value) : null;
  if (!scheme) return [value];
  const credential = scheme[2] ?? '';
  const out = [credential];
  if (scheme[1]?.toLowerCase() === 'basic') {
    const decoded = decodeBase64(credential);
    const colon = decoded?.indexOf(':') ?? -1;
    if (decoded !== undefined && colon >= 0) out.push(decoded.slice(colon + 1));
  }
  return out;
}

function cookieValue(cookie: string): string {
  const eq = cookie.indexOf('=');
  return eq < 0
    ? ''
    : decodeFormComponent(
        cookie
          .slice(eq + 1)
          .trim()
          .replace(/^"(.*)"$/, '$1'),
      );
}

/** Secret-named query parameters (not the bare `token`) and a URL user info password. */
function urlSecrets(url: string): string[] {
  const out: string[] = [];
  const userinfo = /^[a-z][a-z0-9+.-]*:\/\/[^/@:?#]*:([^/@?#]*)@/i.exec(url);
  if (userinfo?.[1]) out.push(decodeFormComponent(userinfo[1]));
  const query = url.indexOf('?');
  if (query < 0) return out;
  for (const pair of url
    .slice(query + 1)
    .split('#')[0]
    ?.split('&') ?? []) {
    const eq = pair.indexOf('=');
    if (eq < 0) continue;
    const name = parameterName(pair.slice(0, eq));
    if (isSecretName(name) && !isBareToken(name)) out.push(decodeFormComponent(pair.slice(eq + 1)));
  }
  return out;
}

/** String values of fields whose name `wanted` accepts, in JSON (`"name": "v"`), forms (`name=v`) and XML (`<name>v</name>`). */
function fieldValues(body: string, wanted: (name: string) => boolean): string[] {
  const out: string[] = [];
  for (const m of body.matchAll(/"((?:[^"\\]|\\.)*)"\s*:\s*"((?:[^"\\]|\\.)*)"/g)) {
    if (wanted(jsonUnescape(m[1] ?? ''))) out.push(jsonUnescape(m[2] ?? ''));
  }
  for (const m of body.matchAll(/(?:^|[&?])([^&=\s]+)=([^&\s]*)/g)) {
    if (wanted(parameterName(m[1] ?? ''))) out.push(decodeFormComponent(m[2] ?? ''));
  }
  for (const m of body.matchAll(/<(?:[\w.-]+:)?([\w.-]+)(?:\s[^>]*)?>([^<]*)</g)) {
    if (wanted(m[1] ?? '')) out.push(xmlUnescape(m[2] ?? ''));
  }
  return out;
}

function normalName(name: string): string {
  return name.trim().toLowerCase().replace(/-/g, '_');
}

/** `token` alone names ELMA's process ids, not a credential. */
function isBareToken(name: string): boolean {
  return normalName(name) === 'token';
}

function jsonUnescape(value: string): string {
  try {
    return JSON.parse(`"${value}"`) as string;
  } catch {
    return value;
  }
}

/** Decodes the five XML entities and numeric references. */
export function xmlUnescape(value: string): string {
  return value.replace(/&(?:#x([0-9a-f]+)|#(\d+)|(amp|lt|gt|quot|apos));/gi, (whole, hex, dec, named) => {
    const code = hex ? Number.parseInt(hex, 16) : dec ? Number.parseInt(dec, 10) : undefined;
    if (code !== undefined) return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[String(named).toLowerCase()] ?? whole;
  });
}

/** UTF-8 text of base64 (standard or URL-safe, padding optional), or undefined when it is not base64. */
function decodeBase64(value: string): string | undefined {
  const b64 = value.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]+$/.test(b64) || b64.length % 4 === 1) return undefined;
  try {
    const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
}
