/**
 * Secret redaction: one mechanism for every error, log line and inspected object.
 *
 * A redactor knows two kinds of secret: the values the client was configured with
 * (passwords, keys, tokens — registered as they are learned) and the well-known names
 * under which secrets travel (query parameters, form fields, JSON keys, headers).
 */

import { secretForms } from './secret-forms.js';

export const REDACTED = '***';

/** Names (compared case-insensitively, `-` and `_` alike) whose values are always secret. */
export const SECRET_NAMES: readonly string[] = [
  'password',
  'passwd',
  'api_key',
  'apikey',
  'client_secret',
  'secret',
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'auth_tkn',
  'authentication_token',
  'authorization',
  'proxy_authorization',
  'cookie',
  'set_cookie',
  'x_api_key',
];

const SECRET_NAME_SET = new Set(SECRET_NAMES);
const NAME_ALTERNATION = SECRET_NAMES.map((n) => n.replace(/_/g, '[-_]?')).join('|');

/** `password=…` in query strings, forms and prose. */
const PAIR_PATTERN = new RegExp(`((?:^|[?&;\\s,"'])(?:${NAME_ALTERNATION})=)[^&#\\s"',;]*`, 'gi');
/** `"password": "…"` in JSON text, also when the JSON is truncated. */
const JSON_PATTERN = new RegExp(`("(?:${NAME_ALTERNATION})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"?`, 'gi');
/** `Authorization: Bearer …` / `Authentication-Token: …` header lines in text. */
const HEADER_LINE_PATTERN = new RegExp(`((?:^|\\n)\\s*(?:${NAME_ALTERNATION})\\s*:\\s*)[^\\r\\n]*`, 'gi');
/** `Bearer xyz` / `Basic xyz` wherever they appear. */
const SCHEME_PATTERN = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g;
/** `scheme://user:password@host` anywhere in text (e.g. an ftp:// asset URL echoed in a SOAP fault). */
const USERINFO_PATTERN = /\b([a-z][a-z0-9+.-]*:\/\/[^\s/@:?#"'<>]*:)[^\s/@?#"'<>]*@/gi;
/** XML elements named like a secret: `<password>…</password>`, `<ns:auth_tkn>…`. */
const XML_PATTERN = new RegExp(`(<(?:[\\w.-]+:)?(?:${NAME_ALTERNATION})(?:\\s[^>]*)?>)[^<]*`, 'gi');

/** True when a field, header or query parameter name holds a secret (password, token, `auth_tkn`, …), whatever its case or dashes. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME_SET.has(name.trim().toLowerCase().replace(/-/g, '_'));
}

/** Scrubs secrets from text and values before they reach an error, a log line or `toJSON`. */
export interface Redactor {
  /** Registers more secret values (e.g. a token once it is issued). Empty values are ignored. */
  add(...secrets: ReadonlyArray<string | null | undefined>): void;
  /** Scrubs free text: known secret values and `name=value` / `"name": "value"` pairs. */
  text(value: string): string;
  /** Scrubs a URL, query string included. Accepts strings and URL objects. */
  url(value: string | URL): string;
  /** Scrubs headers: secret-named headers become `***`, other values are scrubbed as text. */
  headers(value: Headers | Record<string, string> | undefined): Record<string, string>;
  /** Deep copy with secret-named keys replaced and every string scrubbed. */
  value<T>(value: T): T;
}

const MAX_DEPTH = 20;

/**
 * Every secret form any redactor of this process was given, newest last, for the places that
 * cannot know which client a value came from (a `WaitTimeoutError`'s last status, every error
 * message): the most recent `MAX_SHARED_FORMS` of 8 characters or more are kept (tokens are
 * renewed for ever).
 */
const shared = new Set<string>();
const MAX_SHARED_FORMS = 4096;
let sharedOrdered: string[] | undefined = [];

/**
 * Shorter forms are not shared: they stay with their own client's redactor. Across every client
 * of a process, a short secret (a test's `'k'`, a password `'admin'`) would scrub words out of
 * every error message; real credentials are longer.
 */
const MIN_SHARED_LENGTH = 8;

function share(forms: readonly string[]): void {
  for (const form of forms) {
    if (form.length < MIN_SHARED_LENGTH) continue;
    shared.delete(form);
    shared.add(form);
  }
  for (const oldest of shared) {
    if (shared.size <= MAX_SHARED_FORMS) break;
    shared.delete(oldest);
  }
  sharedOrdered = undefined;
}

let processWide: Redactor | undefined;

/**
 * A redactor that knows every secret value (of 8 characters or more) given to any redactor in
 * this process (and the secret names): for values that reach an error without their client's redactor, such as the
 * last status a `WaitTimeoutError` carries. Every `JobwireError` message goes through it.
 */
export function sharedRedactor(): Redactor {
  processWide ??= makeRedactor(() => {
    sharedOrdered ??= [...shared].sort((a, b) => b.length - a.length);
    return sharedOrdered;
  }, share);
  return processWide;
}

/** Creates a `Redactor` that knows the given secret values (and any added later) and the secret field names. */
export function createRedactor(secrets: ReadonlyArray<string | null | undefined> = []): Redactor {
  const known = new Set<string>();
  // Longest first so that a secret containing another one is replaced whole.
  let ordered: string[] = [];
  const redactor = makeRedactor(
    () => ordered,
    (forms) => {
      for (const form of forms) known.add(form);
      ordered = [...known].sort((a, b) => b.length - a.length);
      share(forms);
    },
  );
  redactor.add(...secrets);
  return redactor;
}

function makeRedactor(secretsNow: () => readonly string[], learn: (forms: string[]) => void): Redactor {
  const add = (...values: ReadonlyArray<string | null | undefined>) => {
    const forms: string[] = [];
    for (const secret of values) {
      if (typeof secret === 'string' && secret !== '') forms.push(...secretForms(secret));
    }
    if (forms.length > 0) learn(forms);
  };

  const text = (input: string): string => {
    let out = input;
    const ordered = secretsNow();
    for (const secret of ordered) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    return out
      .replace(PAIR_PATTERN, `$1${REDACTED}`)
      .replace(JSON_PATTERN, `$1"${REDACTED}"`)
      .replace(HEADER_LINE_PATTERN, `$1${REDACTED}`)
      .replace(XML_PATTERN, `$1${REDACTED}`)
      .replace(USERINFO_PATTERN, `$1${REDACTED}@`)
      .replace(SCHEME_PATTERN, `$1 ${REDACTED}`);
  };

  const url = (input: string | URL): string => {
    const raw = String(input);
    // Work on the text rather than re-serialising a URL object, so the URL reads as it was sent.
    const userinfo = raw.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@:?#]*:)[^/@?#]*@/i, `$1${REDACTED}@`);
    const query = userinfo.indexOf('?');
    if (query < 0) return text(userinfo);
    const hash = userinfo.indexOf('#', query);
    const end = hash < 0 ? userinfo.length : hash;
    const pairs = userinfo
      .slice(query + 1, end)
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=');
        const key = eq < 0 ? pair : pair.slice(0, eq);
        return eq >= 0 && isSecretName(parameterName(key)) ? `${key}=${REDACTED}` : pair;
      });
    return text(`${userinfo.slice(0, query + 1)}${pairs.join('&')}${userinfo.slice(end)}`);
  };

  const headers = (input: Headers | Record<string, string> | undefined): Record<string, string> => {
    const out: Record<string, string> = {};
    if (!input) return out;
    const entries = isHeaders(input) ? [...input.entries()] : Object.entries(input);
    for (const [name, value] of entries) {
      out[name] = isSecretName(name) ? REDACTED : text(String(value));
    }
    return out;
  };

  const value = <T>(input: T): T => deepRedact(input, text, 0, new WeakSet()) as T;

  return { add, text, url, headers, value };
}

/** A query or form component decoded (`+` as space); a malformed escape leaves it as it is. */
export function decodeFormComponent(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

/**
 * The name a query or form key (as sent, still encoded) stands for: decoded, and the inner name of
 * a bracketed key — `external_parameters[password]` is as secret as `password`.
 */
export function parameterName(key: string): string {
  const decoded = decodeFormComponent(key);
  return /\[([^\]]+)\]$/.exec(decoded)?.[1] ?? decoded;
}

function isHeaders(value: unknown): value is Headers {
  return typeof Headers !== 'undefined' && value instanceof Headers;
}

function deepRedact(input: unknown, text: (s: string) => string, depth: number, seen: WeakSet<object>): unknown {
  if (typeof input === 'string') return text(input);
  if (input === null || typeof input !== 'object') return input;
  if (depth >= MAX_DEPTH) return '[depth limit]';
  if (seen.has(input)) return '[circular]';
  seen.add(input);
  if (Array.isArray(input)) return input.map((item) => deepRedact(item, text, depth + 1, seen));
  if (input instanceof Uint8Array || input instanceof ArrayBuffer) return input;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(input)) {
    out[key] = isSecretName(key) ? REDACTED : deepRedact(item, text, depth + 1, seen);
  }
  return out;
}
