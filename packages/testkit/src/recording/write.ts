// Writes a recording: learns every secret of the run from ALL captured exchanges first (a token
// issued by the third answer may have been echoed by the first), scrubs every text that reaches
// a file, optionally anonymizes, then writes one body file per request and per answer and
// `index.json`. Nothing unscrubbed is ever written, not even temporarily.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createAnonymizer } from './anonymize.js';
import {
  type CapturedExchange,
  RECORDING_FORMAT,
  RECORDING_INDEX,
  type RecordedProbe,
  type RecordingEntry,
  type RecordingIndex,
} from './format.js';
import { createScrubber, learnSecrets } from './scrub.js';

/** Options of `writeRecording`. */
export interface WriteRecordingOptions {
  /** Secret values the run was configured with (setting values marked secret). */
  secrets: readonly string[];
  /** Replace host names, user names and ids by stable placeholders. */
  anonymize?: boolean;
  /** Non-secret setting keys whose values are user names (`username`, `clientId`): anonymized as users. */
  userSettings?: readonly string[];
  /** Non-secret setting keys whose values are ids (the ids probes start from): anonymized as ids. */
  idSettings?: readonly string[];
  /** Ids the run found (a started job's id): anonymized as ids, as those in id-named fields are. */
  ids?: readonly string[];
}

/** Everything but `exchanges`/`format`/`anonymized`; the writer fills those. */
export type RecordingProvenance = Omit<RecordingIndex, 'format' | 'exchanges' | 'anonymized'>;

/**
 * Writes a recording of `exchanges` into `dir` (created when missing) and resolves with the
 * `index.json` it wrote.
 *
 * Redaction: the secrets are `options.secrets` and every credential the exchanges show the run
 * used or was issued (`Authorization`, cookies, token headers, secret-named query parameters and
 * request fields, `access_token`/`refresh_token`/`id_token` of answers). Every form of each
 * (raw, URL-encoded, JSON- and XML-escaped, entities, base64) becomes `***` in every file, as do
 * `Basic …`/`Bearer …` credentials and URL user info passwords; the bare name `token` is not
 * trusted (ELMA's process ids travel under it). Request headers kept: `content-type`, `accept`,
 * `soapaction`; response headers: all but transport ones, secret-named ones as `***`;
 * secret-named query parameters read `***`. Bodies are otherwise written verbatim.
 *
 * With `anonymize`, host names (of the provenance `url` and of absolute URLs in any text) become
 * `host-N.invalid`, user names `user-N`, and ids shape-preserving placeholders (digits stay
 * digits, hex stays hex, same length), the same value getting the same placeholder in every
 * file, path, query, header, setting, probe detail and the `url`. Values shorter than 3
 * characters are left as they are.
 *
 * Body files are named `NNN-<probe>.request.<ext>` / `.response.<ext>` (`ext` from the content
 * type: `json`, `xml`, `html`, else `txt`). Writing into a directory that already holds a
 * recording overwrites its `index.json` and the files of the same names; other files are left.
 *
 * @example
 * ```ts
 * const index = await writeRecording('recorded/my-server', provenance, captured, {
 *   secrets: [settings.password],
 *   anonymize: true,
 *   userSettings: ['username'],
 * });
 * console.log(index.exchanges.length);
 * ```
 */
export async function writeRecording(
  dir: string,
  provenance: RecordingProvenance,
  exchanges: readonly CapturedExchange[],
  options: WriteRecordingOptions,
): Promise<RecordingIndex> {
  const scrub = createScrubber(learnSecrets(exchanges, options.secrets));
  const drafts = exchanges.map((exchange, i) => draft(exchange, i, scrub));
  const base: RecordingProvenance = {
    ...provenance,
    ...(provenance.productVersion === undefined ? {} : { productVersion: scrub.text(provenance.productVersion) }),
    url: scrub.text(withoutUserInfo(provenance.url)),
    settings: mapValues(provenance.settings, scrub.text),
    probes: provenance.probes.map((p): RecordedProbe => ({ ...p, detail: scrub.text(p.detail) })),
  };
  const anonymize = options.anonymize ? anonymizerFor(base, drafts, options) : (text: string) => text;
  const files = new Map<string, string>();
  const entries = drafts.map((d): RecordingEntry => {
    const request: RecordingEntry['request'] = {
      method: d.method,
      path: anonymize(d.path),
      query: anonymize(d.query),
      headers: mapValues(d.requestHeaders, anonymize),
    };
    if (d.requestBody !== undefined) {
      request.body = `${d.stem}.request.${extension(d.requestHeaders['content-type'])}`;
      files.set(request.body, anonymize(d.requestBody));
    }
    const response: RecordingEntry['response'] = {
      status: d.status,
      ...(d.statusText === undefined ? {} : { statusText: anonymize(d.statusText) }),
      headers: mapValues(d.responseHeaders, anonymize),
    };
    if (d.responseBody !== undefined) {
      response.body = `${d.stem}.response.${extension(d.responseHeaders['content-type'])}`;
      files.set(response.body, anonymize(d.responseBody));
    }
    if (d.truncated) response.truncated = true;
    return { probe: d.probe, request, response };
  });
  const index: RecordingIndex = {
    format: RECORDING_FORMAT,
    ...base,
    ...(base.productVersion === undefined ? {} : { productVersion: anonymize(base.productVersion) }),
    url: anonymize(base.url),
    anonymized: options.anonymize === true,
    settings: mapValues(base.settings, anonymize),
    probes: base.probes.map((p) => ({ ...p, detail: anonymize(p.detail) })),
    exchanges: entries,
  };
  await mkdir(dir, { recursive: true });
  for (const [name, text] of files) await writeFile(join(dir, name), text, 'utf8');
  await writeFile(join(dir, RECORDING_INDEX), `${JSON.stringify(index, null, 2)}\n`, 'utf8');
  return index;
}

