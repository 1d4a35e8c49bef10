// Sample-driven cases as data, the way node-soap keeps its `test/request-response-samples`: one
// folder per case (`<operation>__<case>/`) with the answer a server gives, the call's input, what
// the client must make of it and, optionally, the request it must send. One runner serves each
// answer on a real HTTP server on 127.0.0.1 and compares; adding a case is adding a folder.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RunningServer, type SimRequest, startHttpServer } from '@jobwire/core/simulator';

/** What a case's `meta.json` says about its answer; every field optional. */
export interface SampleCaseMeta {
  /** The HTTP status of the answer (default 200). */
  status?: number;
  /** Its Content-Type (default from the answer's extension: JSON, `text/xml` or `text/plain`, UTF-8). */
  contentType?: string;
  /** More response headers. */
  headers?: Record<string, string>;
  /** The stored sample the answer is a byte-for-byte copy of, a file name in `SampleCasesOptions.samples`. */
  sample?: string;
}

/**
 * The request a case expects the client to send (`request.json`); each field given is compared,
 * and the client must have sent exactly one request.
 */
export interface SampleCaseRequest {
  /** The HTTP method, e.g. `GET`. */
  method?: string;
  /** The path as the server sees it (base path included, percent-encoding kept), without the query. */
  path?: string;
  /** The whole query: each name with its value (an array when repeated). `{}` means none. */
  query?: Record<string, string | string[]>;
  /** Headers that must have these values (names in any case); others are not compared. */
  headers?: Record<string, string>;
  /** The body: a string is compared with the text sent, anything else with the text sent parsed as JSON. */
  body?: unknown;
}

/** A case's `expected.json`: the call's result, or the error it rejects with. */
export type SampleCaseExpected =
  | {
      /** What the call resolves with, compared with `toEqual` (field by field, `undefined` fields ignored). */
      result: unknown;
    }
  | {
      /** Fields of the error the call rejects with (`name`, `status`, `message`, …); only those given are compared. */
      error: Record<string, unknown>;
    };

/** One case folder, read. */
export interface SampleCase {
  /** The folder's name, `<operation>__<case>`. */
  readonly name: string;
  /** The folder. */
  readonly dir: string;
  /** The operation, the part of the name before `__`. */
  readonly operation: string;
  /** The answer file's name (`answer.json`, `answer.xml` or `answer.txt`). */
  readonly answerFile: string;
  /** Its bytes, served as they are. */
  readonly answer: Uint8Array;
  /** `meta.json`, or `{}`. */
  readonly meta: SampleCaseMeta;
  /** `input.json`, or `undefined`. */
  readonly input: unknown;
  /** `expected.json`. */
  readonly expected: SampleCaseExpected;
  /** `request.json`, when present. */
  readonly request?: SampleCaseRequest | undefined;
  /** `request.xml`, when present: the body expected, compared after normalising white space between tags. */
  readonly requestXml?: string | undefined;
}

/** Options of `runSampleCases`: how the vendor makes its client and calls an operation. */
export interface SampleCasesOptions<Client> {
  /** The client under test, aimed at the case's server: `url` is its origin (`http://127.0.0.1:<port>`), add the base path. */
  client(url: string): Client;
  /** Calls `operation` (the folder name's first part) with the case's `input.json`; resolves with what the client returned. */
  call(client: Client, operation: string, input: unknown): Promise<unknown>;
  /**
   * The folder of the stored samples (`specs/<vendor>/samples/`). With it, every case must name the
   * sample its answer copies (`meta.json` `"sample"`), and the answer must equal that file byte for byte.
   */
  samples?: string | URL;
  /** Cases not to run, by folder name, each with the reason (shown in the test's title). */
  skip?: Record<string, string>;
  /** The title of the vitest suite (default `sample cases`). */
  title?: string;
}

const ANSWER_TYPES: Readonly<Record<string, string>> = {
  'answer.json': 'application/json; charset=utf-8',
  'answer.xml': 'text/xml; charset=utf-8',
  'answer.txt': 'text/plain; charset=utf-8',
};

/** Every file a case folder may hold; anything else is a mistake worth hearing about (`expect.json`). */
const CASE_FILES = new Set([
  ...Object.keys(ANSWER_TYPES),
  'meta.json',
  'input.json',
  'expected.json',
  'request.json',
  'request.xml',
  'README.md',
]);

const REQUEST_FIELDS = new Set(['method', 'path', 'query', 'headers', 'body']);

