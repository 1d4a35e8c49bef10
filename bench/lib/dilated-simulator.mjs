// What the simulator child processes of bench/waiters.mjs and bench/bullmq.mjs share: one vendor
// simulator (from the vendor's built definition) on a dilated clock, with `jobs` jobs started through
// the vendor's own client so that each finishes at a chosen simulated time.
//
// Simulated time: the simulator's documented `now` option. During setup it is set per job while the
// jobs are created, so that job i is created at (F_i − queuedMs − runningMs) and finishes exactly at
// its chosen simulated time F_i; after `go(r0)` it runs at `speedup` × real time from the shared epoch
// r0 (every process reads the same wall clock through performance.timeOrigin + performance.now()).
// A job's status is a pure function of the clock (core's JobBook), so `go` again replays the same lives.
import { loadBuiltDefinition, workspaceVendors } from '../../tools/lib/vendors.mjs';
import { seededRandom } from './common.mjs';

const realNow = () => performance.timeOrigin + performance.now();
const SIM_EPOCH = Date.UTC(2026, 0, 1);

/** Starts the simulator and creates the jobs; resolves with them, the settings, and the clock's controls. */
export async function startDilatedSimulator({ vendor, jobs, horizonMs, speedup, seed, queuedMs, runningMs }) {
  const definition = await loadBuiltDefinition(workspaceVendors().find((v) => v.id === vendor));
  const kit = await definition.simulator();

  let setupNow;
  let r0 = Number.POSITIVE_INFINITY;
  const now = () => (setupNow !== undefined ? setupNow : SIM_EPOCH + (realNow() - r0) * speedup);
  // 90 % succeed, 8 % fail, 2 % are cancelled: followers must end with whatever the end is.
  const outcome = ({ sequence }) => (sequence % 50 === 0 ? 'cancelled' : sequence % 12 === 0 ? 'failed' : 'succeeded');
  const sim = await kit.start({ queuedMs, runningMs, outcome, now });
  const settings = kit.settings(sim);

  const session = definition.connect(settings);
  const random = seededRandom(seed);
  const created = [];
  for (let i = 0; i < jobs; i++) {
    const finishAt = Math.round(random() * horizonMs);
    setupNow = SIM_EPOCH + finishAt - queuedMs - runningMs;
    const id = await session.startJob(definition.start.demo);
    created.push({ id: String(id), finishAt });
  }
  return {
    sim,
    settings,
    jobs: created,
    /** Before the first `go`: every job queued (the clock far before the epoch). */
    hold() {
      setupNow = SIM_EPOCH - 10 * (queuedMs + runningMs + horizonMs);
    },
    /** Starts (or restarts) simulated time at the epoch from the real instant `startAt`. */
    go(startAt) {
      r0 = startAt;
      setupNow = undefined;
    },
  };
}
