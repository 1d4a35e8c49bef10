import { InvalidStateError, NotFoundError } from '@jobwire/aspera-orchestrator';
import { orchestrator } from './connect.js';

try {
  const order = await orchestrator.cancelWorkOrder(process.env.ASPERA_WORK_ORDER_ID ?? '8461');
  // The work order goes Canceling → Canceled.
  console.log(`work order ${order.id}: ${order.status}`);
} catch (error) {
  // Errors carry the server's first line, never its stack trace or your password.
  if (error instanceof InvalidStateError) console.log(`too late: ${error.message}`);
  else if (error instanceof NotFoundError) console.log(`no such work order: ${error.message}`);
  else throw error;
}
