import { orchestrator } from './connect.js';

const workOrderId = process.env.ASPERA_WORK_ORDER_ID ?? '8461';

// The whole work order…
const order = await orchestrator.getJobStatus({ workOrderId });
console.log(`work order ${order.id}: ${order.state} (Orchestrator says "${order.vendorStatus}")`);

// …or one of its steps, by name: its outputs come decoded.
const step = await orchestrator.getJobStatus({ workOrderId, stepName: 'Create faspex package' });
console.log(`step ${step.id}: ${step.state} — ${step.detail}`);
for (const [name, value] of Object.entries(step.outputs)) console.log(`output ${name}:`, value);
