import { createAlteryxServerClient } from '@jobwire/alteryx-server';
import { startAlteryxSimulator } from '@jobwire/alteryx-server/simulator';

const sim = await startAlteryxSimulator({ queuedMs: 50, runningMs: 100, outcome: 'succeeded' });
try {
  const client = createAlteryxServerClient({ baseUrl: sim.url, ...sim.credentials });
  const job = await client.runWorkflow('any-workflow-id');
  const final = await client.waitForJob(job.id, { minDelayMs: 20, maxDelayMs: 50 });
  console.log(`${final.state} (${final.vendorStatus}, ${final.detail})`);
} finally {
  await sim.close();
}
