// Child process of bench/waiters.mjs: runs one vendor simulator (startSimulator from the built
// @jobwire/testkit) so the 10,000 waiters' process measures only the client side (heap, RSS) and
// each side gets one of the machine's two cores.
//
// Simulated time: the simulator's documented `now` option. Before "go" it is set per job while the
// jobs are created, so that job i is created at (F_i − queuedMs − runningMs) and finishes exactly at
// its chosen simulated time F_i; after "go" it runs at `speedup` × real time from the shared epoch r0
// (both processes read the same wall clock through performance.timeOrigin + performance.now()).

import { allCases } from '../cases/index.mjs';
import { importDist, seededRandom } from './common.mjs';

const realNow = () => performance.timeOrigin + performance.now();
const SIM_EPOCH = Date.UTC(2026, 0, 1);

process.once('message', async (setup) => {
  const { vendor, jobs, horizonMs, speedup, seed, queuedMs, runningMs } = setup;
  const c = allCases.find((x) => x.vendor === vendor);
  const { startSimulator } = await importDist('testkit');
  const mod = await importDist(c.pkg);

  let setupNow;
  let r0 = Number.POSITIVE_INFINITY;
  const now = () => (setupNow !== undefined ? setupNow : SIM_EPOCH + (realNow() - r0) * speedup);
  // 90 % succeed, 8 % fail, 2 % are cancelled: waiters must resolve with whatever the end is.
  const outcome = ({ sequence }) => (sequence % 50 === 0 ? 'cancelled' : sequence % 12 === 0 ? 'failed' : 'succeeded');
  const sim = await startSimulator(vendor, { queuedMs, runningMs, outcome, now });

  // Jobs are created through the vendor's own client (its documented run/create operation).
  const client = mod[c.factory](c.waiters.connection(sim));
  const random = seededRandom(seed);
  const created = [];
  for (let i = 0; i < jobs; i++) {
    const finishAt = Math.round(random() * horizonMs);
    setupNow = SIM_EPOCH + finishAt - queuedMs - runningMs;
    const id = await c.waiters.createJob(client, i);
    created.push({ id: String(id), finishAt });
  }
  const setupRequests = sim.requestCount;
  process.send({ type: 'ready', jobs: created, setupRequests, sim: { url: sim.url, credentials: sim.credentials } });

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
