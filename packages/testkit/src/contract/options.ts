import type { ClientOptions, JobState } from '@jobwire/core';

/** The cases of the vendor contract suite, by name (for `ContractOptions.skip`). */
export const CONTRACT_CASES = [
  'status-round-trip',
  'failed-job',
  'wait-terminal',
  'wait-transient-errors',
  'wait-abort',
  'wait-timeout',
  'unknown-job-id',
  'wrong-credentials',
  'secrets-never-leak',
  'secrets-echoed',
  'chaos-waits',
  'writes-not-repeated',
  'awkward-ids',
  'cancel',
  'call-abort',
] as const;

/** One case of the vendor contract suite, by name. */
export type ContractCaseName = (typeof CONTRACT_CASES)[number];

/** An error class a case expects, e.g. `AuthenticationError` or `SoapFaultError`. */
// biome-ignore lint/suspicious/noExplicitAny: matches any error class, whatever its constructor takes
export type ErrorClass = abstract new (...args: any[]) => Error;

/** Options of `runVendorContract`: what a vendor does differently, and cases it cannot run (with why). */
export interface ContractOptions {
  /**
   * A job id the simulator does not know. Default: one shaped like the id of a job the suite starts
   * (its digits and hex letters changed; an all-digit id becomes `999999999`).
   */
  unknownJobId?: string;
  /** What reading an unknown job rejects with (default `NotFoundError` for REST vendors, `JobwireError` for SOAP). */
  unknownJobError?: ErrorClass;
  /** What a call with wrong credentials rejects with (default `AuthenticationError`), where the vendor documents another. */
  badCredentialsError?: ErrorClass;
  /**
   * Where the vendor refuses, before sending anything, ids of a form its API cannot have (ELMA's
   * integer task ids: `RangeError`): the awkward-ids case then accepts this class too, provided no
   * request was sent for the id. Default: only a `JobwireError` is accepted.
   */
  invalidIdError?: ErrorClass;
  /** When the cancel case cancels its job (default `running`); `queued` where only queued jobs can be cancelled. */
  cancelPhase?: 'queued' | 'running';
  /** The state a cancelled job ends in (default `cancelled`), where the vendor documents another. */
  cancelledState?: JobState;
  /** Cases not to run, each with the reason (shown in the test's title): `{ 'wait-abort': 'why' }`. */
  skip?: Partial<Record<ContractCaseName, string>>;
  /**
   * Client options for every session (e.g. `{ timeoutMs: 5000 }`). The suite adds its own `fetch`
   * (wrapping yours) to see each request and its own `logger` (forwarding to yours) to look for secrets.
   */
  clientOptions?: ClientOptions;
}
