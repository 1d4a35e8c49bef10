import definition from '@jobwire/nagra-apubi/definition';

// What tools read: settings in, a session out. Here against the simulator the definition brings.
const simulator = await definition.simulator();
const sim = await simulator.start();
try {
  const session = definition.connect(simulator.settings(sim));
  const taskId = await session.startJob(definition.start.demo);
  const final = await session.waitForJob(taskId, { minDelayMs: 50 });
  console.log(`${definition.title}: ${definition.start.what} ended ${final.state} (${final.vendorStatus})`);
} finally {
  await sim.close();
}
