import { createTrueSightOrchestrationClient } from '@jobwire/truesight-orchestration';
import { startTrueSightSimulator } from '@jobwire/truesight-orchestration/simulator';

// A stand-in TrueSight on 127.0.0.1: a login, and jobs that go ASSIGNED → COMPLETED on a clock.
const sim = await startTrueSightSimulator({ queuedMs: 50, runningMs: 100, outcome: 'succeeded' });
try {
  const tso = createTrueSightOrchestrationClient({ baseUrl: sim.url, ...sim.credentials });
  const { jobId } = await tso.executeProcess(':Demo:Reports:Build', { region: 'EMEA' }, { mode: 'async' });
  const final = await tso.waitForJob(jobId, { minDelayMs: 20, maxDelayMs: 50 });
  console.log(`${final.state} (${final.vendorStatus}), status code ${final.outputs['status code']}`);
} finally {
  await sim.close();
}
