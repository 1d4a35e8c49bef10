import { seededRandom } from './random.js';

/** Faults a simulator can inject, for reliability tests. */
export interface ChaosOptions {
  /** Seed of the fault sequence: the same seed gives the same faults for the same requests. */
  seed: number;
  /** Fraction of requests that get a fault (0..1). */
  rate: number;
  /** Which faults (default all): 503 with Retry-After, dropped connection, slow response, truncated body. */
  kinds?: ReadonlyArray<ChaosKind>;
  /** Delay of a slow response (default 2000 ms: above a short client timeout). */
  slowMs?: number;
  /** Retry-After seconds sent with a 503 (default 1). */
  retryAfterSeconds?: number;
}

/** One injected fault: 503 with Retry-After, a dropped connection, a slow answer, a body cut in half. */
export type ChaosKind = 'unavailable' | 'drop' | 'slow' | 'truncate';

/** The seeded fault draw every simulator listener shares: switched per test, one draw per request. */
export interface Chaos {
  /** Turns chaos on (or off with `undefined`) from the next draw on; the sequence restarts from its seed. */
  set(options: ChaosOptions | undefined): void;
  /** The fault for the next request, or undefined for none. */
  draw(): ChaosKind | undefined;
  /** The options in force (for `slowMs` and `retryAfterSeconds`). */
  readonly options: ChaosOptions | undefined;
}

/** A seeded fault draw: the same seed gives the same faults for the same requests. */
export function createChaos(initial?: ChaosOptions): Chaos {
  let options: ChaosOptions | undefined;
  let random: (() => number) | undefined;
  let kinds: readonly ChaosKind[] = [];
  const set = (next: ChaosOptions | undefined) => {
    options = next;
    random = next ? seededRandom(next.seed) : undefined;
    kinds = next?.kinds ?? ['unavailable', 'drop', 'slow', 'truncate'];
  };
  set(initial);
  return {
    set,
    draw: () => (random && random() < (options?.rate ?? 0) ? kinds[Math.floor(random() * kinds.length)] : undefined),
    get options() {
      return options;
    },
  };
}

/**
 * Chaos options whose seed makes the first `faults` requests fail with 503 and the next few pass:
 * a call retried exactly `faults` times that then succeeds (found by drawing as a simulator will).
 * For tests and benchmarks of retries against a simulator.
 */
export function chaosWithFaultsFirst(faults: number): ChaosOptions {
  for (let seed = 1; seed < 10_000; seed++) {
    const options: ChaosOptions = { seed, rate: 0.5, kinds: ['unavailable'], retryAfterSeconds: 0 };
    const chaos = createChaos(options);
    const draws = Array.from({ length: faults + 5 }, () => chaos.draw());
    if (draws.every((draw, i) => (i < faults ? draw === 'unavailable' : draw === undefined))) return options;
  }
  throw new RangeError(`no seed below 10,000 gives ${faults} faults first`);
}
