import { tso } from './connect.js';

const status = await tso.getJobStatus(process.env.TSO_JOB_ID ?? 'a3f1c2d4-5b6e-4f70-8a91-b2c3d4e5f607');
console.log(`${status.id}: ${status.state} (TrueSight says "${status.vendorStatus}")`);
// Output values arrive as <result>…</result> XML: outputs has them unwrapped, raw has them as sent.
console.log(`status code: ${status.outputs['status code']}, reason: ${status.outputs['status reason']}`);
console.log(`started: ${status.raw.startTime}`);