/** One exchange scrubbed, not yet anonymized. */
interface Draft {
  probe: string;
  stem: string;
  method: string;
  path: string;
  query: string;
  requestHeaders: Record<string, string>;
  requestBody?: string;
  status: number;
  statusText?: string;
  responseHeaders: Record<string, string>;
  responseBody?: string;
  truncated: boolean;
}

function draft(exchange: CapturedExchange, i: number, scrub: ReturnType<typeof createScrubber>): Draft {
  const { request, response } = exchange;
  // The URL as fetch sent it; a relative one (never from fetch) is read against a dummy origin.
  const url = new URL(request.url, 'http://recording.invalid');
  return {
    probe: exchange.probe,
    stem: `${String(i + 1).padStart(3, '0')}-${slug(exchange.probe)}`,
    method: request.method.toUpperCase(),
    path: scrub.text(url.pathname),
    query: scrub.query(url.search),
    requestHeaders: scrub.requestHeaders(request.headers),
    ...(request.body ? { requestBody: scrub.text(request.body) } : {}),
    status: response.status,
    ...(response.statusText ? { statusText: scrub.text(response.statusText) } : {}),
    responseHeaders: scrub.responseHeaders(response.headers),
    ...(response.body ? { responseBody: scrub.text(response.body) } : {}),
    truncated: response.truncated === true,
  };
}

/** Learns the placeholders from every text that will be written: settings first, then run order. */
function anonymizerFor(base: RecordingProvenance, drafts: readonly Draft[], options: WriteRecordingOptions) {
  const settingValues = (keys: readonly string[] | undefined) =>
    (keys ?? []).flatMap((key) => (base.settings[key] === undefined ? [] : [base.settings[key]]));
  // A URL (APUBI's source asset) is no id: its host and user go as such, its shape stays a URL's.
  const ids = [...settingValues(options.idSettings), ...(options.ids ?? [])];
  const urls = ids.filter((value) => URL.canParse(value) && value.includes('://')).map((value) => new URL(value));
  const texts = [base.url, base.productVersion ?? '', ...Object.values(base.settings)];
  for (const d of drafts) {
    texts.push(d.path, d.query, ...Object.values(d.requestHeaders), d.requestBody ?? '');
    texts.push(d.statusText ?? '', ...Object.values(d.responseHeaders), d.responseBody ?? '');
  }
  texts.push(...base.probes.map((p) => p.detail));
  return createAnonymizer({
    hosts: [hostOf(base.url), ...urls.map((url) => url.hostname)].filter((h) => h !== ''),
    users: [...settingValues(options.userSettings), ...urls.map((url) => decodeURIComponent(url.username)).filter(Boolean)],
    ids: ids.filter((value) => !value.includes('://')),
    texts,
  });
}

/** Lower-case probe name, letter/digit runs joined by `-`, at most 40 characters. */
function slug(probe: string): string {
  const s = (probe.toLowerCase().match(/[a-z0-9]+/g) ?? []).join('-').slice(0, 40).replace(/-+$/, '');
  return s === '' ? 'exchange' : s;
}

function extension(contentType: string | undefined): string {
  const type = (contentType ?? '').toLowerCase();
  if (/json/.test(type)) return 'json';
  if (/xml/.test(type)) return 'xml';
  if (/html/.test(type)) return 'html';
  return 'txt';
}

function withoutUserInfo(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@?#]*@/i, '$1');
}

function hostOf(url: string): string {
  try {
    // An IPv6 host keeps its brackets, so `http://[::1]:8080` becomes `http://host-1.invalid:8080`.
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

function mapValues(record: Record<string, string>, f: (value: string) => string): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, f(value)]));
}