const pathOf = (dir: string | URL): string => (dir instanceof URL ? fileURLToPath(dir) : dir);

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    throw new Error(`${file}: not JSON (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads one case folder, refusing what the runner could only misread. */
export function readSampleCase(dir: string): SampleCase {
  const name = dir.split(/[\\/]/).filter(Boolean).pop() ?? dir;
  const separator = name.indexOf('__');
  if (separator <= 0 || separator === name.length - 2)
    throw new RangeError(`sample case folder ${JSON.stringify(name)} is not named <operation>__<case>`);
  const files = readdirSync(dir);
  const unknown = files.filter((file) => !CASE_FILES.has(file));
  if (unknown.length > 0)
    throw new RangeError(`sample case ${name}: unknown file(s) ${unknown.join(', ')} (allowed: ${[...CASE_FILES].join(', ')})`);
  const answers = files.filter((file) => file in ANSWER_TYPES);
  if (answers.length !== 1)
    throw new RangeError(
      `sample case ${name}: needs exactly one of answer.json, answer.xml, answer.txt (found ${answers.length})`,
    );
  const answerFile = answers[0] as string;
  const at = (file: string) => join(dir, file);

  const meta = existsSync(at('meta.json')) ? readJson(at('meta.json')) : {};
  if (!isObject(meta)) throw new RangeError(`sample case ${name}: meta.json must be an object`);
  const expected = existsSync(at('expected.json')) ? readJson(at('expected.json')) : undefined;
  if (!isObject(expected) || Object.keys(expected).length !== 1 || !('result' in expected || isObject(expected.error)))
    throw new RangeError(`sample case ${name}: expected.json must be { "result": … } or { "error": { "name": … } }`);
  const request = existsSync(at('request.json')) ? readJson(at('request.json')) : undefined;
  if (request !== undefined) {
    if (!isObject(request)) throw new RangeError(`sample case ${name}: request.json must be an object`);
    const extra = Object.keys(request).filter((key) => !REQUEST_FIELDS.has(key));
    if (extra.length > 0) throw new RangeError(`sample case ${name}: request.json has unknown field(s) ${extra.join(', ')}`);
  }
  const requestXml = existsSync(at('request.xml')) ? readFileSync(at('request.xml'), 'utf8') : undefined;
  if (requestXml !== undefined && request !== undefined && 'body' in request)
    throw new RangeError(`sample case ${name}: the body is either request.xml or request.json's "body", not both`);

  return {
    name,
    dir,
    operation: name.slice(0, separator),
    answerFile,
    answer: readFileSync(at(answerFile)),
    meta: meta as SampleCaseMeta,
    input: existsSync(at('input.json')) ? readJson(at('input.json')) : undefined,
    expected: expected as SampleCaseExpected,
    request: request as SampleCaseRequest | undefined,
    requestXml,
  };
}

/** Every case folder under `dir` (sub-folders whose name has `__`; other entries are left alone), by name. */
export function readSampleCases(dir: string | URL): SampleCase[] {
  const root = pathOf(dir);
  return readdirSync(root)
    .filter((entry) => entry.includes('__') && statSync(join(root, entry)).isDirectory())
    .sort()
    .map((entry) => readSampleCase(join(root, entry)));
}

/** White space between tags dropped, as node-soap compares requests; text inside elements is kept. */
export function normalizeXml(xml: string): string {
  return xml.replace(/>\s+</g, '><').trim();
}

type Vitest = typeof import('vitest');

async function loadVitest(): Promise<Vitest> {
  return import('vitest').catch((error: unknown) => {
    throw new Error(
      'runSampleCases registers vitest suites: run it in a vitest test file (vitest is an optional peer of the testkit)',
      { cause: error },
    );
  });
}

/** What the server saw of one request. */
interface Seen {
  method: string;
  url: URL;
  headers: SimRequest['headers'];
  body: string;
}

function queryOf(url: URL): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    query[key] = values.length === 1 ? (values[0] as string) : values;
  }
  return query;
}

function compareRequest(sampleCase: SampleCase, seen: Seen[], expect: Vitest['expect']): void {
  const { request, requestXml, name } = sampleCase;
  if (request === undefined && requestXml === undefined) return;
  expect(
    seen.map((r) => `${r.method} ${r.url.pathname}${r.url.search}`),
    `${name}: the client must send exactly one request`,
  ).toHaveLength(1);
  const sent = seen[0] as Seen;
  if (request?.method !== undefined) expect(sent.method, `${name}: request method`).toBe(request.method);
  if (request?.path !== undefined) expect(sent.url.pathname, `${name}: request path`).toBe(request.path);
  if (request?.query !== undefined) expect(queryOf(sent.url), `${name}: request query`).toEqual(request.query);
  for (const [header, value] of Object.entries(request?.headers ?? {}))
    expect(sent.headers[header.toLowerCase()], `${name}: request header ${header}`).toBe(value);
  if (request !== undefined && 'body' in request) {
    if (typeof request.body === 'string') expect(sent.body, `${name}: request body`).toBe(request.body);
    else {
      let parsed: unknown;
      try {
        parsed = JSON.parse(sent.body);
      } catch {
        expect.fail(`${name}: the request body is not JSON: ${sent.body.slice(0, 200)}`);
      }
      expect(parsed, `${name}: request body`).toEqual(request.body);
    }
  }
  if (requestXml !== undefined) expect(normalizeXml(sent.body), `${name}: request body (XML)`).toBe(normalizeXml(requestXml));
}

