// The logger contract with the real libraries: a transport (the client's HTTP pipeline) against a
// loopback server makes a retried, redirected call and a failing one; what jobwire handed the
// logger (recorded by a tee in front of it) must all reach the library's own output — message,
// level and every meta field — and no secret may.
import { Writable } from 'node:stream';
import { format, inspect } from 'node:util';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import winston from 'winston';
import { createRedactor, type Logger, objectFirstLogger, ServerError } from '../src/index.js';
import { createHttpTransport } from '../src/internal.js';
import { type LocalServer, startLocalServer } from './local-server.js';

const SECRET = 'Tok3n/&s3cret é';
// The forms a leak could take: as written, percent-encoded (query and path), base64.
const SECRET_FORMS = [
  SECRET,
  encodeURIComponent(SECRET),
  new URLSearchParams({ s: SECRET }).toString().slice(2),
  Buffer.from(SECRET).toString('base64'),
];

interface Line {
  level: 'debug' | 'warn';
  message: string;
  meta: Record<string, unknown> | undefined;
}

let server: LocalServer;
beforeAll(async () => {
  const served = new Map<string, number>();
  server = await startLocalServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const n = (served.get(path) ?? 0) + 1;
    served.set(path, n);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(JSON.stringify(body));
    };
    // /retried: a 503 echoing the secret, then a redirect carrying it (the retry), then the job.
    if (path === '/retried') {
      if (n % 2 === 1) return send(503, { message: `busy, token ${SECRET}` });
      return send(302, {}, { location: `/final?password=${encodeURIComponent(SECRET)}` });
    }
    if (path === '/final') return send(200, { id: '1', note: SECRET });
    // /failing: always a 500 whose message echoes the secret.
    return send(500, { message: `broken for ${SECRET}` });
  });
});
afterAll(() => server.close());
afterEach(() => vi.restoreAllMocks());

/** Makes the two calls with `logger`; resolves when both settled, with the failing call's error. */
async function exercise(logger: Logger): Promise<unknown> {
  const transport = createHttpTransport({
    vendor: 'alteryx-server',
    redactor: createRedactor([SECRET]),
    logger,
    retry: { retries: 1, baseDelayMs: 0 }, // no backoff wait: the test needs no timers
  });
  const query = `?api_key=${encodeURIComponent(SECRET)}`;
  const ok = await transport.request({ url: `${server.url}/retried${query}` }, { operation: 'getJob' });
  expect(ok.status).toBe(200);
  return transport.request({ url: `${server.url}/failing${query}` }, { operation: 'getJob' }).then(
    () => expect.fail('the failing call resolved'),
    (error: unknown) => error,
  );
}

/** A logger that records each line jobwire hands out, then passes it on to `target`. */
function tee(target: Logger): { logger: Logger; lines: Line[] } {
  const lines: Line[] = [];
  return {
    lines,
    logger: {
      debug: (message, meta) => {
        lines.push({ level: 'debug', message, meta });
        target.debug?.(message, meta);
      },
      warn: (message, meta) => {
        lines.push({ level: 'warn', message, meta });
        target.warn?.(message, meta);
      },
    },
  };
}

/** What the lines must show whatever the library: the retry warnings with their fields, the exchanges, redacted. */
function expectJobwireLines(lines: Line[]) {
  const warnings = lines.filter((line) => line.level === 'warn');
  expect(warnings).toHaveLength(2); // one retry per call
  for (const [i, path] of ['/retried', '/failing'].entries()) {
    expect(warnings[i]?.message).toMatch(/^alteryx-server getJob: retry 1 in \d+ ms$/);
    expect(warnings[i]?.meta?.url).toBe(`${server.url}${path}?api_key=***`);
  }
  expect(String(warnings[0]?.meta?.error)).toContain('busy, token ***');
  expect(String(warnings[1]?.meta?.error)).toContain('broken for ***');
  const debug = lines.filter((line) => line.level === 'debug');
  const exchange = debug.find((line) => line.message.includes(`GET ${server.url}/retried?api_key=*** → 200`));
  expect(exchange?.meta).toMatchObject({
    vendor: 'alteryx-server',
    operation: 'getJob',
    method: 'GET',
    url: `${server.url}/retried?api_key=***`,
    status: 200,
    attempt: 2,
  });
  expect(typeof exchange?.meta?.durationMs).toBe('number');
  expect(debug.some((line) => line.message.includes(`/final?password=***`))).toBe(true); // the redirect
}

