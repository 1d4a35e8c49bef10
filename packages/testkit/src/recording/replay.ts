// Replaying a recording: the one matcher that both `replayFetch` and the msw handlers
// (`recordingHandlers`) answer through, so both serve the same answers in the same order.
import { sharedRedactor } from '@jobwire/core';
import { parseXml, XML_ATTRIBUTE_PREFIX, XML_TEXT_KEY, type XmlElement } from '@jobwire/xml';
import type { Recording } from './format.js';

type Exchange = Recording['exchanges'][number];

/** What the matcher needs of an incoming request. */
export interface IncomingRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
}

/** Answers requests from a recording; holds which recorded answers it has served. */
export interface RecordingMatcher {
  /** The recorded exchange that answers `request`, or undefined when none does. */
  match(request: IncomingRequest): Exchange | undefined;
}

// A recorded `***` (a secret-named query parameter, a scrubbed secret in a body) stands for any value.
const WILDCARD = '***';

/**
 * The matcher (see `replayFetch`): candidates are the exchanges with the request's method, path
 * (compared percent-decoded) and query (sorted decoded pairs, a recorded `***` matching any value);
 * for SOAP also its operation, preferring those whose request body equals the incoming one with
 * each recorded `***` a wildcard. Candidates are served in recorded order, the last one again
 * once all were served. Each matcher counts on its own.
 */
export function createRecordingMatcher(recording: Recording): RecordingMatcher {
  const recorded = recording.exchanges.map((exchange) => ({
    exchange,
    method: exchange.request.method.toUpperCase(),
    path: decode(exchange.request.path),
    query: queryPairs(exchange.request.query),
    operation: isSoap(exchange.request.headers, exchange.requestBody) ? soapOperation(exchange.requestBody) : undefined,
    body: bodyPattern(exchange.requestBody),
  }));
  const served = new Map<string, number>();
  return {
    match(request) {
      const method = request.method.toUpperCase();
      const path = decode(request.url.pathname);
      const query = queryPairs(request.url.search);
      const headers = Object.fromEntries(request.headers);
      const soap = isSoap(headers, request.body);
      const operation = soap ? soapOperation(request.body) : undefined;
      let candidates = recorded.filter(
        (entry) =>
          entry.method === method &&
          entry.path === path &&
          queryMatches(entry.query, query) &&
          (!soap || entry.operation === operation),
      );
      if (soap && candidates.length > 1) {
        const equal = candidates.filter((entry) => entry.body(request.body));
        if (equal.length > 0) candidates = equal;
      }
      if (candidates.length === 0) return undefined;
      // FIFO per set of candidates: the same request walks through its recorded answers.
      const key = candidates.map((entry) => recorded.indexOf(entry)).join(',');
      const count = served.get(key) ?? 0;
      served.set(key, count + 1);
      return candidates[Math.min(count, candidates.length - 1)]?.exchange;
    },
  };
}

/** The recorded answer as a fetch Response: status, headers and body as recorded. */
export function recordedResponse(exchange: Exchange): Response {
  const { status, statusText, headers } = exchange.response;
  // 204, 205 and 304 carry no body (the Response constructor refuses one).
  const body =
    status === 204 || status === 205 || status === 304 || exchange.response.body === undefined ? null : exchange.responseBody;
  return new Response(body, { status, statusText: statusText ?? '', headers });
}

/** `no recorded answer for GET /path?query`, secret-named query values as `***`. */
export function unmatchedMessage(request: IncomingRequest): string {
  return `no recorded answer for ${request.method.toUpperCase()} ${sharedRedactor().url(`${request.url.pathname}${request.url.search}`)}`;
}

