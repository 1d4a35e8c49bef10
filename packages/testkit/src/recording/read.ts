// Reading a recording back. A recording directory may come from anyone (a user contributing what
// their server answered), so index.json is checked field by field before anything trusts it: every
// body file must be a plain file name inside the directory (no `..`, no separator, no link), and
// sizes are bounded. The first problem is thrown as a RangeError naming the field.
import { lstat, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  MAX_RECORDED_BODY_BYTES,
  RECORDING_FORMAT,
  RECORDING_INDEX,
  type RecordedProbe,
  type Recording,
  type RecordingEntry,
  type RecordingIndex,
} from './format.js';

// Scrubbing and anonymizing can lengthen a cut body a little (a placeholder longer than the host it
// replaces): body files get four times the recorder's cut, the index as much.
const MAX_BODY_FILE_BYTES = 4 * MAX_RECORDED_BODY_BYTES;
const MAX_INDEX_BYTES = 4 * MAX_RECORDED_BODY_BYTES;

const OUTCOMES: ReadonlySet<string> = new Set<RecordedProbe['outcome']>(['passed', 'failed', 'skipped']);
// RFC 9110 token characters: what `Headers` accepts as a name and fetch as a method.
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// What `Headers` refuses in a value.
const BAD_HEADER_VALUE = /[\r\n\0]/;

/**
 * Reads a recording directory (what `jobwire check --record <dir>` wrote): `index.json`, checked
 * strictly — its `format` is `RECORDING_FORMAT`, every field has its type, every body file name is a
 * plain name inside `dir` (no `..`, no `/` or `\`, not a link) naming a file no larger than 16 MiB,
 * the index no larger than 16 MiB — and each exchange's bodies, read as UTF-8 text (`''` when there
 * was none). Fields the format does not know are left alone.
 *
 * @param dir - The recording directory (a path or a `file:` URL).
 * @returns The index and every exchange with its bodies.
 * @throws RangeError naming the first problem (`exchanges[2].response.body: "../x" is not a plain file name`).
 *
 * @example
 * ```ts
 * const recording = await readRecording('specs/alteryx-server/samples/recorded/simulator');
 * recording.index.vendor; // 'alteryx-server'
 * recording.exchanges[0]?.responseBody; // the first answer's body, as text
 * ```
 */
export async function readRecording(dir: string | URL): Promise<Recording> {
  const root = resolve(typeof dir === 'string' ? dir : fileURLToPath(dir));
  const indexText = await readText(root, RECORDING_INDEX, MAX_INDEX_BYTES, RECORDING_INDEX);
  let parsed: unknown;
  try {
    parsed = JSON.parse(indexText);
  } catch (error) {
    throw new RangeError(`recording ${root}: ${RECORDING_INDEX} is not JSON (${(error as Error).message})`, { cause: error });
  }
  const index = checkIndex(parsed, (problem) => new RangeError(`recording ${root}: ${RECORDING_INDEX} ${problem}`));
  const exchanges: Recording['exchanges'] = [];
  for (const [i, entry] of index.exchanges.entries()) {
    const body = async (name: string | undefined, field: string) =>
      name === undefined ? '' : await readText(root, name, MAX_BODY_FILE_BYTES, `exchanges[${i}].${field}`);
    exchanges.push({
      ...entry,
      requestBody: await body(entry.request.body, 'request.body'),
      responseBody: await body(entry.response.body, 'response.body'),
    });
  }
  return { dir: root, index, exchanges };
}

/** A file of the recording as UTF-8 text: a regular file (not a link), within `max` bytes. */
async function readText(root: string, name: string, max: number, field: string): Promise<string> {
  const path = join(root, name);
  const fail = (problem: string, cause?: unknown) =>
    new RangeError(`recording ${root}: ${field}: ${problem}`, cause === undefined ? undefined : { cause });
  let stats: Awaited<ReturnType<typeof lstat>>;
  try {
    stats = await lstat(path);
  } catch (error) {
    throw fail(`file ${JSON.stringify(name)} not found`, error);
  }
  if (!stats.isFile()) throw fail(`${JSON.stringify(name)} is not a regular file`);
  if (stats.size > max) throw fail(`file ${JSON.stringify(name)} is larger than ${max} bytes`);
  return await readFile(path, 'utf8');
}

