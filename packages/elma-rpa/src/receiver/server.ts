import { createServer, type Server } from 'node:http';
import type { ElmaCallbackReceiver } from './receiver.js';

/** Connection limits of `createElmaCallbackServer`. */
export interface ElmaCallbackServerOptions {
  /** Time to receive a request's headers, in ms (default 10 000): a slowloris peer is cut off. */
  headersTimeoutMs?: number;
  /** Time to receive a whole request, in ms (default 30 000). */
  requestTimeoutMs?: number;
  /** How long an idle keep-alive connection stays open, in ms (default 5 000). */
  keepAliveTimeoutMs?: number;
  /** How often the time limits above are checked, in ms (default 1 000). */
  checkIntervalMs?: number;
  /** Largest request head, in bytes (default 16 KiB). */
  maxHeaderBytes?: number;
  /** Connections open at once (default 1 000); more are refused. */
  maxConnections?: number;
}

/**
 * A `node:http` server that serves only `receiver`, with time limits on headers and whole
 * requests, a header size limit and a connection cap. Call `listen` yourself; put TLS in front
 * (a proxy) or use `receiver.handleNode` with your own `https.createServer`.
 */
export function createElmaCallbackServer(receiver: ElmaCallbackReceiver, options: ElmaCallbackServerOptions = {}): Server {
  const headersTimeout = options.headersTimeoutMs ?? 10_000;
  const server = createServer(
    {
      headersTimeout,
      requestTimeout: Math.max(options.requestTimeoutMs ?? 30_000, headersTimeout),
      keepAliveTimeout: options.keepAliveTimeoutMs ?? 5_000,
      connectionsCheckingInterval: options.checkIntervalMs ?? 1_000,
      maxHeaderSize: options.maxHeaderBytes ?? 16 * 1024,
    },
    receiver.handleNode,
  );
  server.maxConnections = options.maxConnections ?? 1_000;
  // A request the parser refuses (bad chunk, huge head, timeout) ends its connection, never the process.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
    if (socket.writable && !(socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent) {
      socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
    }
    socket.destroy();
  });
  return server;
}
