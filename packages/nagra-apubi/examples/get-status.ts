import { apubi } from './connect.js';

const status = await apubi.getJobStatus(process.env.APUBI_TASK_ID ?? 'TestAssetA');
console.log(`${status.id}: ${status.state} (APUBI says "${status.vendorStatus}")`);
if (status.outputs.destinationAsset) console.log(`published at ${status.outputs.destinationAsset}`);
if (status.detail) console.log(`note: ${status.detail}`);
