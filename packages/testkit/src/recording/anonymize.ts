// Anonymization for recordings (`--anonymize`): host names, user names and ids become stable
// placeholders. Every text of a recording is read first to learn the values (settings, then the
// exchanges in run order, then the probes' details), so numbering is deterministic; then each text
// is rewritten in ONE pass, so a placeholder is never rewritten again. Ids keep their shape (digits
// stay digits, hex stays hex, same length) because clients and specs check ids' formats.
import { seededRandom } from '@jobwire/core/simulator';
import { xmlUnescape } from './scrub.js';

/** Values shorter than this are left alone: `id: 7` or a user `a1` would match half of every text. */
export const MIN_ANONYMIZED_LENGTH = 3;

/** What the anonymizer knows before it reads the texts. */
export interface AnonymizeInput {
  /** Host names known up front (the settings url's). */
  hosts: readonly string[];
  /** User names known up front (the values of user settings). */
  users: readonly string[];
  /** Ids known up front (the values of id settings, ids the probes found). */
  ids: readonly string[];
  /** Every text that will be written, in run order: hosts of absolute URLs, user and id fields are found in them. */
  texts: readonly string[];
}

/**
 * A function rewriting a text with this recording's placeholders: hosts → `host-N.invalid`, users
 * → `user-N`, ids → a shape-preserving placeholder, unique per value. Only whole tokens are
 * replaced (never inside a longer letter/digit run), raw, percent-encoded, JSON- and XML-escaped.
 * Values shorter than 3 characters, `true`/`false`/`null`, and hosts of XML namespaces and
 * standards bodies (w3.org, xmlsoap.org, …, `*.invalid`) are left alone.
 */
export function createAnonymizer(input: AnonymizeInput): (text: string) => string {
  const hosts = new Set<string>();
  const users = new Set<string>();
  const ids = new Set<string>();
  const namespaceHosts = new Set(input.texts.flatMap(namespaceHostsOf));
  const addHost = (host: string) => {
    const h = host.toLowerCase();
    if (usable(h) && !namespaceHosts.has(h) && !isPublicHost(h)) hosts.add(h);
  };
  // The server's own host goes whatever it is named.
  for (const host of input.hosts) if (usable(host)) hosts.add(host.toLowerCase());
  for (const user of input.users) if (usable(user)) users.add(user);
  for (const id of input.ids) if (usable(id)) ids.add(id);
  for (const text of input.texts) {
    hostsOf(text).forEach(addHost);
    for (const [name, value] of fieldsOf(text)) {
      if (!usable(value)) continue;
      if (isIdField(name)) ids.add(value);
      else if (isUserField(name) && !value.includes('://')) users.add(value);
    }
  }
  const placeholders = assign(hosts, users, ids, input.texts);
  return replacerFor(placeholders);
}

function usable(value: string): boolean {
  return value.length >= MIN_ANONYMIZED_LENGTH && /[\p{L}\p{N}]/u.test(value) && !/^(true|false|null)$/i.test(value);
}

