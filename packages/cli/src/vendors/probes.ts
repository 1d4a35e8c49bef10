import type { JobStatus, WaitOptions } from '@jobwire/core';
import type { CallOptions, Probe } from './types.js';

/** `succeeded (Completed, Success)`: a status in one line, for probe reports. */
export function describeStatus(status: JobStatus): string {
  return `${status.state} (${status.vendorStatus}${status.detail ? `, ${status.detail}` : ''})`;
}

/** The probe every vendor has: the status of the job whose id the context holds under `key`. */
export function statusProbe(name: string, key: string, read: (id: string, options: CallOptions) => Promise<JobStatus>): Probe {
  return {
    name,
    async run({ need, signal }) {
      return describeStatus(await read(need(key), { signal }));
    },
  };
}

/** Waits (up to 10 minutes) for the job a write probe started: a write, since it needs that job. */
export function waitProbe(name: string, key: string, wait: (id: string, options: WaitOptions) => Promise<JobStatus>): Probe {
  return {
    name,
    write: true,
    async run({ need, signal }) {
      return describeStatus(await wait(need(key), { signal, timeoutMs: 10 * 60_000, minDelayMs: 200 }));
    },
  };
}
