// The shared vendor contract (status round trip, waitForJob, typed errors, secrets, chaos, writes
// not repeated, awkward ids, cancel), run on this package's definition and simulator. The
// Alteryx-specific cases stay in the other test files.
import { runVendorContract } from '@jobwire/testkit';
import { definition } from '../src/definition.js';

await runVendorContract(definition);
