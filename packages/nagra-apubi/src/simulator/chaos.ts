import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ChaosOptions, createChaos, listenOnLoopback } from '@jobwire/core/simulator';

/*
 * The simulator's listener: a node:http server on 127.0.0.1 that hands every request to the server
 * kit's `handle` (the kit's own way to be mounted), with the seeded chaos of core's
 * `startHttpServer` around it. Core's server cannot carry the kit: it reads the body itself and
 * wants a string answer, while the kit reads the body bounded, in its declared charset. The faults
 * and their draws are core's: the same seed gives the same faults for the same requests.
 */

/** A running listener: its URL, chaos switch and counters, and `close`. */
export interface ChaosListener {
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** Turns seeded chaos on (or off with `undefined`) from the next request on. */
  setChaos(chaos: ChaosOptions | undefined): void;
  /** Requests received, faults included. */
  readonly requestCount: number;
  /** How many of them got a fault. */
  readonly faultCount: number;
  /** Stops listening, destroys open connections and pending slow answers. */
  close(): Promise<void>;
}

type Handle = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

/** Listens on 127.0.0.1 (`port`, default a free one) and serves `handle`, with chaos when asked. */
export async function listenWithChaos(
  handle: Handle,
  options: { chaos?: ChaosOptions | undefined; port?: number | undefined },
): Promise<ChaosListener> {
  const chaos = createChaos(options.chaos);
  const timers = new Set<NodeJS.Timeout>();
  let requestCount = 0;
  let faultCount = 0;

  const serve = (request: IncomingMessage, response: ServerResponse): void => {
    requestCount++;
    const fault = chaos.draw();
    if (fault !== undefined) faultCount++;
    if (fault === 'drop') {
      request.socket.destroy();
      return;
    }
    if (fault === 'unavailable') {
      // What a proxy in front of the publisher answers: no SOAP fault (a fault is not retried).
      const body = 'Service Unavailable (simulated)';
      response.writeHead(503, {
        'content-type': 'text/plain; charset=utf-8',
        'content-length': String(Buffer.byteLength(body)),
        'retry-after': String(chaos.options?.retryAfterSeconds ?? 1),
      });
      response.end(body);
      return;
    }
    if (fault === 'slow' || fault === 'truncate') {
      // The kit answers as always (writeHead, then one `end` with the whole body; Node sends the
      // head with the first bytes): the answer is held back or cut at that `end`.
      const end = response.end.bind(response) as (body?: string | Buffer) => ServerResponse;
      const faulty = (body?: string | Buffer) => {
        if (fault === 'truncate') {
          const bytes = Buffer.from(body ?? '');
          response.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
          response.destroy();
          return response;
        }
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!response.destroyed) end(body);
        }, chaos.options?.slowMs ?? 2000);
        timers.add(timer);
        return response;
      };
      response.end = faulty as ServerResponse['end'];
    }
    void handle(request, response);
  };

  const server = await listenOnLoopback(serve, { port: options.port, timers });

  return {
    origin: `http://127.0.0.1:${server.port}`,
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
