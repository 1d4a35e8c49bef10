/**
 * A scripted, in-memory Alteryx Server for unit tests: a `fetch` that records every request and
 * answers from routes the test declares. No msw, no sockets.
 */
import { inspect } from 'node:util';
import { type AlteryxServerClientOptions, createAlteryxServerClient } from '../src/index.js';

export const BASE_URL = 'http://alteryx.test/webapi';
export const CLIENT_ID = 'jobwire-client-id';
export const CLIENT_SECRET = 'sekr1t-CLIENT-secret';
/** The first token the fake server issues; later ones are `tok-2`, `tok-3`, … */
export const TOKEN = 'tok-VERY-secret-123';
/** What goes after `Basic ` in the token request. */
export const BASIC = Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`, 'utf8').toString('base64');

export interface RecordedRequest {
  method: string;
  url: URL;
  /** The path below the base URL, still percent-encoded: `/v3/jobs/abc`. */
  path: string;
  headers: Headers;
  body: string;
  signal: AbortSignal;
  /** `Date.now()` when the request arrived (fake time under fake timers). */
  at: number;
}

export type Reply = (request: RecordedRequest) => Response | Promise<Response>;

export const json =
  (body: unknown, status = 200, headers: Record<string, string> = {}): Reply =>
  () =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });

export const text =
  (body: string, status = 200, contentType = 'text/plain', headers: Record<string, string> = {}): Reply =>
  () =>
    new Response(body, { status, headers: { 'content-type': contentType, ...headers } });

/** Never answers; rejects with the signal's reason when the request is aborted, as fetch does. */
export const hang: Reply = (request) =>
  new Promise<Response>((_, reject) => {
    if (request.signal.aborted) reject(request.signal.reason);
    request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true });
  });

/** A token response as Alteryx sends it. */
export const tokenReply = (accessToken: string, expiresIn = 3600): Reply =>
  json({ access_token: accessToken, expires_in: expiresIn, token_type: 'bearer' });

interface Route {
  method: string;
  path: string;
  replies: Reply[];
  served: number;
}

export class FakeServer {
  readonly requests: RecordedRequest[] = [];
  private readonly routes: Route[] = [];
  private tokensIssued = 0;

  constructor() {
    // By default the token endpoint issues TOKEN, then tok-2, tok-3, …, each valid for an hour.
    this.on('POST', '/oauth2/token', (request) => {
      this.tokensIssued += 1;
      return tokenReply(this.tokensIssued === 1 ? TOKEN : `tok-${this.tokensIssued}`)(request);
    });
  }

  /**
   * Declares the answers for `method path` (path below the base URL, percent-encoded as sent).
   * Replies are used in order; the last one keeps answering. A later `on` for the same route replaces it.
   */
  on(method: string, path: string, ...replies: Reply[]): this {
    const index = this.routes.findIndex((route) => route.method === method && route.path === path);
    if (index >= 0) this.routes.splice(index, 1);
    this.routes.push({ method, path, replies, served: 0 });
    return this;
  }

  /** The fetch to inject into the client. Unknown routes make the test fail loudly. */
  readonly fetch = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const recorded: RecordedRequest = {
      method: request.method,
      url,
      path: url.pathname.startsWith('/webapi/') ? url.pathname.slice('/webapi'.length) : url.pathname,
      headers: new Headers(request.headers),
      body: request.body ? await request.clone().text() : '',
      signal: request.signal,
      at: Date.now(),
    };
    this.requests.push(recorded);
    const route = this.routes.find((r) => r.method === recorded.method && r.path === recorded.path);
    if (!route) throw new Error(`fake server: no route for ${recorded.method} ${recorded.url.href}`);
    const reply = route.replies[Math.min(route.served, route.replies.length - 1)];
    route.served += 1;
    if (!reply) throw new Error(`fake server: no reply for ${recorded.method} ${recorded.path}`);
    return reply(recorded);
  };

  /** Requests to one route, in order. */
  to(method: string, path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && r.path === path);
  }

  /** Requests to the token endpoint. */
  get tokenRequests(): RecordedRequest[] {
    return this.to('POST', '/oauth2/token');
  }

  /** Requests other than token requests. */
  get apiRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path !== '/oauth2/token');
  }
}

/** A client with OAuth2 client credentials over `server`; read retries off unless asked for. */
export function clientFor(server: FakeServer, options: AlteryxServerClientOptions = {}) {
  return createAlteryxServerClient(
    { baseUrl: BASE_URL, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
    { fetch: server.fetch, retry: false, ...options },
  );
}

/** The error a promise rejects with; fails the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject, but it resolved');
}

/** Asserts that `promise` rejects with an instance of `ErrorClass`, and returns the error typed. */
export async function rejectsWith<T>(promise: Promise<unknown>, ErrorClass: abstract new (...args: never[]) => T): Promise<T> {
  const error = await rejection(promise);
  if (!(error instanceof ErrorClass)) {
    throw new Error(`expected a ${ErrorClass.name}, got ${inspect(error)}`);
  }
  return error;
}

/** A job as GET /v3/jobs/{jobId} returns it. */
export function jobView(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: '66ebd18d3d6200007e000d8c',
    appId: '66e1f0a23d6200007e000aa1',
    createDateTime: '2024-09-19T10:02:54.589Z',
    status: 'Running',
    disposition: 'None',
    outputs: [],
    messages: [],
    priority: 'Default',
    workerTag: '',
    runWithE2: true,
    ...overrides,
  };
}
