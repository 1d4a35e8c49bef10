import { InvalidStateError, NotFoundError, PermissionError } from '@jobwire/elma-rpa';
import { elma } from './connect.js';

try {
  const task = await elma.cancelTask(process.env.ELMA_TASK_ID ?? '955');
  console.log(`cancel accepted: task ${task.id} is ${task.status}`);
} catch (error) {
  // Only a task still in the queue can be cancelled, and only by the system that created it.
  if (error instanceof InvalidStateError) console.log(`too late: ${error.message}`);
  else if (error instanceof PermissionError) console.log(`not ours: ${error.message}`);
  else if (error instanceof NotFoundError) console.log(`no such task: ${error.message}`);
  else throw error;
}
