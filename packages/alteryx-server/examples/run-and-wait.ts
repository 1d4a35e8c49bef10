import { alteryx } from './connect.js';

const job = await alteryx.runWorkflow(process.env.ALTERYX_WORKFLOW_ID ?? '66e1f0a23d6200007e000aa1', {
  questions: [{ name: 'Region', value: 'EMEA' }],
});
console.log(`queued job ${job.id}`);

const final = await alteryx.waitForJob(job.id, {
  timeoutMs: 15 * 60_000,
  minDelayMs: Number(process.env.ALTERYX_POLL_MS ?? 2000),
  onProgress: (status) => console.log(`… ${status.state} (${status.vendorStatus})`),
});
console.log(`finished: ${final.state}${final.detail ? ` — ${final.detail}` : ''}`);
