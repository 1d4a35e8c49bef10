import { alteryxServerSamples, HOSTILE_BODY_KINDS, hostileBody, valueOrJobwireError } from '@jobwire/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAlteryxServerClient } from '../src/index.js';
import { startAlteryxSimulator } from '../src/simulator.js';

const FUZZ_RUNS = 1000;
// A thousand cases take a few seconds on a busy machine: a generous ceiling, not a timing check.
const FUZZ_TIMEOUT_MS = 60_000;
const json = (body: unknown) => JSON.stringify(body);

/** A body: a documented sample spoiled one way or another, random JSON, random text or random bytes. */
function bodies(samples: readonly string[]): fc.Arbitrary<string | Uint8Array<ArrayBuffer>> {
  return fc
    .oneof(
      { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...samples), fc.constantFrom(...HOSTILE_BODY_KINDS), fc.nat()) },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map(json) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => new Uint8Array(bytes)) },
    )
    .map((value) =>
      Array.isArray(value) ? hostileBody(...(value as [string, (typeof HOSTILE_BODY_KINDS)[number], number])) : value,
    );
}

/** A client whose every request is answered 200 with `body`. */
function clientAnswering(body: () => string | Uint8Array<ArrayBuffer>) {
  return createAlteryxServerClient(
    { baseUrl: 'http://127.0.0.1:1/webapi', accessToken: 'fuzz-token' },
    {
      retry: false,
      fetch: async () => new Response(body(), { status: 200, headers: { 'content-type': 'application/json' } }),
    },
  );
}

async function validOrTyped(run: () => Promise<unknown>, check: (value: unknown) => void): Promise<void> {
  const outcome = await valueOrJobwireError(run);
  if (outcome.ok) check(outcome.value);
}

describe('fuzzed responses (Alteryx): a valid value or a typed JobwireError, never another exception', () => {
  const s = alteryxServerSamples;
  const cases: Array<[string, string[], (client: ReturnType<typeof clientAnswering>) => Promise<unknown>, (v: unknown) => void]> =
    [
      [
        'JobView (getJob)',
        [json(s.jobView), json(s.runWorkflowResponse)],
        (c) => c.getJob('j1'),
        (v) => expect(v).toMatchObject({ id: expect.any(String), status: expect.any(String) }),
      ],
      [
        'JobView (runWorkflow)',
        [json(s.runWorkflowResponse)],
        (c) => c.runWorkflow('wf'),
        (v) => expect(v).toMatchObject({ id: expect.any(String) }),
      ],
      ['workflow jobs', [json(s.workflowJobs)], (c) => c.listWorkflowJobs('wf'), (v) => expect(Array.isArray(v)).toBe(true)],
      ['job messages', [json(s.jobMessages)], (c) => c.getJobMessages('j1'), (v) => expect(Array.isArray(v)).toBe(true)],
      ['questions', [json(s.workflowQuestions)], (c) => c.getWorkflowQuestions('wf'), (v) => expect(Array.isArray(v)).toBe(true)],
      [
        'cancel',
        [json(s.cancelRunning), json(s.cancelQueued)],
        (c) => c.cancelJob('j1'),
        (v) => expect(['cancelled', 'deleted']).toContain((v as { outcome: string }).outcome),
      ],
      [
        'job status',
        [json(s.jobView)],
        (c) => c.getJobStatus('j1'),
        (v) =>
          expect(['queued', 'running', 'succeeded', 'failed', 'cancelled', 'unknown']).toContain((v as { state: string }).state),
      ],
    ];

  for (const [name, samples, call, check] of cases) {
    it(
      `${name}: ${FUZZ_RUNS} cases`,
      async () => {
        let current: string | Uint8Array<ArrayBuffer> = '';
        const client = clientAnswering(() => current);
        await fc.assert(
          fc.asyncProperty(bodies(samples), async (body) => {
            current = body;
            await validOrTyped(() => call(client), check);
          }),
          { numRuns: FUZZ_RUNS },
        );
      },
      FUZZ_TIMEOUT_MS,
    );
  }

  it(
    `OAuth2 token response: ${FUZZ_RUNS} cases`,
    async () => {
      await fc.assert(
        fc.asyncProperty(bodies([json(alteryxServerSamples.tokenResponse)]), async (body) => {
          // A client per case: each one asks for its token once, and gets this body.
          const client = createAlteryxServerClient(
            { baseUrl: 'http://127.0.0.1:1/webapi', clientId: 'id', clientSecret: 'secret' },
            { retry: false, fetch: (request) => fetchFor(request, body) },
          );
          await validOrTyped(
            () => client.getJob('j1'),
            (v) => expect(v).toMatchObject({ id: expect.any(String) }),
          );
        }),
        { numRuns: FUZZ_RUNS },
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});

async function fetchFor(request: Request, tokenBody: string | Uint8Array<ArrayBuffer>): Promise<Response> {
  if (request.url.endsWith('/oauth2/token')) {
    return new Response(tokenBody, { status: 200, headers: { 'content-type': 'application/json' } });
  }
  return new Response(json(alteryxServerSamples.jobView), { headers: { 'content-type': 'application/json' } });
}

describe('a token that expires mid-wait (Alteryx)', () => {
  it('is renewed once, shared by every concurrent waiter', async () => {
    const sim = await startAlteryxSimulator({ queuedMs: 30, runningMs: 300 });
    try {
      let tokenRequests = 0;
      const client = createAlteryxServerClient(
        { baseUrl: sim.url, ...sim.credentials },
        {
          fetch: (request) => {
            if (request.url.endsWith('/oauth2/token')) tokenRequests++;
            return globalThis.fetch(request);
          },
        },
      );
      const jobs = await Promise.all(Array.from({ length: 20 }, (_, i) => client.runWorkflow(`wf-${i}`)));
      expect(tokenRequests).toBe(1);
      let expired = false;
      const finals = await Promise.all(
        jobs.map((job) =>
          client.waitForJob(job.id, {
            minDelayMs: 10,
            maxDelayMs: 40,
            timeoutMs: 20_000,
            // The first time any waiter sees a job running, every token the server issued stops working.
            onProgress: (status) => {
              if (!expired && status.state === 'running') {
                expired = true;
                sim.expireTokens();
              }
            },
          }),
        ),
      );
      expect(expired).toBe(true);
      expect(finals.every((f) => f.state === 'succeeded')).toBe(true);
      expect(tokenRequests).toBe(2);
    } finally {
      await sim.close();
    }
  });
});
