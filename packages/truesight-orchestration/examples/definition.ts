import definition from '@jobwire/truesight-orchestration/definition';

// What `jobwire demo` does: the simulator, a session from settings, a start, a wait.
const simulator = await definition.simulator();
const sim = await simulator.start({ queuedMs: 50, runningMs: 100 });
try {
  const session = definition.connect(simulator.settings(sim));
  const jobId = await session.startJob({ process: ':Jobwire-Demo:Reports:Build', inputs: { region: 'EMEA' } });
  const final = await session.waitForJob(jobId, { minDelayMs: 20, maxDelayMs: 50 });
  console.log(`${definition.title}: ${final.state} (${final.vendorStatus})`);
  await session.close?.();
} finally {
  await sim.close();
}