/**
 * A `fetch` that answers from a recording, whatever the origin: the exchange with the request's
 * method, path (compared percent-decoded) and query (compared as sorted, decoded pairs; a recorded
 * `***` value matches any value); for SOAP (a `soapaction` header or an XML body) also the same
 * operation (the first element in the Body) and, when several remain, preferably the one whose
 * recorded request body equals the incoming one, each recorded `***` matching anything. Repeated
 * requests get their recorded answers in order, then the last one again (polls beyond the recorded
 * ones). Answers carry the recorded status, headers and body. Each call makes a fetch that counts
 * on its own.
 *
 * @param recording - What `readRecording` read.
 * @returns A fetch: an unmatched request rejects with a TypeError `no recorded answer for GET /path?query`
 * (so a jobwire client reports a `ConnectionError`); an aborted `init.signal` rejects with its reason.
 *
 * @example
 * ```ts
 * const recording = await readRecording('specs/alteryx-server/samples/recorded/simulator');
 * const client = createAlteryxServerClient({ baseUrl: recording.index.url, accessToken: 'x', fetch: replayFetch(recording) });
 * ```
 */
export function replayFetch(recording: Recording): typeof fetch {
  const matcher = createRecordingMatcher(recording);
  return async (input, init) => {
    // The Request follows init.signal (or the input Request's signal), reason included.
    const request = new Request(input, init);
    request.signal.throwIfAborted();
    const incoming: IncomingRequest = {
      method: request.method,
      url: new URL(request.url),
      headers: request.headers,
      body: request.body === null ? '' : await request.text(),
    };
    request.signal.throwIfAborted();
    const exchange = matcher.match(incoming);
    if (!exchange) throw new TypeError(unmatchedMessage(incoming));
    return recordedResponse(exchange);
  };
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text; // a malformed escape: compared as it is
  }
}

/** Decoded pairs, sorted. */
function queryPairs(search: string): Array<[string, string]> {
  return [...new URLSearchParams(search)].sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
}

/** Same names as often; each recorded value equal to an incoming one, a recorded `***` to any. */
function queryMatches(recorded: Array<[string, string]>, incoming: Array<[string, string]>): boolean {
  if (recorded.length !== incoming.length) return false;
  const left = [...incoming];
  // Exact values first, so a wildcard does not take the value an exact one needs.
  for (const [name, value] of [...recorded].sort(([, a], [, b]) => Number(a === WILDCARD) - Number(b === WILDCARD))) {
    const at = left.findIndex(([n, v]) => n === name && (value === WILDCARD || v === value));
    if (at < 0) return false;
    left.splice(at, 1);
  }
  return true;
}

function isSoap(headers: Record<string, string>, body: string): boolean {
  return 'soapaction' in headers || body.trimStart().startsWith('<');
}

/** The local name of the Body's first child element, or undefined when there is none or the body is not XML. */
function soapOperation(body: string): string | undefined {
  let document: XmlElement;
  try {
    document = parseXml(body, { vendor: 'recording', operation: 'replay', removeNamespacePrefixes: true });
  } catch {
    return undefined;
  }
  const envelope = document.Envelope;
  const soapBody = isElement(envelope) ? envelope.Body : undefined;
  if (!isElement(soapBody)) return undefined;
  return Object.keys(soapBody).find((key) => !key.startsWith(XML_ATTRIBUTE_PREFIX) && key !== XML_TEXT_KEY);
}

const isElement = (node: unknown): node is XmlElement => typeof node === 'object' && node !== null && !Array.isArray(node);

/**
 * A test of whole texts against the recorded body, each `***` in it matching any text. Glob
 * matching by leftmost search of each piece, not a RegExp: linear, whatever the number of `***`.
 */
function bodyPattern(body: string): (text: string) => boolean {
  const pieces = body.split(WILDCARD);
  const first = pieces[0] ?? '';
  if (pieces.length === 1) return (text) => text === body;
  const last = pieces[pieces.length - 1] ?? '';
  const middle = pieces.slice(1, -1);
  return (text) => {
    if (text.length < first.length + last.length || !text.startsWith(first) || !text.endsWith(last)) return false;
    let at = first.length;
    const end = text.length - last.length;
    for (const piece of middle) {
      const found = text.indexOf(piece, at);
      if (found < 0 || found + piece.length > end) return false;
      at = found + piece.length;
    }
    return true;
  };
}
