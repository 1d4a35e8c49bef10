// The shared vendor contract (status, waits, typed errors, secrets, chaos, writes not repeated,
// awkward ids, cancel) on this package's definition and simulator.
import { runVendorContract } from '@jobwire/testkit';
import { definition } from '../src/definition.js';

await runVendorContract(definition);
