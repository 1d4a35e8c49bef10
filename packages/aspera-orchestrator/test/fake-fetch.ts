/**
 * A scripted in-memory Orchestrator for unit tests: a `fetch` that records every request and
 * answers with the replies the test queues per route (`METHOD /path` below the base URL). No msw,
 * no sockets.
 */
import { type AsperaAuth, type AsperaOrchestratorClientOptions, createAsperaOrchestratorClient } from '../src/index.js';

export const BASE_URL = 'http://ao.test/aspera/orchestrator';

export interface Recorded {
  method: string;
  url: string;
  /** Path below the base URL, still encoded, without the query. */
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: string;
}

export type Reply = (request: Recorded, signal: AbortSignal) => Response | Promise<Response>;

export const reply =
  (body: string, status = 200, contentType = 'text/plain', headers: Record<string, string> = {}): Reply =>
  () =>
    new Response(body, { status, headers: { 'content-type': contentType, ...headers } });
export const jsonReply = (body: unknown, status = 200): Reply => reply(JSON.stringify(body), status, 'application/json');
export const xmlReply = (body: string, status = 200): Reply => reply(body, status, 'application/xml');
/** Never answers; rejects with the signal's reason on abort, as fetch does. */
export const hang: Reply = (_request, signal) =>
  new Promise<Response>((_, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });

export class FakeOrchestrator {
  readonly requests: Recorded[] = [];
  private readonly routes = new Map<string, Reply[]>();

  /** Queues replies for a route; the last one repeats. */
  on(route: string, ...replies: Reply[]): this {
    this.routes.set(route, replies);
    return this;
  }

  readonly fetch = async (request: Request): Promise<Response> => {
    // As fetch does: an aborted signal rejects before anything is sent.
    if (request.signal.aborted) throw request.signal.reason;
    const url = new URL(request.url);
    const recorded: Recorded = {
      method: request.method,
      url: request.url,
      path: url.pathname.slice(new URL(BASE_URL).pathname.length),
      query: url.searchParams,
      headers: new Headers(request.headers),
      body: request.body ? await request.text() : '',
    };
    this.requests.push(recorded);
    const replies = this.routes.get(`${recorded.method} ${recorded.path}`);
    if (!replies || replies.length === 0) return new Response(`no route ${recorded.method} ${recorded.path}`, { status: 599 });
    const next = replies.length > 1 ? (replies.shift() as Reply) : (replies[0] as Reply);
    return next(recorded, request.signal);
  };
}

export function clientFor(
  server: FakeOrchestrator,
  auth: AsperaAuth = { username: 'admin', password: 'pw' },
  options: Partial<AsperaOrchestratorClientOptions> = {},
) {
  return createAsperaOrchestratorClient({ baseUrl: BASE_URL, auth }, { fetch: server.fetch, retry: false, ...options });
}

export const workOrderJson = (status: string, content = '', id = 8461) => ({
  work_order: { id, name: 'wf', workflow_id: 256, status: { state: status, content }, work_steps: [] },
});

export const stepStatusJson = (status: string, statusDetails: string | null = null, outputs: unknown[] = []) => ({
  inputs: [],
  carry_thrus: [],
  work_step: { id: 46756, workOrder_id: 8461, status, statusDetails, workStepName: 'Create faspex package' },
  outputs,
});
