import { createElmaRpaClient } from '@jobwire/elma-rpa';
import { startElmaRpaSimulator } from '@jobwire/elma-rpa/simulator';

// A stand-in Orchestrator on 127.0.0.1 (a free port) with one approved system; it runs the
// documented sample process, and its tasks end after 100 ms in the queue and 200 ms running.
const sim = await startElmaRpaSimulator({ queuedMs: 100, runningMs: 200 });
try {
  const elma = createElmaRpaClient({ baseUrl: sim.url, authToken: sim.credentials.authToken });
  const task = await elma.createTask({ process: 'c39f99de-cb8f-4661-a206-b282a4830cbf', context: { Name_in: 'Ada' } });
  const final = await elma.waitForJob(task.id, { minDelayMs: 50, maxDelayMs: 100 });
  console.log(`task ${task.id}: ${final.state} (${final.vendorStatus}), result_out: ${final.outputs.result_out}`);
} finally {
  await sim.close();
}