type Fail = (problem: string) => RangeError;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function checkIndex(value: unknown, fail: Fail): RecordingIndex {
  if (!isObject(value)) throw fail('must be a JSON object');
  if (value.format !== RECORDING_FORMAT) {
    throw fail(`format must be ${JSON.stringify(RECORDING_FORMAT)}, not ${JSON.stringify(value.format)}`);
  }
  const string = (field: string) => {
    if (typeof value[field] !== 'string') throw fail(`${field} must be a string`);
  };
  const boolean = (field: string) => {
    if (typeof value[field] !== 'boolean') throw fail(`${field} must be a boolean`);
  };
  string('vendor');
  if (value.vendor === '') throw fail('vendor must not be empty');
  string('recordedAt');
  stringList(value.recordedBy, 'recordedBy', fail);
  if (value.productVersion !== undefined) string('productVersion');
  string('url');
  boolean('writes');
  boolean('anonymized');
  stringRecord(value.settings, 'settings', fail);
  stringList(value.secretSettings, 'secretSettings', fail);
  if (!Array.isArray(value.probes)) throw fail('probes must be an array');
  for (const [i, probe] of value.probes.entries()) {
    const at = `probes[${i}]`;
    if (!isObject(probe)) throw fail(`${at} must be an object`);
    if (typeof probe.name !== 'string') throw fail(`${at}.name must be a string`);
    if (typeof probe.outcome !== 'string' || !OUTCOMES.has(probe.outcome)) {
      throw fail(`${at}.outcome must be passed, failed or skipped, not ${JSON.stringify(probe.outcome)}`);
    }
    if (typeof probe.detail !== 'string') throw fail(`${at}.detail must be a string`);
  }
  if (!Array.isArray(value.exchanges)) throw fail('exchanges must be an array');
  for (const [i, entry] of value.exchanges.entries()) checkEntry(entry, `exchanges[${i}]`, fail);
  return value as unknown as RecordingIndex;
}

function checkEntry(entry: unknown, at: string, fail: Fail): asserts entry is RecordingEntry {
  if (!isObject(entry)) throw fail(`${at} must be an object`);
  if (typeof entry.probe !== 'string') throw fail(`${at}.probe must be a string`);
  const { request, response } = entry;
  if (!isObject(request)) throw fail(`${at}.request must be an object`);
  if (typeof request.method !== 'string' || !TOKEN.test(request.method)) {
    throw fail(`${at}.request.method must be an HTTP method, not ${JSON.stringify(request.method)}`);
  }
  if (typeof request.path !== 'string' || !request.path.startsWith('/') || /[\s?#]/.test(request.path)) {
    throw fail(`${at}.request.path must be a URL path starting with "/", not ${JSON.stringify(request.path)}`);
  }
  if (
    typeof request.query !== 'string' ||
    !(request.query === '' || request.query.startsWith('?')) ||
    /[\s#]/.test(request.query)
  ) {
    throw fail(`${at}.request.query must be "" or start with "?", not ${JSON.stringify(request.query)}`);
  }
  headerRecord(request.headers, `${at}.request.headers`, fail);
  fileName(request.body, `${at}.request.body`, fail);
  if (!isObject(response)) throw fail(`${at}.response must be an object`);
  // What a fetch Response can carry (and a recorder can have seen): 200–599.
  if (
    typeof response.status !== 'number' ||
    !Number.isInteger(response.status) ||
    response.status < 200 ||
    response.status > 599
  ) {
    throw fail(`${at}.response.status must be an HTTP status 200-599, not ${JSON.stringify(response.status)}`);
  }
  // What the Response constructor takes as a reason phrase (HTAB, SP, visible and obs-text bytes).
  if (
    response.statusText !== undefined &&
    (typeof response.statusText !== 'string' || !/^[\t\x20-\x7e\x80-\xff]*$/.test(response.statusText))
  ) {
    throw fail(`${at}.response.statusText must be a reason phrase, not ${JSON.stringify(response.statusText)}`);
  }
  headerRecord(response.headers, `${at}.response.headers`, fail);
  fileName(response.body, `${at}.response.body`, fail);
  if (response.truncated !== undefined && typeof response.truncated !== 'boolean') {
    throw fail(`${at}.response.truncated must be a boolean`);
  }
}

function stringList(value: unknown, at: string, fail: Fail): void {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw fail(`${at} must be an array of strings`);
}

function stringRecord(value: unknown, at: string, fail: Fail): void {
  if (!isObject(value)) throw fail(`${at} must be an object`);
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string') throw fail(`${at}.${key} must be a string`);
  }
}

function headerRecord(value: unknown, at: string, fail: Fail): void {
  stringRecord(value, at, fail);
  for (const [name, item] of Object.entries(value as Record<string, string>)) {
    if (!TOKEN.test(name) || name !== name.toLowerCase())
      throw fail(`${at}: ${JSON.stringify(name)} is not a lower-case header name`);
    if (BAD_HEADER_VALUE.test(item)) throw fail(`${at}.${name} holds a line break or NUL`);
  }
}

/** A body file name: absent, or a plain name of a file directly inside the directory. */
function fileName(value: unknown, at: string, fail: Fail): void {
  if (value === undefined) return;
  if (typeof value !== 'string') throw fail(`${at} must be a file name`);
  if (value === '' || value === '.' || value === '..' || /[/\\\0]/.test(value) || value === RECORDING_INDEX) {
    throw fail(`${at}: ${JSON.stringify(value)} is not a plain file name inside the recording`);
  }
}
