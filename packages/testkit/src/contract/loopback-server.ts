// A bare HTTP server on 127.0.0.1 and a free port for the cases that need an answer no simulator
// gives (none at all, or an error echoing the request): it sees every connection, so a case can
// tell whether the client closed its sockets.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Settings } from '@jobwire/core/definition';

/** One request as the loopback server got it, body read whole. */
export interface LoopbackRequest {
  /** The request as Node parsed it (method, url, headers). */
  message: IncomingMessage;
  /** The body, as text. */
  body: string;
}

/** A running loopback server. */
export interface LoopbackServer {
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** Requests it got so far. */
  readonly requestCount: number;
  /** Connections open now. */
  readonly openConnections: number;
  /** Resolves once no connection is open (at once when none is). */
  allClosed(): Promise<void>;
  /** Closes every connection and the server, freeing the port. */
  close(): Promise<void>;
}

/** Starts a loopback server; `answer` gets each request with its body and answers it (or never does). */
export async function startLoopbackServer(
  answer: (request: LoopbackRequest, response: ServerResponse) => void,
): Promise<LoopbackServer> {
  const sockets = new Set<Socket>();
  let closedWaiters: Array<() => void> = [];
  let requestCount = 0;
  const server = createServer((message, response) => {
    requestCount++;
    const chunks: Buffer[] = [];
    message.on('data', (chunk: Buffer) => chunks.push(chunk));
    message.on('end', () => answer({ message, body: Buffer.concat(chunks).toString('utf8') }, response));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      if (sockets.size === 0) {
        for (const resolve of closedWaiters) resolve();
        closedWaiters = [];
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    get requestCount() {
      return requestCount;
    },
    get openConnections() {
      return sockets.size;
    },
    allClosed: () => (sockets.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => closedWaiters.push(resolve))),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** The settings with their `url` moved to `origin` (path and query kept). */
export function settingsOn(settings: Settings, origin: string): Settings {
  const url = settings.url;
  if (typeof url !== 'string' || url === '') throw new RangeError('the simulator settings have no url to move');
  return { ...settings, url: `${origin}${url.slice(new URL(url).origin.length)}` };
}