/** Every form of the secret found in `text`, by name; the server saw it, so the scan can find it. */
function leaks(text: string): string[] {
  expect(server.requests.some((request) => request.url.includes(encodeURIComponent(SECRET)))).toBe(true);
  return SECRET_FORMS.filter((form) => text.includes(form));
}

/** The value as it reads back from JSON (undefined fields vanish, as in any JSON log). */
const asJson = (value: unknown) => JSON.parse(JSON.stringify(value ?? {})) as Record<string, unknown>;

describe('pino (fields first) through objectFirstLogger', () => {
  const pinoLogger = (written: string[]) => pino({ level: 'debug' }, { write: (line: string) => written.push(line) });

  it('without the adapter pino keeps the message and drops every meta field (the reason for the adapter)', async () => {
    const written: string[] = [];
    const { logger, lines } = tee(pinoLogger(written)); // type-checks as a Logger: the silent failure
    await exercise(logger);
    const records = written.map((line) => JSON.parse(line) as Record<string, unknown>);
    const warning = records.find((record) => record.level === 40);
    expect(warning?.msg).toBe(lines.find((line) => line.level === 'warn')?.message);
    expect(warning).not.toHaveProperty('url');
    expect(warning).not.toHaveProperty('error');
    const exchange = records.find((record) => record.level === 20 && String(record.msg).includes('→ 200'));
    expect(exchange?.msg).toBeDefined();
    expect(exchange).not.toHaveProperty('status');
    expect(exchange).not.toHaveProperty('durationMs');
  });

  it('writes every line jobwire hands out: level, message and each meta field', async () => {
    const written: string[] = [];
    const { logger, lines } = tee(objectFirstLogger(pinoLogger(written)));
    const error = await exercise(logger);
    expect(error).toBeInstanceOf(ServerError);
    expectJobwireLines(lines);
    const records = written.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records).toHaveLength(lines.length);
    for (const [i, line] of lines.entries()) {
      expect(records[i]?.level).toBe(line.level === 'debug' ? 20 : 40);
      expect(records[i]?.msg).toBe(line.message); // as is: no printf pass over a `%` in a URL
      expect(records[i]).toMatchObject(asJson(line.meta));
    }
    expect(leaks(written.join(''))).toEqual([]);
  });

  it("follows pino's level: at info the debug lines are not written, the warnings are", async () => {
    const written: string[] = [];
    await exercise(objectFirstLogger(pino({ level: 'info' }, { write: (line: string) => written.push(line) })));
    const levels = written.map((line) => (JSON.parse(line) as { level: number }).level);
    expect(levels).toEqual([40, 40]);
  });

  it('passes a message with printf tokens and percent-escapes through unchanged', () => {
    const written: string[] = [];
    const logger = objectFirstLogger(pinoLogger(written));
    logger.debug?.('GET http://h/a%c3%a9/%s?q=100%25 → 200');
    logger.warn?.('100%% %d', { attempt: 1 });
    const records = written.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records[0]?.msg).toBe('GET http://h/a%c3%a9/%s?q=100%25 → 200');
    expect(records[1]?.msg).toBe('100%% %d');
    expect(records[1]?.attempt).toBe(1);
  });
});

describe('objectFirstLogger', () => {
  it('calls the methods the logger has, as its methods, fields first', () => {
    const calls: Array<[string, unknown, unknown[]]> = [];
    const target = {
      name: 'target',
      debug(this: { name: string }, ...args: unknown[]) {
        calls.push(['debug', this.name, args]);
      },
      warn(this: { name: string }, ...args: unknown[]) {
        calls.push(['warn', this.name, args]);
      },
    };
    const logger = objectFirstLogger(target);
    logger.debug?.('d', { url: 'u' });
    logger.warn?.('w');
    expect(calls).toEqual([
      ['debug', 'target', [{ url: 'u' }, 'd']],
      ['warn', 'target', [{}, 'w']],
    ]);
  });

  it('leaves out a level the logger does not have', () => {
    const warn = vi.fn();
    const logger = objectFirstLogger({ warn });
    expect(logger.debug).toBeUndefined();
    logger.warn?.('w', { a: 1 });
    expect(warn).toHaveBeenCalledWith({ a: 1 }, 'w');
  });
});

