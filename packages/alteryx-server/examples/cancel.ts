import { InvalidStateError, NotFoundError } from '@jobwire/alteryx-server';
import { alteryx } from './connect.js';

try {
  const result = await alteryx.cancelJob(process.env.ALTERYX_JOB_ID ?? '66ebd18d3d6200007e000d8c');
  // A running job is cancelled; a queued one is deleted.
  console.log(`${result.outcome}: ${result.message}`);
} catch (error) {
  if (error instanceof InvalidStateError) console.log(`too late: ${error.message}`);
  else if (error instanceof NotFoundError) console.log('no such job');
  else throw error;
}
