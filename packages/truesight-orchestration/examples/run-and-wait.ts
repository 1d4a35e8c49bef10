import { tso } from './connect.js';

// Fully qualified process names start with a colon; the client encodes them into the URL.
const { jobId } = await tso.executeProcess(
  ':AutoPilot-AD-Utilities:HTTP:Get',
  { 'adapter name': 'HTTP Adapter', url: 'http://www.google.com' },
  { mode: 'async' },
);
console.log(`started job ${jobId}`);

const final = await tso.waitForJob(jobId, {
  timeoutMs: 15 * 60_000,
  minDelayMs: Number(process.env.TSO_POLL_MS ?? 2000),
  onProgress: (status) => console.log(`… ${status.state} (${status.vendorStatus})`),
});
console.log(`finished: ${final.state}, status code ${final.outputs['status code']}`);
await tso.logout();
