// Child process of bench/bullmq.mjs: one vendor simulator whose jobs are followed several times in
// one run (the in-process baseline, then 1, 2 and 4 worker processes), so every phase follows the
// very same jobs: a phase's "go" restarts the simulated clock (lib/dilated-simulator.mjs), which
// replays the same lives.
import { startDilatedSimulator } from './dilated-simulator.mjs';

process.once('message', async (setup) => {
  const simulator = await startDilatedSimulator(setup);
  const { sim, settings } = simulator;
  simulator.hold();
  process.send({ type: 'ready', jobs: simulator.jobs, settings });

  // Requests served and CPU used so far: the parent takes differences per phase.
  const count = () => {
    const usage = process.resourceUsage();
    return { type: 'count', requests: sim.requestCount, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 };
  };
  process.on('message', async (message) => {
    if (message.type === 'go') {
      simulator.go(message.r0);
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
