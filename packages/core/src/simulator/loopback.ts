import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A server listening on 127.0.0.1: its port, the timers to clear on close, and `close`. */
export interface LoopbackServer {
  /** The port it listens on. */
  readonly port: number;
  /** Timers of delayed answers (chaos `slow`): cleared on close. */
  readonly timers: Set<NodeJS.Timeout>;
  /** Stops listening, destroys open connections and pending timers; resolves when closed. */
  close(): Promise<void>;
}

/**
 * Serves `listener` on 127.0.0.1 and `port` (default a free one): what every simulator listens with.
 * Open sockets are tracked and destroyed on close, and `timers` (the listener's delayed answers)
 * cleared, so tests end promptly.
 */
export async function listenOnLoopback(
  listener: RequestListener,
  options: { port?: number | undefined; timers?: Set<NodeJS.Timeout> } = {},
): Promise<LoopbackServer> {
  const sockets = new Set<Socket>();
  const timers = options.timers ?? new Set<NodeJS.Timeout>();
  const server: Server = createServer(listener);
  // Node closes idle keep-alive sockets after 5 s, racing clients that reuse them ("other side
  // closed" under load, seen in bench/): keep them longer; close() destroys them anyway.
  server.keepAliveTimeout = 60_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    timers,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
