import type { VendorDefinition } from '@jobwire/core/definition';
import { CONTRACT_GROUPS } from './groups.js';
import { type ContractHarness, startHarness } from './harness.js';
import { CONTRACT_CASES, type ContractOptions } from './options.js';

/** Time one case may take: its waits are guarded well below this. */
const CASE_TIMEOUT_MS = 60_000;

/**
 * Registers the shared vendor contract as vitest suites: status round trip, `waitForJob` (terminal
 * status, transient errors, abort, timeout), typed errors, secrets, chaos, writes not repeated,
 * awkward ids and cancel — all through `definition.simulator()` and `definition.connect()`, each
 * group on a fresh simulator. Vitest is loaded here, on call (an optional peer of the testkit), so
 * await it at the top level of a test file:
 *
 * ```ts
 * import { definition } from '@jobwire/elma-rpa/definition';
 * import { runVendorContract } from '@jobwire/testkit';
 *
 * await runVendorContract(definition, { skip: { 'wait-abort': 'why' } });
 * ```
 */
export async function runVendorContract(definition: VendorDefinition, options: ContractOptions = {}): Promise<void> {
  for (const [name, reason] of Object.entries(options.skip ?? {})) {
    if (!(CONTRACT_CASES as readonly string[]).includes(name))
      throw new RangeError(`skip names no contract case: ${JSON.stringify(name)}`);
    if (typeof reason !== 'string' || reason.trim() === '') throw new RangeError(`skip of ${name} needs a reason`);
  }
  const { afterAll, beforeAll, describe, it } = await import('vitest').catch((error: unknown) => {
    throw new Error(
      'runVendorContract registers vitest suites: run it in a vitest test file (vitest is an optional peer of the testkit)',
      {
        cause: error,
      },
    );
  });
  describe(`${definition.id} vendor contract`, () => {
    for (const group of CONTRACT_GROUPS) {
      describe(group.title, () => {
        const running = group.cases.filter((check) => options.skip?.[check.name] === undefined);
        let harness: ContractHarness | undefined;
        if (running.length > 0) {
          beforeAll(async () => {
            harness = await startHarness(definition, group.simulator, options);
          }, CASE_TIMEOUT_MS);
          afterAll(async () => {
            await harness?.close();
          }, CASE_TIMEOUT_MS);
        }
        for (const check of group.cases) {
          const reason = options.skip?.[check.name];
          if (reason !== undefined) {
            it.skip(`${check.title} — skipped: ${reason}`, () => undefined);
            continue;
          }
          it(
            check.title,
            async () => {
              if (!harness) throw new Error('the simulator did not start');
              await check.run(harness);
            },
            CASE_TIMEOUT_MS,
          );
        }
      });
    }
  });
}