function compareOutcome(
  sampleCase: SampleCase,
  outcome: { ok: true; value: unknown } | { ok: false; error: unknown },
  expect: Vitest['expect'],
): void {
  const { expected, name } = sampleCase;
  if ('error' in expected) {
    if (outcome.ok)
      expect.fail(
        `${name}: expected ${String(expected.error.name ?? 'an error')}, the call resolved with ${JSON.stringify(outcome.value)}`,
      );
    const error = outcome.error as Record<string, unknown> | null | undefined;
    if (typeof error !== 'object' || error === null)
      expect.fail(`${name}: the call rejected with a non-object: ${String(error)}`);
    const actual = Object.fromEntries(Object.keys(expected.error).map((key) => [key, error[key]]));
    expect(actual, `${name}: error fields`).toEqual(expected.error);
    return;
  }
  if (!outcome.ok) throw outcome.error; // not reached: runSampleCase reports it first
  expect(outcome.value, `${name}: result`).toEqual(expected.result);
}

/**
 * Runs one case: serves its answer on 127.0.0.1, calls the operation and compares the result (or
 * error) and, when the case has one, the request. Rejects on the first difference.
 */
export async function runSampleCase<Client>(sampleCase: SampleCase, options: SampleCasesOptions<Client>): Promise<void> {
  const { expect } = await loadVitest();
  const { meta, name } = sampleCase;
  if (options.samples !== undefined) {
    if (typeof meta.sample !== 'string')
      throw new RangeError(`${name}: meta.json must name the stored sample its ${sampleCase.answerFile} copies ("sample")`);
    const sampleFile = join(pathOf(options.samples), meta.sample);
    if (!existsSync(sampleFile)) throw new RangeError(`${name}: the sample ${meta.sample} is not in ${pathOf(options.samples)}`);
    expect(
      Buffer.from(sampleCase.answer).equals(readFileSync(sampleFile)),
      `${name}: ${sampleCase.answerFile} must be a byte-for-byte copy of ${meta.sample}`,
    ).toBe(true);
  } else if (meta.sample !== undefined) {
    throw new RangeError(`${name}: meta.json names a sample, but no samples folder was given (options.samples)`);
  }

  const seen: Seen[] = [];
  const answer = {
    status: meta.status ?? 200,
    headers: { 'content-type': meta.contentType ?? (ANSWER_TYPES[sampleCase.answerFile] as string), ...meta.headers },
    body: sampleCase.answer,
  };
  const server: RunningServer = await startHttpServer({
    basePath: '',
    routes: [],
    notFound: (request) => {
      seen.push({ method: request.method, url: request.url, headers: request.headers, body: request.body });
      return answer;
    },
  });
  try {
    const client = options.client(server.url);
    // A call that throws before returning its promise counts as a rejection too.
    const outcome = await Promise.resolve()
      .then(() => options.call(client, sampleCase.operation, sampleCase.input))
      .then(
        (value) => ({ ok: true as const, value }),
        (error: unknown) => ({ ok: false as const, error }),
      );
    // An unexpected rejection says more than any difference in the request it followed.
    if (!outcome.ok && 'result' in sampleCase.expected) {
      const error = outcome.error;
      const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      throw new Error(`${name}: expected a result, the call rejected with ${what}`, { cause: error });
    }
    compareRequest(sampleCase, seen, expect);
    compareOutcome(sampleCase, outcome, expect);
  } finally {
    await server.close();
  }
}

/**
 * Registers one vitest test per case folder `<operation>__<case>/` under `dir`: its answer
 * (`answer.json`/`.xml`/`.txt`, with `meta.json` for status, content type, headers and the stored
 * sample it copies) served on 127.0.0.1, the operation called with `input.json` through
 * `options.call`, the result compared with `expected.json` (`{ "result": … }` or
 * `{ "error": { "name": …, "status": …, "message": … } }`) and, with `request.json` / `request.xml`,
 * the one request sent. Cases are read when it is called, so await it at the top level of a test file:
 *
 * ```ts
 * import { runSampleCases } from '@jobwire/testkit';
 * import { createAlteryxServerClient } from '@jobwire/alteryx-server';
 *
 * await runSampleCases(new URL('./samples/', import.meta.url), {
 *   client: (url) => createAlteryxServerClient({ baseUrl: `${url}/webapi`, accessToken: 'token' }),
 *   call: (client, operation, input) => client.getJob(String(input)),
 * });
 * ```
 */
export async function runSampleCases<Client>(dir: string | URL, options: SampleCasesOptions<Client>): Promise<void> {
  const cases = readSampleCases(dir);
  if (cases.length === 0) throw new RangeError(`no sample case folders (<operation>__<case>/) in ${pathOf(dir)}`);
  for (const [name, reason] of Object.entries(options.skip ?? {})) {
    if (!cases.some((sampleCase) => sampleCase.name === name))
      throw new RangeError(`skip names no sample case: ${JSON.stringify(name)}`);
    if (typeof reason !== 'string' || reason.trim() === '') throw new RangeError(`skip of ${name} needs a reason`);
  }
  const { describe, it } = await loadVitest();
  describe(options.title ?? 'sample cases', () => {
    for (const sampleCase of cases) {
      const reason = options.skip?.[sampleCase.name];
      if (reason !== undefined) it.skip(`${sampleCase.name} — skipped: ${reason}`, () => undefined);
      else it(sampleCase.name, () => runSampleCase(sampleCase, options));
    }
  });
}
