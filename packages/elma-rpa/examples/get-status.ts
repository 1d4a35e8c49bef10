import { elma } from './connect.js';

const status = await elma.getJobStatus(process.env.ELMA_TASK_ID ?? '955');
console.log(`task ${status.id}: ${status.state} (ELMA says "${status.vendorStatus}")`);
if (status.detail) console.log(`detail: ${status.detail}`);
for (const [name, value] of Object.entries(status.outputs)) console.log(`output ${name}:`, value);
