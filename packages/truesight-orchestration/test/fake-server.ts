/**
 * A scripted, in-memory TrueSight server for unit tests: a `fetch` that records every request and
 * answers from routes the test declares. No msw, no sockets.
 */
import { inspect } from 'node:util';
import { createTrueSightClient, type TrueSightClientOptions } from '../src/index.js';

export const BASE_URL = 'http://tso.test:38080';
export const ROOT = `${BASE_URL}/baocdp/rest`;
export const USERNAME = 'jobwire-user';
export const PASSWORD = 'sekr1t-PASS-word';
/** The first token the fake server issues; later ones are `tok-2`, `tok-3`, … */
export const TOKEN = 'tok-VERY-secret-123';

export interface RecordedRequest {
  method: string;
  url: URL;
  /** The path below the REST root, still percent-encoded: `/job/abc/status`. */
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
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json;charset=UTF-8', ...headers } });

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

/** A login answer as TrueSight sends it: the token in the header, `{"login":"true"}` in the body. */
export const loginReply = (token: string): Reply => json({ login: 'true' }, 200, { 'Authentication-Token': token });

interface Route {
  method: string;
  path: string;
  replies: Reply[];
  served: number;
}

export class FakeServer {
  readonly requests: RecordedRequest[] = [];
  private readonly routes: Route[] = [];
  private logins = 0;

  constructor() {
    // By default login issues TOKEN, then tok-2, tok-3, …
    this.on('POST', '/login', (request) => {
      this.logins += 1;
      return loginReply(this.logins === 1 ? TOKEN : `tok-${this.logins}`)(request);
    });
  }

  /**
   * Declares the answers for `method path` (path below the REST root, percent-encoded as sent).
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
      path: url.pathname.replace(/^\/(baocdp|baoap)\/rest/, ''),
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

  to(method: string, path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && r.path === path);
  }

  get loginRequests(): RecordedRequest[] {
    return this.to('POST', '/login');
  }

  /** Requests other than logins. */
  get apiRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path !== '/login');
  }
}

/** A client with user credentials over `server`; read retries off unless asked for. */
export function clientFor(server: FakeServer, options: TrueSightClientOptions = {}) {
  return createTrueSightClient(
    { baseUrl: BASE_URL, username: USERNAME, password: PASSWORD },
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

/** A job status as GET /job/{jobId}/status returns it. */
export function jobStatus(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    processName: ':Jobwire:Tests:Run',
    name: 'Run',
    peerId: 'urn:jxta:uuid-0000',
    startTime: 'Mon Apr 06 13:39:45 UTC 2015',
    status: 'Assigned',
    outputParameters: [],
    ...overrides,
  };
}
