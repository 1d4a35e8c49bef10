// The metric instruments, made once per `openTelemetry()` from its meter.
import type { Counter, Histogram, Meter, UpDownCounter } from '@opentelemetry/api';

/** The instruments an instrumentation records into. */
export interface Instruments {
  /** `http.client.request.duration` (stable HTTP convention): one per attempt, in seconds. */
  requestDuration: Histogram;
  /** `http.client.active_requests` (HTTP convention, development): attempts in flight. */
  activeRequests: UpDownCounter;
  /** `jobwire.client.retries`: attempts after the first within a call (retries and resends). */
  retries: Counter;
  /** `jobwire.client.errors`: calls that failed, by `error.type`. */
  errors: Counter;
  /** `jobwire.wait.polls`: how many polls a wait made. */
  waitPolls: Histogram;
  /** `jobwire.wait.duration`: how long a wait took, in seconds, by outcome. */
  waitDuration: Histogram;
}

/** The bucket boundaries the HTTP conventions advise for `http.client.request.duration`, in seconds. */
const HTTP_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/** Creates the instruments on a meter. */
export function createInstruments(meter: Meter): Instruments {
  return {
    requestDuration: meter.createHistogram('http.client.request.duration', {
      description: 'Duration of HTTP client requests.',
      unit: 's',
      advice: { explicitBucketBoundaries: HTTP_DURATION_BUCKETS },
    }),
    activeRequests: meter.createUpDownCounter('http.client.active_requests', {
      description: 'Number of active HTTP requests.',
      unit: '{request}',
    }),
    retries: meter.createCounter('jobwire.client.retries', {
      description: 'HTTP requests sent again within a client call (retries and resends after a credential renewal).',
      unit: '{request}',
    }),
    errors: meter.createCounter('jobwire.client.errors', {
      description: 'Client calls that failed, by error.type.',
      unit: '{call}',
    }),
    waitPolls: meter.createHistogram('jobwire.wait.polls', {
      description: 'Polls made by one waitForJob.',
      unit: '{poll}',
      advice: { explicitBucketBoundaries: [1, 2, 3, 5, 10, 20, 50, 100, 200, 500] },
    }),
    waitDuration: meter.createHistogram('jobwire.wait.duration', {
      description: 'Duration of waitForJob, by outcome.',
      unit: 's',
      advice: { explicitBucketBoundaries: [1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200] },
    }),
  };
}
