import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { inspect } from 'node:util';
import { type JobSource, JobwireError, type Logger } from '@jobwire/core';
import type { SimResponse } from '@jobwire/core/simulator';

/*
 * Helpers for reliability and security tests of jobwire clients (and of code built on them): a
 * recording server that shows requests exactly as they arrived, a secret-leak finder, a logger
 * that keeps what it was given, resource-leak snapshots, and hostile variants of response bodies.
 */

/** One request as it reached the server: the request-target exactly as sent, not normalized. */
export interface RecordedRequest {
  /** The HTTP method. */
  method: string;
  /** The raw request-target (`/v3/jobs/a%2Fb?x=1`), as written on the request line. */
  rawUrl: string;
  /** The request headers. */
  headers: IncomingHttpHeaders;
  /** The request body, as text. */
  body: string;
}

/** What the recorder answers: a response, a dropped connection, or no answer at all (until closed). */
export type RecorderReply = SimResponse | 'drop' | 'hang';

/** A loopback HTTP server that records every request and answers as told, for reliability tests. */
export interface Recorder {
  /** `http://127.0.0.1:PORT` plus the base path given. */
  url: string;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** Connections still open (0 after `close()`). */
  readonly openSockets: number;
  /** Stops it and releases its port; resolves when everything is closed. */
  close(): Promise<void>;
}

/**
 * A server on 127.0.0.1 that records every request and answers with `reply`'s choice. For
 * asserting what went on the wire (encoding, escaping, headers) and for driving error paths.
 */
