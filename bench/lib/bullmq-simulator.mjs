// Child process of bench/bullmq.mjs: one vendor simulator whose jobs are followed several times in
// one run (the in-process baseline, then 1, 2 and 4 worker processes), so every phase follows the
// very same jobs. Same simulated time as lib/waiters-simulator.mjs: during setup `now` is set per job
// so job i is created at (F_i − queuedMs − runningMs) and finishes exactly at F_i; a phase's "go"
// restarts the clock at the simulator's epoch from the shared real instant r0, running at `speedup`
// × real time. A simulator job's status is a pure function of its clock (core's JobBook), so
// restarting the clock replays the same lives.
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
  // 90 % succeed, 8 % fail, 2 % are cancelled (the many-waiters benchmark's mix).
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
  // Before the first phase: every job queued (the clock far before the epoch).
  setupNow = SIM_EPOCH - 10 * (queuedMs + runningMs + horizonMs);
  process.send({ type: 'ready', jobs: created, settings });

  // Requests served and CPU used so far: the parent takes differences per phase.
  const count = () => {
    const usage = process.resourceUsage();
    return { type: 'count', requests: sim.requestCount, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 };
  };
  process.on('message', async (message) => {
    if (message.type === 'go') {
      r0 = message.r0;
      setupNow = undefined;
      process.send(count());
    }
    if (message.type === 'count') process.send(count());
    if (message.type === 'stop') {
      const usage = process.resourceUsage();
      await sim.close();
      process.send(
        {
          type: 'stopped',
          requests: sim.requestCount,
          maxRssKB: usage.maxRSS,
          cpuUserMs: usage.userCPUTime / 1000,
          cpuSystemMs: usage.systemCPUTime / 1000,
        },
        // A large message is still being written when send() returns: disconnect once it is out.
        () => process.disconnect(),
      );
    }
  });
});
