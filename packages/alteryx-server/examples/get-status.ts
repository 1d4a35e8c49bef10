import { alteryx } from './connect.js';

const status = await alteryx.getJobStatus(process.env.ALTERYX_JOB_ID ?? '66ebd18d3d6200007e000d8c');
console.log(`${status.id}: ${status.state} (Alteryx says "${status.vendorStatus}")`);
if (status.detail) console.log(`detail: ${status.detail}`);
for (const [outputId, output] of Object.entries(status.outputs)) console.log(`output ${outputId}:`, output);
