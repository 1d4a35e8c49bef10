import { tso } from './connect.js';

// The REST API documents no call to cancel a job. What you can stop is waiting for it: any
// AbortSignal works (a button, Ctrl-C, a deadline); the job itself runs on.
const signal = AbortSignal.timeout(Number(process.env.TSO_GIVE_UP_MS ?? 10 * 60_000));
try {
  const final = await tso.waitForJob(process.env.TSO_JOB_ID ?? 'a3f1c2d4-5b6e-4f70-8a91-b2c3d4e5f607', { signal });
  console.log(`finished: ${final.state}`);
} catch (error) {
  if (signal.aborted) console.log('stopped waiting; the job runs on');
  else throw error;
}
