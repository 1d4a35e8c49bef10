/**
 * The ELMA callback receiver (`@jobwire/elma-rpa/node`) attacked as a hostile peer would, over
 * real loopback HTTP: forged callbacks, aborted and malformed bodies, slowloris, huge and endless
 * bodies, log injection. After every attack a legitimate callback must still be reported, and
 * nothing may reach `unhandledRejection` / `uncaughtException`.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import {
  createCallbackSigner,
  createElmaCallbackReceiver,
  createElmaCallbackServer,
  type ElmaCallbackReceiver,
  type ElmaCallbackReceiverOptions,
} from '@jobwire/elma-rpa/node';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createElmaRpaClient, type JobStatus } from '../src/index.js';
import type { ElmaTask } from '../src/types.js';

// The scripted Orchestrator is written here rather than taken from the testkit so that this
// suite loads only the package under attack.
const AUTH_TOKEN = '9f1c2d3e-4b5a-4c6d-8e7f-a0b1c2d3e4f5';
const task = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 955,
  process: 'c39f99de-cb8f-4661-a206-b282a4830cbf',
  system: AUTH_TOKEN,
  priority: 'MEDIUM',
  status: 'EXECUTING',
  metrics: { startTime: '2020-06-29T14:08:23Z', endTime: '0001-01-01T00:00:00Z' },
  created: '2020-06-29T10:29:52Z',
  updated: '2020-06-29T14:08:23Z',
  ...overrides,
});
interface Seen {
  path: string;
  json: Record<string, unknown> | undefined;
}
type Route = (seen: Seen) => Response;
/** An Orchestrator behind an injected fetch: routes by path, records every request. */
class Orchestrator {
  readonly requests: Seen[] = [];
  private readonly routes = new Map<string, { replies: Route[]; served: number }>();
  /** Replies are used in order, the last one keeps answering; a later `on` replaces the route. */
  on(_method: 'POST', path: string, ...replies: Route[]): this {
    this.routes.set(path, { replies, served: 0 });
    return this;
  }
  readonly fetch = async (request: Request): Promise<Response> => {
    const text = await request.text();
    const seen: Seen = { path: new URL(request.url).pathname, json: text ? JSON.parse(text) : undefined };
    const route = this.routes.get(seen.path) ?? { replies: [], served: 0 };
    this.requests.push(seen);
    const reply = route.replies[Math.min(route.served, route.replies.length - 1)];
    route.served += 1;
    if (!reply) throw new Error(`no route for ${seen.path}`);
    return reply(seen);
  };
}
const clientFor = (server: Orchestrator) =>
  createElmaRpaClient({ baseUrl: 'http://elma.test:48080', authToken: AUTH_TOKEN }, { fetch: server.fetch, retry: false });

const KEY = `${'k'.repeat(16)}an-example-callback-key-32+bytes`;
const PUBLIC_URL = 'https://jobwire.example/elma/callback';
const MAX_BODY = 64 * 1024;

/** The Orchestrator's truth, by task id: what `getTask` answers. */
let truth: Map<number, Record<string, unknown>>;
let orchestrator: Orchestrator;
let reported: JobStatus<ElmaTask>[];
let logLines: { level: string; message: string; meta: Record<string, unknown> }[];
let failures: unknown[];
let servers: Server[];
const onFailure = (error: unknown) => failures.push(error);

beforeEach(() => {
  truth = new Map([[955, task({ id: 955, status: 'DONE', outputCtx: '{"Name_out":"Ada"}' })]]);
  orchestrator = new Orchestrator().on('POST', '/v1/orchestra/task/status', (request) => {
    const found = truth.get(Number(request.json?.id));
    const body = found ? { status: 200, task: found } : { status: 404, error: 'Task not found' };
    return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
  });
  reported = [];
  logLines = [];
  failures = [];
  servers = [];
  process.on('unhandledRejection', onFailure);
  process.on('uncaughtException', onFailure);
});

afterEach(async () => {
  vi.useRealTimers();
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
  process.off('unhandledRejection', onFailure);
  process.off('uncaughtException', onFailure);
  // Nothing a peer did may have escaped as an unhandled rejection or an uncaught exception.
  expect(failures).toEqual([]);
});

function receiverWith(options: Partial<ElmaCallbackReceiverOptions> = {}): ElmaCallbackReceiver {
  return createElmaCallbackReceiver({
    client: clientFor(orchestrator),
    key: KEY,
    url: PUBLIC_URL,
    authToken: AUTH_TOKEN,
    maxBodyBytes: MAX_BODY,
    bodyTimeoutMs: 400,
    onTask: (status) => {
      reported.push(status);
    },
    logger: {
      warn: (message, meta = {}) => logLines.push({ level: 'warn', message, meta }),
      debug: (message, meta = {}) => logLines.push({ level: 'debug', message, meta }),
    },
    ...options,
  });
}

