import {
  alteryxServerSamples,
  findSecretLeaks,
  HOSTILE_BODY_KINDS,
  hostileBody,
  type RecordedRequest,
  type RecorderReply,
  recordingLogger,
  startRecorder,
  valueOrJobwireError,
} from '@jobwire/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  ConnectionError,
  createAlteryxServerClient,
  NotFoundError,
  PermissionError,
  ServerError,
  TimeoutError,
  UnexpectedResponseError,
} from '../src/index.js';
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

/** Ids and names as callers may have them: path and query metacharacters, escapes, spaces, unicode. */
const AWKWARD = [
  'a/b',
  'a/../b',
  '..a',
  'a..',
  'q?x=1',
  'frag#1',
  '100%',
  '%2F',
  '%2e%2e',
  'two words',
  'plus+sign',
  'ümlaut-é',
  '工作流',
  '😀',
  'a&b=c',
  ';x',
];
const awkwardId = fc
  .string({
    unit: fc.constantFrom('a', '/', '.', '?', '#', '%', ' ', '+', '&', '=', ';', 'é', '漢', '😀', '\\', '"'),
    minLength: 1,
    maxLength: 12,
  })
  .filter((id) => id !== '.' && id !== '..');

describe('ids and names reach the server exactly as given (Alteryx)', () => {
  it('path segments and query values, on the wire', async () => {
    const recorder = await startRecorder(
      (request): RecorderReply => ({
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: request.rawUrl.includes('/output/') ? 'csv' : json({ id: 'x', status: 'Running', messages: [] }),
      }),
      '/webapi',
    );
    try {
      const client = createAlteryxServerClient({ baseUrl: recorder.url, accessToken: 'wire-token' });
      const check = async (id: string) => {
        const at = recorder.requests.length;
        await client.getJob(id);
        await client.runWorkflow(id);
        await client.downloadJobOutput(id, id, { format: id });
        const [get, run, download] = recorder.requests.slice(at) as [RecordedRequest, RecordedRequest, RecordedRequest];
        const segmentsOf = (raw: string) => (raw.split('?')[0] ?? '').split('/');
        // One segment per id, each decoding to the id; nothing resolved, nothing re-split.
        expect(segmentsOf(get.rawUrl)).toEqual(['', 'webapi', 'v3', 'jobs', expect.any(String)]);
        expect(decodeURIComponent(segmentsOf(get.rawUrl)[4] ?? '')).toBe(id);
        expect(decodeURIComponent(segmentsOf(run.rawUrl)[4] ?? '')).toBe(id);
        expect(segmentsOf(download.rawUrl).slice(4).map(decodeURIComponent)).toEqual([id, 'output', id]);
        expect(new URL(download.rawUrl, 'http://x').searchParams.get('format')).toBe(id);
      };
      for (const id of AWKWARD) await check(id);
      await fc.assert(fc.asyncProperty(awkwardId, check), { numRuns: 100 });
      await expect(client.getJob('..')).rejects.toBeInstanceOf(RangeError);
    } finally {
      await recorder.close();
    }
  });
});

describe('no secret in any error or log line (Alteryx)', () => {
  it('401, 403, 404, 5xx, token refusal, network failure, timeout, malformed body', async () => {
    const secrets = { clientId: 'client-ID-1f0e', clientSecret: 'SECRET-cs-9c2d7a' };
    const issued = 'TOKEN-at-44b1e0d7';
    const basic = Buffer.from(`${secrets.clientId}:${secrets.clientSecret}`).toString('base64');
    let mode = '';
    // A hostile server: it echoes the credentials it got into every error, in body and headers.
    const recorder = await startRecorder((request): RecorderReply => {
      const echo = `${request.headers.authorization ?? ''} ${request.body}`;
      const err = (status: number, extra: Record<string, unknown> = {}): RecorderReply => ({
        status,
        headers: { 'content-type': 'application/json', 'x-echo': echo, 'www-authenticate': `Bearer error="${echo}"` },
        body: json({ message: `denied for ${echo}`, token: issued, ...extra }),
      });
      if (request.rawUrl.endsWith('/oauth2/token')) {
        if (mode === 'token') return err(401, { error: 'invalid_client', error_description: `bad ${secrets.clientSecret}` });
        return {
          status: 200,
          headers: { 'content-type': 'application/json' },
          body: json({ access_token: issued, expires_in: 3600 }),
        };
      }
      if (mode === 'drop') return 'drop';
      if (mode === 'hang') return 'hang';
      if (mode === 'malformed') {
        return {
          status: 200,
          headers: { 'content-type': 'application/json' },
          body: `{"id":"j","status":"Running","echo":"${echo}`,
        };
      }
      // 'token': the job call is refused, and so is the token request its renewal makes.
      return err(mode === 'token' ? 401 : Number(mode));
    }, '/webapi');
    const logger = recordingLogger();
    const client = createAlteryxServerClient(
      { baseUrl: recorder.url, ...secrets },
      { logger, timeoutMs: 300, retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 1 } },
    );
    const expected: Array<[string, new (...args: never[]) => Error]> = [
      ['401', AuthenticationError],
      ['403', PermissionError],
      ['404', NotFoundError],
      ['500', ServerError],
      ['503', ServerError],
      ['token', AuthenticationError],
      ['drop', ConnectionError],
      ['hang', TimeoutError],
      ['malformed', UnexpectedResponseError],
    ];
    const leaks: string[] = [];
    try {
      for (const [path, ErrorClass] of expected) {
        mode = path;
        const error = await client.getJob('j1').catch((e: unknown) => e);
        expect(error, path).toBeInstanceOf(ErrorClass);
        leaks.push(...findSecretLeaks(error, [secrets.clientSecret, basic, issued], logger.calls).map((l) => `${path}: ${l}`));
      }
      // The simplest leak of all: a server that refuses the connection.
      await recorder.close();
      const refused = await client.getJob('j1').catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ConnectionError);
      leaks.push(...findSecretLeaks(refused, [secrets.clientSecret, basic, issued], logger.calls));
    } finally {
      await recorder.close();
    }
    // The hostile server did echo them: the test would see a leak if redaction failed.
    expect(recorder.requests.some((r) => r.headers.authorization === `Bearer ${issued}`)).toBe(true);
    expect(logger.calls.length).toBeGreaterThan(0);
    expect(leaks).toEqual([]);
    console.info(
      `[reliability] alteryx-server: ${expected.length + 1} error paths, ${logger.calls.length} log calls, secrets found: ${leaks.length}`,
    );
  });
});

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
