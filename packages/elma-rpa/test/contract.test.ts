// The shared vendor contract (status, waits, typed errors, secrets, chaos, writes not repeated,
// awkward ids, cancel) on this package's definition and simulator.
import { runVendorContract } from '@jobwire/testkit';
import { definition } from '../src/definition.js';

await runVendorContract(definition, {
  // Task ids are integers: the client refuses any other id before sending anything.
  invalidIdError: RangeError,
  // ELMA cancels only a task still in the queue (a running task is the bot's).
  cancelPhase: 'queued',
});