/** A receiver behind `createElmaCallbackServer` on 127.0.0.1, with short limits so attacks end quickly. */
async function listening(options: Partial<ElmaCallbackReceiverOptions> = {}, onRequest?: (request: IncomingMessage) => void) {
  const receiver = receiverWith(options);
  // `onRequest` lets a test look at the server side of a request (how much of its socket was read).
  const observed: ElmaCallbackReceiver = {
    ...receiver,
    handleNode: (request, response) => {
      onRequest?.(request);
      receiver.handleNode(request, response);
    },
  };
  const server = createElmaCallbackServer(observed, { headersTimeoutMs: 300, requestTimeoutMs: 2_000, checkIntervalMs: 50 });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  /** The path and query of a fresh, valid callback URL. */
  const target = () => {
    const url = new URL(receiver.callbackUrl());
    return `${url.pathname}${url.search}`;
  };
  const post = (pathAndQuery: string, body: unknown, init: RequestInit = {}) =>
    fetch(`http://127.0.0.1:${port}${pathAndQuery}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
      ...init,
    });
  /** A legitimate callback for task 955 is still confirmed and reported. */
  const stillServes = async () => {
    const before = reported.length;
    const response = await post(target(), { status: 200, task: task({ id: 955, status: 'DONE' }) });
    expect(response.status).toBe(204);
    expect(reported.length).toBe(before + 1);
    expect(reported.at(-1)?.state).toBe('succeeded');
  };
  return { receiver, server, port, target, post, stillServes };
}

/** A raw TCP peer: writes what it is told and collects what comes back until the server closes. */
async function rawPeer(port: number) {
  const socket: Socket = connect(port, '127.0.0.1');
  socket.on('error', () => {});
  await once(socket, 'connect');
  let received = '';
  socket.on('data', (chunk: Buffer) => {
    received += chunk.toString('latin1');
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return { socket, closed, received: () => received };
}

const statusLine = (text: string) => text.split('\r\n')[0];

describe('a legitimate callback', () => {
  it('is confirmed with getTask and reported with the Orchestrator’s state, field by field', async () => {
    const { post, target } = await listening();
    const response = await post(target(), { status: 200, task: task({ id: 955, status: 'DONE' }) });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    expect(orchestrator.requests).toHaveLength(1);
    expect(orchestrator.requests[0]?.json).toEqual({ auth_tkn: AUTH_TOKEN, id: 955 });
    expect(reported).toHaveLength(1);
    expect(reported[0]?.id).toBe('955');
    expect(reported[0]?.state).toBe('succeeded');
    expect(reported[0]?.done).toBe(true);
    expect(reported[0]?.vendorStatus).toBe('DONE');
    expect(reported[0]?.outputs).toEqual({ Name_out: 'Ada' });
  });

  it('accepts a bare task as well as the {status, task} envelope', async () => {
    const { post, target } = await listening();
    expect((await post(target(), task({ id: 955, status: 'DONE' }))).status).toBe(204);
    expect(reported.map((s) => s.id)).toEqual(['955']);
  });

  it('is a hint: a body saying DONE for a task still running is answered 202 and not reported', async () => {
    truth.set(955, task({ id: 955, status: 'EXECUTING' }));
    const { post, target } = await listening();
    const response = await post(target(), { status: 200, task: task({ id: 955, status: 'DONE' }) });
    expect(response.status).toBe(202);
    expect(reported).toEqual([]);
  });

  it('reports what the Orchestrator says, not what the body says', async () => {
    truth.set(955, task({ id: 955, status: 'ERROR', log: '[ERR] 2020/06/29 14:08:24 | [Bot] | Window not found\n' }));
    const { post, target } = await listening();
    expect((await post(target(), { status: 200, task: task({ id: 955, status: 'DONE' }) })).status).toBe(204);
    expect(reported[0]?.state).toBe('failed');
    expect(reported[0]?.detail).toBe('[ERR] 2020/06/29 14:08:24 | [Bot] | Window not found');
  });

  it('answers 500 when onTask throws, and goes on serving', async () => {
    let calls = 0;
    const { post, target } = await listening({
      onTask: async (status) => {
        calls += 1;
        if (calls === 1) throw new Error('database down');
        reported.push(status);
      },
    });
    expect((await post(target(), task({ id: 955, status: 'DONE' }))).status).toBe(500);
    expect((await post(target(), task({ id: 955, status: 'DONE' }))).status).toBe(204);
    expect(reported).toHaveLength(1);
    const failure = logLines.find((line) => line.message === 'elma-rpa callback: onTask failed');
    expect(failure?.meta.error).toBe('Error');
  });

  it('createTask sends a fresh callback URL with its own token', async () => {
    const sent: unknown[] = [];
    orchestrator.on('POST', '/v1/orchestra/task/create', (request) => {
      sent.push(request.json);
      return new Response(JSON.stringify({ status: 201, task: task({ id: 956, status: 'PREPARE' }) }));
    });
    const receiver = receiverWith();
    const created = await receiver.createTask({ process: 'c39f99de-cb8f-4661-a206-b282a4830cbf', context: {} });
    await receiver.createTask({ process: 'c39f99de-cb8f-4661-a206-b282a4830cbf', context: {} });
    expect(created.id).toBe(956);
    const urls = sent.map((body) => new URL((body as { task: { callback: string } }).task.callback));
    expect(urls[0]?.origin + (urls[0]?.pathname ?? '')).toBe(PUBLIC_URL);
    expect(urls[0]?.searchParams.get('token')).toMatch(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    expect(urls[0]?.searchParams.get('token')).not.toBe(urls[1]?.searchParams.get('token'));
  });
});

describe('forged callbacks', () => {
  it('refuses other methods (405, Allow: POST) and other paths (404) without asking the Orchestrator', async () => {
    const { port, target, post, stillServes } = await listening();
    for (const method of ['GET', 'PUT', 'DELETE', 'PATCH']) {
      const response = await fetch(`http://127.0.0.1:${port}${target()}`, {
        method,
        ...(method === 'GET' ? {} : { body: '{}' }),
      });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
    }
    const token = new URL(`http://x${target()}`).search;
    expect((await post(`/elma/other${token}`, task({ status: 'DONE' }))).status).toBe(404);
    expect((await post(`/elma/callback/${token}`, task({ status: 'DONE' }))).status).toBe(404);
    expect(orchestrator.requests).toHaveLength(0);
    expect(reported).toEqual([]);
    await stillServes();
  });

  it('refuses a missing, tampered, truncated or foreign token with 403 before reading the body', async () => {
    const { post, target, stillServes } = await listening();
    const good = new URL(`http://x${target()}`).searchParams.get('token') ?? '';
    const foreign = createCallbackSigner('another-key-that-is-also-32-bytes-long').create();
    // A changed character in the middle of the MAC (the last one has unused bits, see callback-secret.test.ts).
    const flipped = `${good.slice(0, 40)}${good[40] === 'A' ? 'B' : 'A'}${good.slice(41)}`;
    const forged = ['', 'x', good.slice(0, 40), flipped, foreign, `${good}x`, `${good.slice(0, 22)}.${'A'.repeat(43)}`];
    for (const token of forged) {
      const response = await post(`/elma/callback?token=${encodeURIComponent(token)}`, task({ status: 'DONE' }));
      expect(response.status).toBe(403);
    }
    expect((await post('/elma/callback', task({ status: 'DONE' }))).status).toBe(403);
    expect(orchestrator.requests).toHaveLength(0);
    expect(reported).toEqual([]);
    await stillServes();
  });

  it('refuses a task of another system, in the body or in the Orchestrator’s answer (403)', async () => {
    const { post, target, stillServes } = await listening();
    const other = '00000000-0000-4000-8000-000000000000';
    expect((await post(target(), task({ id: 955, status: 'DONE', system: other }))).status).toBe(403);
    expect(orchestrator.requests).toHaveLength(0);
    truth.set(957, task({ id: 957, status: 'DONE', system: other }));
    expect((await post(target(), task({ id: 957, status: 'DONE' }))).status).toBe(403);
    expect(reported).toEqual([]);
    await stillServes();
  });

  it('answers 404 for a task the Orchestrator does not know and 502 when it cannot confirm', async () => {
    const { post, target, stillServes } = await listening();
    expect((await post(target(), task({ id: 999, status: 'DONE' }))).status).toBe(404);
    orchestrator.on(
      'POST',
      '/v1/orchestra/task/status',
      () => new Response('<html>bad gateway</html>', { status: 502 }),
      (request) => {
        const found = truth.get(Number(request.json?.id));
        return new Response(JSON.stringify({ status: 200, task: found }));
      },
    );
    expect((await post(target(), task({ id: 955, status: 'DONE' }))).status).toBe(502);
    expect(reported).toEqual([]);
    await stillServes();
  });

  it('refuses a body that is not a task (400)', async () => {
    const { post, target, stillServes } = await listening();
    for (const body of ['not json', '{"status":200}', '[]', '{"task":{"id":"x","status":"DONE"}}', '\u0000\u00ff']) {
      expect((await post(target(), body)).status).toBe(400);
    }
    expect(orchestrator.requests).toHaveLength(0);
    await stillServes();
  });
});