describe('winston (message first), unchanged', () => {
  it('hands an in-memory transport every line: level, message and each meta field', async () => {
    // winston's own Stream transport: an object-mode stream gets each info object (what a custom
    // transport sees), a text stream the line a file or console transport writes.
    const seen: Array<Record<string, unknown>> = [];
    const written: string[] = [];
    const memory = new winston.transports.Stream({
      stream: new Writable({
        objectMode: true,
        write: (info: Record<string, unknown>, _encoding, next) => {
          seen.push(info);
          next();
        },
      }),
    });
    const text = new winston.transports.Stream({
      stream: new Writable({
        write: (chunk: Buffer, _encoding, next) => {
          written.push(chunk.toString('utf8'));
          next();
        },
      }),
    });
    const target = winston.createLogger({
      level: 'debug',
      format: winston.format.json(),
      transports: [memory, text],
    });
    const { logger, lines } = tee(target);
    const error = await exercise(logger);
    await new Promise((resolve) => {
      target.on('finish', resolve);
      target.end();
    });
    expect(error).toBeInstanceOf(ServerError);
    expectJobwireLines(lines);
    expect(seen).toHaveLength(lines.length);
    for (const [i, line] of lines.entries()) {
      expect(seen[i]?.level).toBe(line.level);
      expect(seen[i]?.message).toBe(line.message);
      for (const [name, value] of Object.entries(line.meta ?? {})) expect(seen[i]?.[name], name).toEqual(value);
      expect(JSON.parse(written[i] ?? '')).toMatchObject({ level: line.level, message: line.message, ...asJson(line.meta) });
    }
    expect(leaks([...written, inspect(seen, { depth: 10 })].join('\n'))).toEqual([]);
  });
});

describe('lines every logger can take', () => {
  it("keeps winston's meta when the URL has lower-case percent-escapes (%c3 is a winston format token)", async () => {
    const seen: Array<Record<string, unknown>> = [];
    const target = winston.createLogger({
      level: 'debug',
      transports: [
        new winston.transports.Stream({
          stream: new Writable({
            objectMode: true,
            write: (info: Record<string, unknown>, _encoding, next) => {
              seen.push(info);
              next();
            },
          }),
        }),
      ],
    });
    const transport = createHttpTransport({ vendor: 'alteryx-server', redactor: createRedactor([]), logger: target });
    await transport.request({ url: `${server.url}/caf%c3%a9` }, { operation: 'getJob' }).catch(() => undefined);
    const line = seen.find((info) => info.level === 'debug');
    expect(line?.message).toBe(`alteryx-server getJob: GET ${server.url}/caf%C3%A9 → 500 (${line?.durationMs} ms)`);
    expect(line?.url).toBe(`${server.url}/caf%c3%a9`);
    expect(line?.status).toBe(500);
    expect(line?.attempt).toBe(1);
  });

  it('a logger that throws fails no call: the retried call resolves, the failing one rejects with its own error', async () => {
    const thrown = new Error('logger broke');
    const error = await exercise({
      debug: () => {
        throw thrown;
      },
      warn: () => {
        throw thrown;
      },
    });
    expect(error).toBeInstanceOf(ServerError);
    expect(error).not.toBe(thrown);
  });
});

describe('console, unchanged', () => {
  it('gets each line with its meta on console.debug / console.warn', async () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {});
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const error = await exercise(console);
    expect(error).toBeInstanceOf(ServerError);
    const lines: Line[] = [
      ...debug.mock.calls.map(([message, meta]) => ({ level: 'debug' as const, message, meta })),
      ...warn.mock.calls.map(([message, meta]) => ({ level: 'warn' as const, message, meta })),
    ];
    expectJobwireLines(lines);
    // What the console writes: the message, then the meta object inspected.
    const written = [...debug.mock.calls, ...warn.mock.calls].map((args) => format(...args));
    for (const [i, args] of warn.mock.calls.entries()) {
      const meta = args[1] as Record<string, unknown>;
      for (const value of Object.values(meta)) expect(written[debug.mock.calls.length + i]).toContain(String(value));
    }
    expect(leaks(written.join('\n'))).toEqual([]);
  });
});
