// Child process of bench/waiters.mjs: runs one vendor simulator (from the vendor's built definition)
// so the 10,000 waiters' process measures only the client side (heap, RSS) and each side gets one
// of the machine's two cores.
//
// Simulated time: the simulator's documented `now` option. Before "go" it is set per job while the
// jobs are created, so that job i is created at (F_i − queuedMs − runningMs) and finishes exactly at
// its chosen simulated time F_i; after "go" it runs at `speedup` × real time from the shared epoch r0
// (both processes read the same wall clock through performance.timeOrigin + performance.now()).

import { loadBuiltDefinition, workspaceVendors } from '../../tools/lib/vendors.mjs';
import { seededRandom } from './common.mjs';

const realNow = () => performance.timeOrigin + performance.now();
const SIM_EPOCH = Date.UTC(2026, 0, 1);

process.once('message', async (setup) => {
  const { vendor, jobs, horizonMs, speedup, seed, queuedMs, runningMs } = setup;
  const definition = await loadBuiltDefinition(workspaceVendors().find((v) => v.id === vendor));
  const kit = await definition.simulator();

  let setupNow;
  let r0 = Number.POSITIVE_INFINITY;
  const now = () => (setupNow !== undefined ? setupNow : SIM_EPOCH + (realNow() - r0) * speedup);
  // 90 % succeed, 8 % fail, 2 % are cancelled: waiters must resolve with whatever the end is.
  const outcome = ({ sequence }) => (sequence % 50 === 0 ? 'cancelled' : sequence % 12 === 0 ? 'failed' : 'succeeded');
  const sim = await kit.start({ queuedMs, runningMs, outcome, now });
  const settings = kit.settings(sim);

  // Jobs are started through the vendor's own client (the definition's demo start).
  const session = definition.connect(settings);
  const random = seededRandom(seed);
  const created = [];
  for (let i = 0; i < jobs; i++) {
    const finishAt = Math.round(random() * horizonMs);
    setupNow = SIM_EPOCH + finishAt - queuedMs - runningMs;
    const id = await session.startJob(definition.start.demo);
    created.push({ id: String(id), finishAt });
  }
  const setupRequests = sim.requestCount;
  process.send({ type: 'ready', jobs: created, setupRequests, settings });

  process.on('message', async (message) => {
    if (message.type === 'go') {
      r0 = message.r0;
      setupNow = undefined;
    }
    if (message.type === 'stop') {
      const requests = sim.requestCount - setupRequests;
      const usage = process.resourceUsage();
      await sim.close();
      process.send({
        type: 'stopped',
        requests,
        maxRssKB: usage.maxRSS,
        cpuUserMs: usage.userCPUTime / 1000,
        cpuSystemMs: usage.systemCPUTime / 1000,
      });
      process.disconnect();
    }
  });
});
