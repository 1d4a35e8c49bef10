import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ChaosOptions, createChaos } from './chaos.js';
import { listenOnLoopback } from './loopback.js';

export type { ChaosOptions } from './chaos.js';

/** A request as a simulator route sees it: decoded path parameters and the whole body as text. */
export interface SimRequest {
  /** The HTTP method. */
  method: string;
  /** The request URL (host 127.0.0.1). */
  url: URL;
  /** Path segments after the simulator's base path, decoded. */
  params: Record<string, string>;
  /** The request headers, as Node gives them. */
  headers: IncomingMessage['headers'];
  /** The request body, read whole as UTF-8. */
  body: string;
}

/** A simulator route's answer. */
export interface SimResponse {
  /** The HTTP status. */
  status: number;
  /** Response headers (Content-Length is set for you). */
  headers?: Record<string, string>;
  /** The body. */
  body?: string | Uint8Array;
}

export type SimHandler = (request: SimRequest) => SimResponse | Promise<SimResponse>;

/** One route of a simulator: method, path pattern and handler. */
export interface Route {
  /** The HTTP method it answers. */
  method: string;
  /** `/v3/jobs/:jobId` style; `:name` matches one segment. */
  path: string;
  /** Answers the request. */
  handler: SimHandler;
}

/** A running simulator server: its URL, chaos switch, counters and `close`. */
export interface RunningServer {
  /** The base URL (origin and base path). */
  url: string;
  /**
   * Turns seeded chaos on (or off with `undefined`) from the next request on: a test can set up its
   * jobs cleanly, then watch them through faults.
   */
  setChaos(chaos: ChaosOptions | undefined): void;
  /** Requests received, faults included. */
  readonly requestCount: number;
  /** How many of them got an injected fault. */
  readonly faultCount: number;
  /** Stops it, destroys open connections; resolves when closed. */
  close(): Promise<void>;
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): SimResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(body) };
}

export function xml(body: string, status = 200, contentType = 'application/xml; charset=utf-8'): SimResponse {
  return { status, headers: { 'content-type': contentType }, body };
}

function compile(path: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = path
    .split('/')
    .map((segment) => {
      if (segment.startsWith(':')) {
        names.push(segment.slice(1));
        return '([^/]+)';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { pattern: new RegExp(`^${source}$`), names };
}

async function readBody(request: IncomingMessage, limit = 10 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A small HTTP server on 127.0.0.1 and a free port, routing to simulator handlers, with optional
 * seeded chaos. Requests with an `Origin` get permissive CORS headers (any origin, no credentials),
 * so browser tests can use it. Open sockets are destroyed on close so tests end promptly.
 */
export async function startHttpServer(options: {
  basePath: string;
  routes: Route[];
  chaos?: ChaosOptions | undefined;
  port?: number | undefined;
  notFound?: (request: SimRequest) => SimResponse;
}): Promise<RunningServer> {
  const base = options.basePath.replace(/\/+$/, '');
  const compiled = options.routes.map((route) => ({ ...route, ...compile(route.path) }));
  const chaos = createChaos(options.chaos);
  const timers = new Set<NodeJS.Timeout>();
  let requestCount = 0;
  let faultCount = 0;

  const send = (res: ServerResponse, response: SimResponse) => {
    const body = response.body ?? '';
    res.writeHead(response.status, { ...response.headers, 'content-length': String(Buffer.byteLength(body)) });
    res.end(body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    // CORS, so a page in a browser (on another loopback port) can call the simulator: any origin,
    // no cookies. Preflights are answered here and are neither counted nor subject to chaos.
    const origin = req.headers.origin;
    if (origin !== undefined) {
      res.setHeader('access-control-allow-origin', '*');
      res.setHeader('access-control-expose-headers', '*');
      if (req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) {
        res.writeHead(204, {
          'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
          // Echoed rather than `*`: the wildcard does not cover Authorization.
          'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
          'access-control-max-age': '600',
          'content-length': '0',
        });
        res.end();
        return;
      }
    }
    requestCount++;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const fault = chaos.draw();
    if (fault === 'drop') {
      faultCount++;
      req.socket.destroy();
      return;
    }
    if (fault === 'unavailable') {
      faultCount++;
      send(
        res,
        json({ message: 'Service Unavailable (simulated)' }, 503, {
          'retry-after': String(chaos.options?.retryAfterSeconds ?? 1),
        }),
      );
      return;
    }
    let response: SimResponse;
    const request: SimRequest = { method: req.method ?? 'GET', url, params: {}, headers: req.headers, body: '' };
    try {
      request.body = await readBody(req);
      const path = url.pathname.startsWith(base) ? url.pathname.slice(base.length) : undefined;
      const route = path === undefined ? undefined : compiled.find((r) => r.method === request.method && r.pattern.test(path));
      if (route && path !== undefined) {
        const match = route.pattern.exec(path);
        route.names.forEach((name, i) => {
          request.params[name] = decodeURIComponent(match?.[i + 1] ?? '');
        });
        response = await route.handler(request);
      } else {
        response = options.notFound?.(request) ?? json({ message: `No route for ${request.method} ${url.pathname}` }, 404);
      }
    } catch (error) {
      response = json({ message: `Simulator error: ${error instanceof Error ? error.message : String(error)}` }, 500);
    }
    if (fault === 'slow') {
      faultCount++;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve();
        }, chaos.options?.slowMs ?? 2000);
        timers.add(timer);
      });
      if (res.destroyed) return;
    }
    if (fault === 'truncate') {
      faultCount++;
      const body = Buffer.from(response.body ?? '');
      res.writeHead(response.status, { ...response.headers, 'content-length': String(body.length) });
      res.write(body.subarray(0, Math.floor(body.length / 2)));
      res.destroy();
      return;
    }
    send(res, response);
  };

  const server = await listenOnLoopback(
    (req, res) => {
      void handle(req, res);
    },
    { port: options.port, timers },
  );

  return {
    url: `http://127.0.0.1:${server.port}${base}`,
    setChaos: chaos.set,
    get requestCount() {
      return requestCount;
    },
    get faultCount() {
      return faultCount;
    },
    close: server.close,
  };
}
