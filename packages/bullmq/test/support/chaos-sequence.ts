// Seeded chaos whose first requests get exactly the faults asked for, in order, and the next few
// none: an outage of a known shape (core's `chaosWithFaultsFirst` gives n × 503 only; mixing kinds
// shows which error a wait ends with — the last one).
import { type ChaosKind, type ChaosOptions, createChaos } from '@jobwire/core/simulator';

/**
 * Chaos options whose draws begin with `faults` (in that order) followed by five requests without a
 * fault, found by drawing as the simulator will.
 * @throws RangeError when no seed below 200,000 gives that sequence.
 */
export function chaosWithSequence(faults: readonly ChaosKind[]): ChaosOptions {
  const kinds = [...new Set(faults)];
  for (let seed = 1; seed < 200_000; seed++) {
    const options: ChaosOptions = { seed, rate: 0.5, kinds, retryAfterSeconds: 0 };
    const chaos = createChaos(options);
    const matches = [...faults, ...Array<undefined>(5).fill(undefined)].every((expected) => chaos.draw() === expected);
    if (matches) return options;
  }
  throw new RangeError(`no seed below 200,000 gives ${faults.join(', ')} then five clean requests`);
}