describe('hostile transport', () => {
  it('refuses an announced body over the limit with 413 without reading it', async () => {
    const { port, target, stillServes } = await listening();
    const peer = await rawPeer(port);
    peer.socket.write(`POST ${target()} HTTP/1.1\r\nhost: x\r\ncontent-length: ${MAX_BODY * 1024}\r\n\r\n`);
    await peer.closed;
    expect(statusLine(peer.received())).toBe('HTTP/1.1 413 Payload Too Large');
    await stillServes();
  });

  it('stops reading an endless chunked body: 413 or a closed connection, memory bounded', async () => {
    const serverSide: IncomingMessage[] = [];
    const { port, target, stillServes } = await listening({}, (request) => serverSide.push(request));
    const peer = await rawPeer(port);
    peer.socket.write(`POST ${target()} HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n`);
    const chunk = Buffer.concat([Buffer.from('10000\r\n'), Buffer.alloc(0x10000, 0x20), Buffer.from('\r\n')]);
    let written = 0;
    let closed = false;
    void peer.closed.then(() => {
      closed = true;
    });
    // At most 64 MiB: the server must close long before (kernel buffers hold a few MiB at most).
    while (!closed && written < 64 * 1024 * 1024) {
      written += chunk.length;
      if (!peer.socket.write(chunk)) {
        await Promise.race([once(peer.socket, 'drain').catch(() => {}), peer.closed]);
      }
    }
    await peer.closed;
    expect(closed).toBe(true);
    expect(written).toBeLessThan(32 * 1024 * 1024);
    // The server read little more than the limit from the socket: it stopped, it did not drain.
    expect(serverSide).toHaveLength(1);
    expect(serverSide[0]?.socket.bytesRead).toBeLessThan(MAX_BODY + 2 * 1024 * 1024);
    if (peer.received() !== '') expect(statusLine(peer.received())).toBe('HTTP/1.1 413 Payload Too Large');
    expect(orchestrator.requests).toHaveLength(0);
    await stillServes();
  });

  it('survives a peer that aborts in the middle of the body', async () => {
    const { port, target, stillServes } = await listening();
    for (let i = 0; i < 5; i += 1) {
      const peer = await rawPeer(port);
      peer.socket.write(`POST ${target()} HTTP/1.1\r\nhost: x\r\ncontent-length: 1000\r\n\r\n{"status":200,"ta`);
      await new Promise((resolve) => setImmediate(resolve));
      peer.socket.destroy();
      await peer.closed;
    }
    const peer = await rawPeer(port);
    peer.socket.write(`POST ${target()} HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n5\r\n{"sta`);
    peer.socket.resetAndDestroy();
    await peer.closed;
    expect(reported).toEqual([]);
    await stillServes();
  });

  it('survives malformed chunked encoding (400 and closed)', async () => {
    const { port, target, stillServes } = await listening();
    for (const bad of ['zz\r\nhello\r\n', '5\r\nhello-too-long\r\n', '-1\r\n\r\n', 'ffffffffffffffffff\r\n']) {
      const peer = await rawPeer(port);
      peer.socket.write(`POST ${target()} HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n${bad}`);
      await peer.closed;
      const line = statusLine(peer.received());
      expect(line === '' || line === 'HTTP/1.1 400 Bad Request').toBe(true);
    }
    expect(reported).toEqual([]);
    await stillServes();
  });

  it('cuts off a slowloris peer that never finishes its headers', async () => {
    const { port, stillServes } = await listening();
    const peer = await rawPeer(port);
    peer.socket.write('POST /elma/callback HTTP/1.1\r\nhost: x\r\n');
    const drip = setInterval(() => peer.socket.write('x-slow: 1\r\n'), 50);
    await peer.closed;
    clearInterval(drip);
    const line = statusLine(peer.received());
    expect(line === '' || line === 'HTTP/1.1 408 Request Timeout').toBe(true);
    await stillServes();
  });

  it('answers 408 to a body that trickles past the body time limit', async () => {
    const { port, target, stillServes } = await listening();
    const peer = await rawPeer(port);
    peer.socket.write(`POST ${target()} HTTP/1.1\r\nhost: x\r\ncontent-length: 100\r\n\r\n{`);
    const drip = setInterval(() => peer.socket.write(' '), 50);
    await peer.closed;
    clearInterval(drip);
    expect(statusLine(peer.received())).toBe('HTTP/1.1 408 Request Timeout');
    await stillServes();
  });

  it('handleNode alone, in a plain node:http server, survives aborted and malformed bodies too', async () => {
    const receiver = receiverWith();
    const server = createServer(receiver.handleNode);
    servers.push(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const target = () => {
      const url = new URL(receiver.callbackUrl());
      return `${url.pathname}${url.search}`;
    };
    const aborted = await rawPeer(port);
    aborted.socket.write(`POST ${target()} HTTP/1.1\r\nhost: x\r\ncontent-length: 1000\r\n\r\n{"task":`);
    await new Promise((resolve) => setImmediate(resolve));
    aborted.socket.destroy();
    await aborted.closed;
    const malformed = await rawPeer(port);
    malformed.socket.write(`POST ${target()} HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n`);
    await malformed.closed;
    const response = await fetch(`http://127.0.0.1:${port}${target()}`, {
      method: 'POST',
      body: JSON.stringify(task({ id: 955, status: 'DONE' })),
    });
    expect(response.status).toBe(204);
    expect(reported.map((s) => s.state)).toEqual(['succeeded']);
  });

  it('keeps peer text out of log lines: no newline, no ANSI escape, no token, no auth_tkn', async () => {
    const { port, post, target, stillServes } = await listening();
    await post('/elma/%0A[INFO]%20task%20955%20done%1B[31m?token=\u001b[2J', 'x');
    await post(target(), `{"task":{"id":955,"status":"DONE","system":"evil\\n[INFO] ok\\u001b[0m"}}`);
    await fetch(`http://127.0.0.1:${port}${target()}`, { method: 'PROPFIND' });
    await stillServes();
    expect(logLines.length).toBeGreaterThan(3);
    for (const line of logLines) {
      expect(line.message).toMatch(/^elma-rpa callback[ a-zA-Z:,-]*$/);
      for (const value of Object.values(line.meta)) {
        expect(typeof value).toBe('string');
        // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting that none is left.
        expect(value).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
        expect(value).not.toContain(AUTH_TOKEN);
        expect(value).not.toMatch(/[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}/);
      }
    }
    const refusedSystem = logLines.find((line) => line.meta.reason === 'system');
    expect(refusedSystem?.meta.taskId).toBe('955');
  });
});

describe('handleFetch (Request → Response)', () => {
  const request = (receiver: ElmaCallbackReceiver, body: BodyInit | null, init: RequestInit = {}) =>
    new Request(receiver.callbackUrl(), {
      method: 'POST',
      body,
      ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
      ...init,
    } as RequestInit);

  it('confirms and reports a legitimate callback', async () => {
    const receiver = receiverWith();
    const response = await receiver.handleFetch(request(receiver, JSON.stringify(task({ id: 955, status: 'DONE' }))));
    expect(response.status).toBe(204);
    expect(reported.map((s) => [s.id, s.state])).toEqual([['955', 'succeeded']]);
  });

  it('refuses method, path and token as the Node handler does', async () => {
    const receiver = receiverWith();
    const get = await receiver.handleFetch(new Request(receiver.callbackUrl()));
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST']);
    const other = receiver.callbackUrl().replace('/elma/callback', '/elma/other');
    expect((await receiver.handleFetch(new Request(other, { method: 'POST', body: '{}' }))).status).toBe(404);
    const forged = `${PUBLIC_URL}?token=${createCallbackSigner('z'.repeat(32)).create()}`;
    expect((await receiver.handleFetch(new Request(forged, { method: 'POST', body: '{}' }))).status).toBe(403);
    expect(orchestrator.requests).toHaveLength(0);
  });

  it('stops pulling an endless stream past the limit (413)', async () => {
    const receiver = receiverWith();
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1024;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    const response = await receiver.handleFetch(request(receiver, endless));
    expect(response.status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(MAX_BODY + 4 * 1024);
  });

  it('answers 408 when the body does not arrive in time (fake timers)', async () => {
    vi.useFakeTimers();
    const receiver = receiverWith({ bodyTimeoutMs: 10_000 });
    const silent = new ReadableStream<Uint8Array>({ pull: () => new Promise(() => {}) });
    const pending = receiver.handleFetch(request(receiver, silent));
    await vi.advanceTimersByTimeAsync(10_001);
    expect((await pending).status).toBe(408);
  });

  it('answers 400 when the stream errors', async () => {
    const receiver = receiverWith();
    const broken = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"id":'));
        controller.error(new Error('peer went away'));
      },
    });
    expect((await receiver.handleFetch(request(receiver, broken))).status).toBe(400);
  });
});
