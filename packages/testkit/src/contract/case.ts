import type { SimulatorOptions } from '@jobwire/core/simulator';
import type { ContractHarness } from './harness.js';
import type { ContractCaseName, ContractOptions } from './options.js';

/** One case of the contract: a plain async function that throws when the definition breaks it. */
export interface ContractCase {
  /** Its name, for `ContractOptions.skip`. */
  name: ContractCaseName;
  /** What it checks, as the test's title. */
  title: string;
  /** Runs it against a harness started with its group's simulator options. */
  run(harness: ContractHarness): Promise<void>;
}

/** Cases that share one simulator (started fresh for the group). */
export interface ContractGroup {
  /** The describe block's title. */
  title: string;
  /** How the group's simulator is started (from the suite's options where they matter). */
  simulator: SimulatorOptions | ((options: ContractOptions) => SimulatorOptions);
  /** The group's cases, in order. */
  cases: readonly ContractCase[];
}

/** The short job life every group uses unless it needs another: queued 50 ms, running 100 ms. */
export const SHORT_LIFE: SimulatorOptions = { queuedMs: 50, runningMs: 100, outcome: 'succeeded' };

/** A job that stays running for an hour: waits on it end only by abort, timeout or cancel. */
export const ENDLESS_LIFE: SimulatorOptions = { queuedMs: 0, runningMs: 3_600_000, outcome: 'succeeded' };

/** Poll quickly: the simulators' jobs live for milliseconds. */
export const QUICK_POLLS = { minDelayMs: 20, maxDelayMs: 100 } as const;

/** A wait's guard: far above what any case needs, so a broken wait fails the case instead of hanging it. */
export const WAIT_GUARD_MS = 20_000;
