import { elma } from './connect.js';

const task = await elma.createTask({
  process: process.env.ELMA_PROCESS ?? 'c39f99de-cb8f-4661-a206-b282a4830cbf',
  // Sent as the JSON string `ctx`; Dates go as ISO text, URLs (file parameters) as their address.
  context: { Name_in: 'Ada Lovelace', Born_in: new Date('1815-12-10T00:00:00Z'), Vip_in: true },
});
console.log(`created task ${task.id} (${task.status})`);

const final = await elma.waitForJob(task.id, {
  timeoutMs: 15 * 60_000,
  minDelayMs: Number(process.env.ELMA_POLL_MS ?? 2000),
  onProgress: (status) => console.log(`… ${status.state} (${status.vendorStatus})`),
});
console.log(`finished: ${final.state}${final.detail ? ` — ${final.detail}` : ''}`);
console.log('outputs:', final.outputs);
