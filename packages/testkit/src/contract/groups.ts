// Every group of the contract suite, in the order it runs, and a way to run one case directly.
import type { VendorDefinition } from '@jobwire/core/definition';
import { awkwardIds } from './awkward-ids.js';
import { callAbort } from './call-abort.js';
import { cancelJobs } from './cancel.js';
import type { ContractCase, ContractGroup } from './case.js';
import { chaosWaits } from './chaos-waits.js';
import { startHarness } from './harness.js';
import type { ContractCaseName, ContractOptions } from './options.js';
import { secretsNeverLeak } from './secrets-never-leak.js';
import { failedJob, statusRoundTrip } from './status-round-trip.js';
import { typedErrors } from './typed-errors.js';
import { waitForEndlessJobs, waitForJobs } from './wait-for-job.js';
import { writesNotRepeated } from './writes-not-repeated.js';

/** The groups of the contract suite, each on a fresh simulator. */
export const CONTRACT_GROUPS: readonly ContractGroup[] = [
  statusRoundTrip,
  failedJob,
  waitForJobs,
  waitForEndlessJobs,
  typedErrors,
  secretsNeverLeak,
  chaosWaits,
  writesNotRepeated,
  awkwardIds,
  cancelJobs,
  callAbort,
];

/** The group and case of a name. */
export function contractCase(name: ContractCaseName): { group: ContractGroup; check: ContractCase } {
  for (const group of CONTRACT_GROUPS) {
    const check = group.cases.find((c) => c.name === name);
    if (check) return { group, check };
  }
  throw new RangeError(`no contract case named ${JSON.stringify(name)}`);
}

/** Runs one case on a fresh simulator of its group and closes it: rejects where the definition breaks the contract. */
export async function runContractCase(
  definition: VendorDefinition,
  name: ContractCaseName,
  options: ContractOptions = {},
): Promise<void> {
  const { group, check } = contractCase(name);
  const harness = await startHarness(definition, group.simulator, options);
  try {
    await check.run(harness);
  } finally {
    await harness.close();
  }
}
