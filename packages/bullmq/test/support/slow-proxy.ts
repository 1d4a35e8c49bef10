// A loopback HTTP proxy in front of a simulator that holds every answer back for `delayMs`, so a
// test can kill a worker while its polls are in flight, and can prove they were: it counts the
// requests it received and the answers it sent (a request whose client died is never answered).
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from '@jobwire/core/simulator';

/** A running slow proxy. */
export interface SlowProxy {
  /** `http://127.0.0.1:<port>` followed by the target's path: the URL to give the client instead of the target's. */
  readonly url: string;
  /** How long each answer is held back (ms); change it at any time, it applies to answers not yet held. */
  delayMs: number;
  /** Requests received so far. */
  readonly received: number;
  /** Answers sent so far. */
  readonly answered: number;
  /** Requests received and not answered (yet, or ever: their client went away). */
  readonly inFlight: number;
  /** Requests whose client closed the connection before the answer came. */
  readonly abandoned: number;
  /** Stops it (open connections and held answers are dropped). */
  close(): Promise<void>;
}

/** Starts a proxy on 127.0.0.1 and a free port that forwards to `target` (a loopback URL) and delays every answer. */
export async function startSlowProxy(target: string, delayMs: number): Promise<SlowProxy> {
  const base = new URL(target);
  let received = 0;
  let answered = 0;
  let abandoned = 0;
  const proxy = {
    delayMs,
    get received() {
      return received;
    },
    get answered() {
      return answered;
    },
    get inFlight() {
      return received - answered;
    },
    get abandoned() {
      return abandoned;
    },
  };
  const forward = (incoming: IncomingMessage, response: ServerResponse) => {
    received++;
    let done = false;
    response.on('close', () => {
      if (!done) abandoned++;
    });
    const outgoing = httpRequest(
      {
        host: base.hostname,
        port: base.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, host: base.host },
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const timer = setTimeout(() => {
            server.timers.delete(timer);
            if (response.destroyed) return;
            done = true;
            answered++;
            response.writeHead(answer.statusCode ?? 502, answer.headers);
            response.end(Buffer.concat(chunks));
          }, proxy.delayMs);
          server.timers.add(timer);
        });
      },
    );
    outgoing.on('error', () => {
      if (response.destroyed) return;
      done = true;
      answered++;
      response.writeHead(502).end();
    });
    incoming.pipe(outgoing);
  };
  const server = await listenOnLoopback(forward);
  const url = `http://127.0.0.1:${server.port}${base.pathname === '/' ? '' : base.pathname.replace(/\/+$/, '')}`;
  return Object.assign(proxy, {
    url,
    close: () => server.close(),
  });
}