export async function startRecorder(
  reply: (request: RecordedRequest) => RecorderReply | Promise<RecorderReply>,
  basePath = '',
): Promise<Recorder> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        rawUrl: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      void Promise.resolve()
        .then(() => reply(recorded))
        .then((answer) => {
          if (answer === 'hang') return;
          if (answer === 'drop') {
            req.socket.destroy();
            return;
          }
          const body = answer.body ?? '';
          res.writeHead(answer.status, { ...answer.headers, 'content-length': String(Buffer.byteLength(body)) });
          res.end(body);
        })
        .catch((error: unknown) => {
          // A broken reply function is the test's bug: answer 500 with it rather than crash the server.
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(`recorder reply failed: ${error instanceof Error ? error.message : String(error)}`);
        });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${basePath}`,
    requests,
    get openSockets() {
      return sockets.size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A logger that keeps every call (level and arguments), for asserting what a client logged. */
export function recordingLogger(): Required<Logger> & { calls: Array<{ level: string; args: unknown[] }> } {
  const calls: Array<{ level: string; args: unknown[] }> = [];
  return {
    calls,
    debug: (...args: unknown[]) => calls.push({ level: 'debug', args }),
    warn: (...args: unknown[]) => calls.push({ level: 'warn', args }),
  };
}

/**
 * Where any of `secrets` shows in an error — its message, stack, `String()`, `JSON.stringify()`,
 * `util.inspect(…, { depth: 10 })` — or in anything handed to a logger. Returns one line per find
 * (`"s3cr3t" in stack`); an empty list means nothing leaked. Secrets shorter than 4 characters
 * are refused: they would match by accident.
 */
export function findSecretLeaks(
  error: unknown,
  secrets: readonly string[],
  logged: ReadonlyArray<{ args: unknown[] }> = [],
): string[] {
  for (const secret of secrets) {
    if (secret.length < 4) throw new RangeError(`secret ${JSON.stringify(secret)} is too short to search for`);
  }
  const views: Array<[string, () => string]> = [
    ['message', () => (error instanceof Error ? error.message : '')],
    ['stack', () => (error instanceof Error ? (error.stack ?? '') : '')],
    ['String(error)', () => String(error)],
    ['JSON.stringify(error)', () => JSON.stringify(error) ?? ''],
    ['util.inspect(error)', () => inspect(error, { depth: 10 })],
    ...logged.map((call, i): [string, () => string] => [`logger call ${i}`, () => inspect(call.args, { depth: 10 })]),
  ];
  const leaks: string[] = [];
  for (const [where, view] of views) {
    const text = view();
    for (const secret of secrets) {
      if (text.includes(secret)) leaks.push(`${JSON.stringify(secret)} in ${where}`);
    }
  }
  return leaks;
}

/** Counts of the resources that keep Node running (sockets, servers, timers…), by type. */
export function activeResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

/**
 * Resources open now beyond a `before` snapshot, after letting closing sockets and timers settle
 * (up to `settleMs`, checked every 10 ms). An empty object means nothing leaked.
 */
export async function leakedResources(before: Record<string, number>, settleMs = 2000): Promise<Record<string, number>> {
  const excess = () => {
    const out: Record<string, number> = {};
    for (const [type, count] of Object.entries(activeResources())) {
      const extra = count - (before[type] ?? 0);
      if (extra > 0) out[type] = extra;
    }
    return out;
  };
  const deadline = Date.now() + settleMs;
  let now = excess();
  while (Object.keys(now).length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    now = excess();
  }
  return now;
}

/** A `JobSource` that counts its `getJobStatus` calls (the polls of a wait), for request budgets. */
export function countingSource<Ref>(source: JobSource<Ref>): JobSource<Ref> & { readonly polls: number } {
  let polls = 0;
  return {
    vendor: source.vendor,
    getJobStatus: (ref, options) => {
      polls++;
      return source.getJobStatus(ref, options);
    },
    get polls() {
      return polls;
    },
  };
}

/** The ways `hostileBody` spoils a body. */
export const HOSTILE_BODY_KINDS = [
  'truncate',
  'cut-middle',
  'duplicate',
  'insert-markup',
  'retype',
  'deep-nesting',
  'huge-string',
  'invalid-utf8',
  'html-page',
  'empty',
] as const;
/** A kind of hostile response body the reliability helpers serve (truncated, malformed, huge, …). */
export type HostileBodyKind = (typeof HOSTILE_BODY_KINDS)[number];

const MARKUP = ['<', '>', '&', '"', "'", '{', '}', '[', ']', ']]>', '<![CDATA[', '&lt;', '&#0;', '\u0000', '\\', ',', ':', '</'];
const RETYPES: unknown[] = [null, 0, -1, 1e308, '', 'x', true, [], {}, [null], { id: null }, '__proto__'];

/**
 * A spoiled variant of `sample` (a valid response body): `n` (any non-negative integer, e.g. from a
 * property-test generator) picks where and how, so the same inputs always give the same body.
 * JSON samples are re-typed field by field; XML and text samples are cut and marked up.
 */
export function hostileBody(sample: string, kind: HostileBodyKind, n: number): string | Uint8Array<ArrayBuffer> {
  const at = (limit: number) => (limit <= 0 ? 0 : n % (limit + 1));
  const isXml = /^\s*</.test(sample);
  switch (kind) {
    case 'truncate':
      return sample.slice(0, at(sample.length - 1));
    case 'cut-middle': {
      const start = at(sample.length);
      return sample.slice(0, start) + sample.slice(start + 1 + (n % 17));
    }
    case 'duplicate': {
      const start = at(sample.length);
      return sample.slice(0, start) + sample.slice(start, start + 1 + (n % 40)) + sample.slice(start);
    }
    case 'insert-markup': {
      const start = at(sample.length);
      return sample.slice(0, start) + (MARKUP[n % MARKUP.length] ?? '<') + sample.slice(start);
    }
    case 'retype':
      return isXml ? retypeXml(sample, n) : retypeJson(sample, n);
    case 'deep-nesting': {
      const depth = 1000 + (n % 20_000);
      if (isXml) return `<a>${'<b>'.repeat(depth)}x${'</b>'.repeat(depth)}</a>`;
      return n % 2 === 0 ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    }
    case 'huge-string': {
      const huge = 'A'.repeat(50_000 + (n % 200_000));
      return isXml ? sample.replace(/>([^<]*)</, `>${huge}<`) : retypeJson(sample, n, huge);
    }
    case 'invalid-utf8': {
      const bytes = new TextEncoder().encode(sample);
      const out = new Uint8Array(bytes.length + 2);
      const start = at(bytes.length);
      out.set(bytes.subarray(0, start), 0);
      out.set([0xc3, n % 2 === 0 ? 0x28 : 0xff], start);
      out.set(bytes.subarray(start), start + 2);
      return out;
    }
    case 'html-page':
      return '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><hr>nginx</body></html>';
    case 'empty':
      return n % 2 === 0 ? '' : ' \r\n';
  }
}

/** Replaces the k-th value of a JSON sample with another type (or `replacement`). */
function retypeJson(sample: string, n: number, replacement?: unknown): string {
  let value: unknown;
  try {
    value = JSON.parse(sample);
  } catch {
    return sample;
  }
  const slots: Array<{ holder: Record<string, unknown> | unknown[]; key: string | number }> = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        slots.push({ holder: node, key: i });
        walk(node[i]);
      }
    } else if (node !== null && typeof node === 'object') {
      for (const [key, item] of Object.entries(node)) {
        slots.push({ holder: node as Record<string, unknown>, key });
        walk(item);
      }
    }
  };
  walk(value);
  const slot = slots[n % Math.max(1, slots.length)];
  const next = replacement ?? RETYPES[Math.floor(n / Math.max(1, slots.length)) % RETYPES.length];
  if (!slot) return JSON.stringify(next);
  (slot.holder as Record<string | number, unknown>)[slot.key] = next;
  return JSON.stringify(value);
}

/** Replaces the k-th text node of an XML sample with markup, an element, or nothing. */
function retypeXml(sample: string, n: number): string {
  const texts = [...sample.matchAll(/>([^<]+)</g)];
  const match = texts[n % Math.max(1, texts.length)];
  if (match?.index === undefined) return sample;
  const replacements = ['', '<x/>', '<x>1</x><x>2</x>', '&amp;', '-1', 'nil', '<![CDATA[<b>]]>', ' '];
  const start = match.index + 1;
  return sample.slice(0, start) + (replacements[n % replacements.length] ?? '') + sample.slice(start + (match[1]?.length ?? 0));
}

/**
 * Runs `call` and tells how it ended: with a value, or with a typed `JobwireError`. Any other
 * exception (a TypeError, a RangeError from deep recursion…) is rethrown: that is the bug a
 * property test of a decoder looks for.
 */
export async function valueOrJobwireError<T>(
  call: () => T | Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: JobwireError }> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    if (error instanceof JobwireError) return { ok: false, error };
    throw error;
  }
}

/** A marker that only an entity expansion would repeat: a hostile document's entities all expand to it. */
export const ENTITY_MARKER = 'JOBWIRE-ENTITY-EXPANDED';

/**
 * Hostile XML documents wrapping `inner` (a normal response's root element): billion laughs,
 * quadratic blowup, external entities (file and `externalUrl`, which must never be fetched),
 * parameter entities, and a bare DOCTYPE. A safe parser refuses them all without expanding
 * anything: `ENTITY_MARKER` never appears more than once in what it reports.
 */
export function hostileXmlDocuments(inner: string, externalUrl = 'http://127.0.0.1:9/xxe'): Array<{ name: string; xml: string }> {
  const lols = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('');
  const use = (entity: string) => inner.replace(/>([^<]*)</, `>&${entity};<`);
  return [
    {
      name: 'billion laughs',
      xml: `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "${ENTITY_MARKER}">${lols}]>${use('lol9')}`,
    },
    {
      name: 'quadratic blowup',
      xml: `<?xml version="1.0"?><!DOCTYPE q [<!ENTITY a "${ENTITY_MARKER}${'x'.repeat(10_000)}">]>${use('a').replace('&a;', '&a;'.repeat(10_000))}`,
    },
    {
      name: 'external entity (file)',
      xml: `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${use('xxe')}`,
    },
    {
      name: 'external entity (http)',
      xml: `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "${externalUrl}">]>${use('xxe')}`,
    },
    {
      name: 'parameter entity',
      xml: `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY % remote SYSTEM "${externalUrl}"> %remote;]>${inner}`,
    },
    { name: 'external DTD', xml: `<?xml version="1.0"?><!DOCTYPE x SYSTEM "${externalUrl}">${inner}` },
    { name: 'lower-case doctype', xml: `<!doctype x [<!entity e "${ENTITY_MARKER}">]>${use('e')}` },
  ];
}

/**
 * A clock for a simulator (`now` option) that stands still at 0 until `start()`: jobs created
 * before then all begin their lives together when the test starts watching them.
 */
export function pausedClock(): { now: () => number; start(): void } {
  let startedAt: number | undefined;
  return {
    now: () => (startedAt === undefined ? 0 : Date.now() - startedAt),
    start: () => {
      startedAt ??= Date.now();
    },
  };
}
