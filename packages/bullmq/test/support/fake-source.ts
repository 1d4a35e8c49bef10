// A scripted status source for watch tests: each poll of a ref takes the next step of its script
// (a state, or an error to throw); the last step repeats. It counts polls, keeps when each began,
// how many ran at once, and can hold a poll until the test lets it go.
import { createJobStatus, type JobState, type JobStatus } from '@jobwire/core';
import type { StatusReader, WatchRef } from '../../src/index.js';

/** One step of a script: the job's state, or an error the poll throws. */
export type Step = JobState | { error: unknown };

export interface FakeSource extends StatusReader {
  readonly vendor: string;
  /** Polls made, all refs. */
  readonly polls: number;
  /** When each poll began (Date.now()), all refs, in order. */
  readonly pollStarts: number[];
  /** The most polls in flight at once. */
  readonly maxInFlight: number;
  /** Sets the script of a ref (a string ref, or an object's JSON). */
  script(ref: WatchRef, steps: Step[]): void;
  /** Holds every poll from now on until `release()`; resolves when the next poll has begun. */
  hold(): Promise<void>;
  /** Lets held polls (and later ones) go on. */
  release(): void;
}

const keyOf = (ref: WatchRef) => (typeof ref === 'string' ? ref : JSON.stringify(ref));

export function fakeSource(vendor = 'fake-vendor'): FakeSource {
  const scripts = new Map<string, { steps: Step[]; next: number }>();
  let polls = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const pollStarts: number[] = [];
  let gate: Promise<void> | undefined;
  let open: (() => void) | undefined;
  let began: (() => void) | undefined;
  return {
    vendor,
    get polls() {
      return polls;
    },
    pollStarts,
    get maxInFlight() {
      return maxInFlight;
    },
    script(ref, steps) {
      scripts.set(keyOf(ref), { steps, next: 0 });
    },
    hold() {
      gate = new Promise((resolve) => {
        open = resolve;
      });
      return new Promise((resolve) => {
        began = resolve;
      });
    },
    release() {
      open?.();
      gate = undefined;
    },
    async getJobStatus(ref: WatchRef): Promise<JobStatus> {
      polls += 1;
      pollStarts.push(Date.now());
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        began?.();
        began = undefined;
        if (gate) await gate;
        const script = scripts.get(keyOf(ref));
        const step: Step = script?.steps[Math.min(script.next++, script.steps.length - 1)] ?? 'running';
        if (typeof step === 'object') throw step.error;
        return createJobStatus({ vendor, id: keyOf(ref), state: step, vendorStatus: step.toUpperCase(), raw: { state: step } });
      } finally {
        inFlight -= 1;
      }
    },
  };
}
