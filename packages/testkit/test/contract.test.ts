/**
 * The contract suite as vendor packages run it: `runVendorContract` on the fake vendor's definition,
 * through vitest (every case must pass for a well-behaved client).
 */
import { runVendorContract } from '../src/index.js';
import { fakeDefinition } from './contract/fake-vendor.js';

await runVendorContract(fakeDefinition());
