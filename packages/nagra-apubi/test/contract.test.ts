// The shared vendor contract (status, waits, typed errors, secrets, chaos, writes not repeated,
// awkward ids) on this package's definition and its simulator (the server kit).
import { runVendorContract } from '@jobwire/testkit';
import { definition } from '../src/definition.js';
import { SoapFaultError } from '../src/index.js';

await runVendorContract(definition, {
  // An unknown task is the documented "Task Id does not exist" fault.
  unknownJobError: SoapFaultError,
});