/** value → placeholder, hosts first, then users, then ids; a value met twice keeps its first. */
function assign(hosts: Set<string>, users: Set<string>, ids: Set<string>, texts: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const taken = new Set<string>([...hosts, ...users, ...ids]);
  let n = 0;
  for (const host of hosts) out.set(host, `host-${++n}.invalid`);
  n = 0;
  for (const user of users) if (!out.has(user)) out.set(user, `user-${++n}`);
  for (const value of out.values()) taken.add(value);
  // A placeholder that already occurs in the texts would read as that other value: avoid them.
  // Looked up in sets of the texts' words and of their separator-joined runs (`a1-b2`), not searched
  // for: thousands of ids times megabytes of text would take minutes.
  const corpus = texts.join('\n');
  const tokens = new Set([...corpus.split(/[^\p{L}\p{N}]+/u), ...corpus.split(/[\s"'<>(){}[\],;=&?/\\]+/)]);
  const inCorpus = (candidate: string) => tokens.has(candidate);
  n = 0;
  for (const id of ids) {
    if (out.has(id)) continue;
    const placeholder = uniqueShape(
      id,
      ++n,
      (c) => taken.has(c) || inCorpus(c),
      (c) => taken.has(c),
    );
    taken.add(placeholder);
    out.set(id, placeholder);
  }
  return out;
}

/** Tries seeds until a shape-preserving placeholder is free; gives up the corpus check before giving up. */
function uniqueShape(value: string, index: number, busy: (c: string) => boolean, taken: (c: string) => boolean): string {
  for (let attempt = 0; attempt < 4000; attempt++) {
    const candidate = shapedPlaceholder(value, index * 7919 + attempt);
    if (candidate !== value && !(attempt < 2000 ? busy(candidate) : taken(candidate))) return candidate;
  }
  throw new RangeError(`no unique placeholder left for an id of ${value.length} characters`);
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A placeholder of `value`'s shape: same length, separators kept, digits → digits, letters →
 * letters (case kept); when every letter is a hex digit, letters stay within a–f; an all-digit
 * value never starts with 0 (it may be read as a number); a GUID keeps its version and variant.
 */
export function shapedPlaceholder(value: string, seed: number): string {
  const chars = [...value];
  // Seeded, so the same run gives the same placeholders.
  const random = seededRandom(seed);
  const pick = (alphabet: string) => alphabet[Math.floor(random() * alphabet.length)] ?? alphabet[0];
  const alnum = chars.filter((c) => /[\p{L}\p{N}]/u.test(c));
  const allDigits = alnum.every((c) => /[0-9]/.test(c));
  const hex = alnum.every((c) => /[0-9a-f]/i.test(c));
  const guid = GUID.test(value);
  return chars
    .map((c, i) => {
      if (guid && (i === 14 || i === 19)) return c;
      if (/\p{N}/u.test(c)) return pick(allDigits && i === 0 ? '123456789' : '0123456789');
      if (!/\p{L}/u.test(c)) return c;
      const letter = pick(hex ? 'abcdef' : 'abcdefghijklmnopqrstuvwxyz') ?? 'a';
      return c === c.toUpperCase() && c !== c.toLowerCase() ? letter.toUpperCase() : letter;
    })
    .join('');
}

/** One way a value may be written, and what replaces it. */
interface Form {
  form: string;
  to: string;
}

/** The forms that begin with the same 3 characters: looked up by length, then by text. */
interface Bucket {
  /** Their lengths, longest first. */
  lengths: number[];
  exact: Map<string, Form>;
  /** Host names, lower-case: they match whatever their case. */
  anyCase: Map<string, Form>;
}

/**
 * Rewrites whole tokens: at each position that starts a token (no letter or digit before it, or a
 * `%XX` escape), the text of each length a form may have is looked up, longest first. Map
 * lookups, not one regex of every value: a list answer may hold thousands of ids sharing a prefix,
 * and a regex alternation that long tries every value at every position.
 */
function replacerFor(placeholders: Map<string, string>): (text: string) => string {
  const buckets = new Map<string, Bucket>();
  for (const [value, placeholder] of placeholders) {
    const host = placeholder.endsWith('.invalid');
    for (const encode of ENCODINGS) {
      const form = encode(value);
      const head = form.slice(0, 3).toLowerCase();
      const bucket: Bucket = buckets.get(head) ?? { lengths: [], exact: new Map(), anyCase: new Map() };
      buckets.set(head, bucket);
      const entry = { form, to: encode(placeholder) };
      if (!bucket.exact.has(form)) bucket.exact.set(form, entry);
      if (host && !bucket.anyCase.has(form.toLowerCase())) bucket.anyCase.set(form.toLowerCase(), entry);
      if (!bucket.lengths.includes(form.length)) bucket.lengths.push(form.length);
    }
  }
  for (const bucket of buckets.values()) bucket.lengths.sort((a, b) => b - a);
  if (buckets.size === 0) return (text) => text;
  return (text) => {
    // Namespace declarations are kept: `xmlns="http://www.w3.org/2001/…"` must survive an id 2001,
    // or the XML would no longer be what its readers expect.
    const keep = [...text.matchAll(new RegExp(NAMESPACE_ATTRIBUTE.source, 'g'))].map((m) => [m.index, m.index + m[0].length]);
    let out = '';
    let copied = 0;
    let k = 0;
    for (let i = 0; i < text.length; ) {
      const span = keep[k];
      if (span && i >= (span[0] ?? 0)) {
        i = Math.max(i, span[1] ?? i);
        k++;
        continue;
      }
      const found = startsToken(text, i) ? matchAt(text, i, buckets.get(text.slice(i, i + 3).toLowerCase())) : undefined;
      if (!found) {
        i++;
        continue;
      }
      out += text.slice(copied, i) + found.to;
      i += found.form.length;
      copied = i;
    }
    return out + text.slice(copied);
  };
}

/** The longest form written at `i` and ending a token there. */
function matchAt(text: string, i: number, bucket: Bucket | undefined): Form | undefined {
  for (const length of bucket?.lengths ?? []) {
    if (isWordChar(text, i + length)) continue;
    const piece = text.slice(i, i + length);
    const found = bucket?.exact.get(piece) ?? bucket?.anyCase.get(piece.toLowerCase());
    if (found) return found;
  }
  return undefined;
}

/** No letter or digit right before `i`; a `%2F` escape before it counts as a separator. */
function startsToken(text: string, i: number): boolean {
  return i === 0 || !isWordChar(text, i - 1) || (i >= 3 && /^%[0-9A-Fa-f]{2}$/.test(text.slice(i - 3, i)));
}

function isWordChar(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (Number.isNaN(code)) return false;
  // ASCII first: this runs for every character of every body.
  if (code < 128) return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  return /[\p{L}\p{N}]/u.test(text.charAt(i));
}

/** An XML namespace declaration or schema location attribute, with its value. */
const NAMESPACE_ATTRIBUTE = /\s(?:xmlns(?::[\w.-]+)?|[\w.-]+:schemaLocation)\s*=\s*(?:"[^"]*"|'[^']*')/;

/** The forms a value takes in a recording's texts: raw, in a URL, in JSON, in XML. */
const ENCODINGS: ReadonlyArray<(value: string) => string> = [
  (v) => v,
  (v) => encodeURIComponent(v),
  (v) => encodeURIComponent(v).replace(/%20/g, '+'),
  (v) => JSON.stringify(v).slice(1, -1),
  (v) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;'),
];

/** Hosts of absolute URLs (`scheme://[user@]host`), also JSON-escaped (`http:\/\/host`). */
function hostsOf(text: string): string[] {
  return [...text.matchAll(/\b[a-z][a-z0-9+.-]*:(?:\\?\/){2}(?:[^\s/@?#"'<>\\]*@)?([\p{L}\p{N}.-]+)/giu)].map((m) =>
    // A sentence's full stop is no part of the host.
    (m[1] ?? '').replace(/[.-]+$/, ''),
  );
}

/** Hosts of XML namespace and schema-location URIs: names of a vocabulary, not of a server. */
function namespaceHostsOf(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(new RegExp(NAMESPACE_ATTRIBUTE.source, 'g'))) {
    for (const host of hostsOf(m[0])) out.push(host.toLowerCase());
  }
  return out;
}

/** Standards bodies' and documentation hosts, and placeholders: public names, nothing to hide. */
const PUBLIC_HOSTS =
  /(^|\.)(w3\.org|xmlsoap\.org|json-schema\.org|purl\.org|oasis-open\.org|openapis\.org|example\.(com|org|net)|invalid)$/;

function isPublicHost(host: string): boolean {
  return PUBLIC_HOSTS.test(host);
}

/** `[name, value]` of JSON fields (string and number values), XML elements' text and XML attributes. */
function fieldsOf(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const m of text.matchAll(/"((?:[^"\\]|\\.)*)"\s*:\s*(?:"((?:[^"\\]|\\.)*)"|(-?\d+(?:\.\d+)?)\b)/g)) {
    out.push([jsonUnescape(m[1] ?? ''), m[3] ?? jsonUnescape(m[2] ?? '')]);
  }
  for (const m of text.matchAll(/<(?:[\w.-]+:)?([\w.-]+)(?:\s[^>]*)?>([^<]*)<\//g))
    out.push([m[1] ?? '', xmlUnescape((m[2] ?? '').trim())]);
  for (const tag of text.matchAll(/<[\w.:-]+(\s[^<>]*)>/g)) {
    for (const m of (tag[1] ?? '').matchAll(/\s(?:[\w.-]+:)?([\w.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      out.push([m[1] ?? '', xmlUnescape(m[2] ?? m[3] ?? '')]);
    }
  }
  return out;
}

/** `id`, `*Id`, `*ID`, `*_id` (and `*-id`), and `uuid`/`guid` fields (ELMA's `useruuid`): fields holding an id. */
export function isIdField(name: string): boolean {
  return /^id$/i.test(name) || /[\p{Ll}\p{N}](Id|ID)$/u.test(name) || /[_-]id$/i.test(name) || /(uuid|guid)$/i.test(name);
}

/**
 * Fields naming a person: a word user/owner/login/author/fullname (or createdBy, submittedBy;
 * ELMA's processes carry their author as `fullname`), not a URL, date, count or type of one.
 */
export function isUserField(name: string): boolean {
  const words = name
    .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1 $2')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  if (/^(url|uri|type|count|date|time|at|status|mode|kind)$/.test(words[words.length - 1] ?? '')) return false;
  const joined = words.join('');
  return words.some((w) => /^(user|owner|login|author|fullname)(name|s)?$/.test(w)) || /createdby|submittedby/.test(joined);
}

function jsonUnescape(value: string): string {
  try {
    return JSON.parse(`"${value}"`) as string;
  } catch {
    return value;
  }
}
