import { AuthenticationError, NotFoundError } from '@jobwire/truesight-orchestration';
import { tso } from './connect.js';

try {
  await tso.getJob(process.env.TSO_JOB_ID ?? 'no-such-job');
} catch (error) {
  // "Invalid input. No result generated" is how TrueSight says the job does not exist.
  if (error instanceof NotFoundError) console.log(`no such job: ${error.message}`);
  else if (error instanceof AuthenticationError) console.log('wrong user name or password');
  else throw error;
}
