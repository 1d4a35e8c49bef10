/**
 * A scripted, in-memory ELMA Orchestrator for unit tests: a `fetch` that records every request
 * and answers from replies the test declares per path. No msw, no sockets.
 */
import { inspect } from 'node:util';
import { createElmaRpaClient, type ElmaRpaClientOptions } from '../src/index.js';

export const BASE_URL = 'http://elma.test:48080';
export const AUTH_TOKEN = '9f1c2d3e-4b5a-4c6d-8e7f-a0b1c2d3e4f5';

export interface RecordedRequest {
  method: string;
  url: URL;
  path: string;
  headers: Headers;
  /** The parsed JSON body. */
  body: Record<string, unknown>;
  signal: AbortSignal;
}

export type Reply = (request: RecordedRequest) => Response | Promise<Response>;

export const json =
  (body: unknown, status = 200, headers: Record<string, string> = {}): Reply =>
  () =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });

export const text =
  (body: string, status = 200, contentType = 'text/plain'): Reply =>
  () =>
    new Response(body, { status, headers: { 'content-type': contentType } });

/** Never answers; rejects with the signal's reason when the request is aborted, as fetch does. */
export const hang: Reply = (request) =>
  new Promise<Response>((_, reject) => {
    if (request.signal.aborted) reject(request.signal.reason);
    request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true });
  });

export class FakeServer {
  readonly requests: RecordedRequest[] = [];
  private readonly routes = new Map<string, { replies: Reply[]; served: number }>();

  /** Replies for POST `path`, used in order; the last one keeps answering. */
  on(path: string, ...replies: Reply[]): this {
    this.routes.set(path, { replies, served: 0 });
    return this;
  }

  readonly fetch = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const raw = request.body ? await request.clone().text() : '';
    const recorded: RecordedRequest = {
      method: request.method,
      url,
      path: url.pathname,
      headers: new Headers(request.headers),
      body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {},
      signal: request.signal,
    };
    this.requests.push(recorded);
    const route = this.routes.get(recorded.path);
    if (!route) throw new Error(`fake server: no route for ${recorded.method} ${recorded.url.href}`);
    const reply = route.replies[Math.min(route.served, route.replies.length - 1)];
    route.served += 1;
    if (!reply) throw new Error(`fake server: no reply for ${recorded.path}`);
    return reply(recorded);
  };
}

export function clientFor(server: FakeServer, options: ElmaRpaClientOptions = {}, cancelPath?: string) {
  return createElmaRpaClient(
    { baseUrl: BASE_URL, authToken: AUTH_TOKEN, ...(cancelPath ? { cancelPath } : {}) },
    { fetch: server.fetch, retry: false, ...options },
  );
}

/** Asserts that `promise` rejects with an instance of `ErrorClass`, and returns the error typed. */
export async function rejectsWith<T>(promise: Promise<unknown>, ErrorClass: abstract new (...args: never[]) => T): Promise<T> {
  let error: unknown;
  try {
    await promise;
  } catch (caught) {
    error = caught;
  }
  if (!(error instanceof ErrorClass)) throw new Error(`expected a ${ErrorClass.name}, got ${inspect(error)}`);
  return error;
}

/** A task as the status endpoint returns it. */
export function task(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 955,
    process: 'c39f99de-cb8f-4661-a206-b282a4830cbf',
    system: AUTH_TOKEN,
    priority: 'MEDIUM',
    status: 'EXECUTING',
    metrics: { startTime: '2020-06-29T14:08:23Z', endTime: '0001-01-01T00:00:00Z' },
    created: '2020-06-29T10:29:52Z',
    updated: '2020-06-29T14:08:23Z',
    ...overrides,
  };
}

export const envelope = (t: Record<string, unknown>, status = 200) => json({ status, task: t });
