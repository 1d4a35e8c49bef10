// Child process of bench/waiters.mjs: runs one vendor simulator (from the vendor's built definition)
// so the 10,000 waiters' process measures only the client side (heap, RSS) and each side gets one
// of the machine's two cores. Simulated time: lib/dilated-simulator.mjs.

import { startDilatedSimulator } from './dilated-simulator.mjs';

process.once('message', async (setup) => {
  const simulator = await startDilatedSimulator(setup);
  const { sim, settings } = simulator;
  const setupRequests = sim.requestCount;
  process.send({ type: 'ready', jobs: simulator.jobs, setupRequests, settings });

  process.on('message', async (message) => {
    if (message.type === 'go') {
      simulator.go(message.r0);
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
