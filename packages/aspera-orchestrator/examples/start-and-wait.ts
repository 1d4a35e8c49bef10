import { orchestrator } from './connect.js';

const order = await orchestrator.startWorkOrder(process.env.ASPERA_WORKFLOW_ID ?? '256', {
  parameters: { source_file: '/data/in/shiporder.cmd' },
  priority: 'normal',
});
console.log(`started work order ${order.id}`);

const final = await orchestrator.waitForJob(
  { workOrderId: order.id },
  {
    timeoutMs: 30 * 60_000,
    minDelayMs: Number(process.env.ASPERA_POLL_MS ?? 2000),
    onProgress: (status) => console.log(`… ${status.state} (${status.vendorStatus})`),
  },
);
console.log(`finished: ${final.state}${final.detail ? ` — ${final.detail}` : ''}`);
