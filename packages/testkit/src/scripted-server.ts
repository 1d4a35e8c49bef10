import { inspect } from 'node:util';

/** A request a `ScriptedServer` received. */
export interface ScriptedRequest {
  /** The HTTP method, e.g. `POST`. */
  method: string;
  /** The full URL as sent. */
  url: URL;
  /** The route path (by default the URL's path, still percent-encoded as sent). */
  path: string;
  /** The request headers, credentials included (tests assert on them; never log them). */
  headers: Headers;
  /** The body as text ('' when none). */
  body: string;
  /** The body parsed as a JSON object, or `{}` when it is not one. */
  json: Record<string, unknown>;
  /** The request's signal: aborted when the client gives up (see `replyNever`). */
  signal: AbortSignal;
  /** `Date.now()` when the request arrived (fake time under fake timers). */
  at: number;
}

/** How a route answers one request. */
export type ScriptedReply = (request: ScriptedRequest) => Response | Promise<Response>;

/** Answers JSON. */
export const replyJson =
  (body: unknown, status = 200, headers: Record<string, string> = {}): ScriptedReply =>
  () =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });

/** Answers text (of any content type). */
export const replyText =
  (body: string, status = 200, contentType = 'text/plain', headers: Record<string, string> = {}): ScriptedReply =>
  () =>
    new Response(body, { status, headers: { 'content-type': contentType, ...headers } });

/** Never answers; rejects with the signal's reason when the request is aborted, as fetch does. */
export const replyNever: ScriptedReply = (request) =>
  new Promise<Response>((_, reject) => {
    if (request.signal.aborted) reject(request.signal.reason);
    request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true });
  });

function parseObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

interface Route {
  method: string;
  path: string;
  replies: ScriptedReply[];
  served: number;
}

/**
 * A scripted, in-memory server for unit tests: `server.fetch` (inject it as the client's `fetch`)
 * records every request and answers from the routes the test declares. No msw, no sockets.
 */
export class ScriptedServer {
  /** Every request received, in order. */
  readonly requests: ScriptedRequest[] = [];
  private readonly routes: Route[] = [];

  /** `pathOf` maps a URL to its route path, e.g. dropping a base path such as `/webapi`. */
  constructor(private readonly pathOf: (url: URL) => string = (url) => url.pathname) {}

  /**
   * Declares the answers for `method path`. Replies are used in order; the last one keeps
   * answering. A later `on` for the same route replaces it.
   */
  on(method: string, path: string, ...replies: ScriptedReply[]): this {
    const index = this.routes.findIndex((route) => route.method === method && route.path === path);
    if (index >= 0) this.routes.splice(index, 1);
    this.routes.push({ method, path, replies, served: 0 });
    return this;
  }

  /** The fetch to inject into the client. Unknown routes make the test fail loudly. */
  readonly fetch = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const body = request.body ? await request.clone().text() : '';
    const recorded: ScriptedRequest = {
      method: request.method,
      url,
      path: this.pathOf(url),
      headers: new Headers(request.headers),
      body,
      json: parseObject(body),
      signal: request.signal,
      at: Date.now(),
    };
    this.requests.push(recorded);
    const route = this.routes.find((r) => r.method === recorded.method && r.path === recorded.path);
    if (!route) throw new Error(`scripted server: no route for ${recorded.method} ${recorded.url.href}`);
    const reply = route.replies[Math.min(route.served, route.replies.length - 1)];
    route.served += 1;
    if (!reply) throw new Error(`scripted server: no reply for ${recorded.method} ${recorded.path}`);
    return reply(recorded);
  };

  /** Requests to one route, in order. */
  to(method: string, path: string): ScriptedRequest[] {
    return this.requests.filter((r) => r.method === method && r.path === path);
  }
}

/** The error a promise rejects with; throws when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject, but it resolved');
}

/** The error `promise` rejects with, checked to be an `ErrorClass` and typed as one. */
export async function rejectsWith<T>(promise: Promise<unknown>, ErrorClass: abstract new (...args: never[]) => T): Promise<T> {
  const error = await rejection(promise);
  if (!(error instanceof ErrorClass)) throw new Error(`expected a ${ErrorClass.name}, got ${inspect(error)}`);
  return error;
}
