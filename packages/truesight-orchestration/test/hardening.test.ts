import {
  findSecretLeaks,
  HOSTILE_BODY_KINDS,
  hostileBody,
  pausedClock,
  type RecordedRequest,
  type RecorderReply,
  recordingLogger,
  trueSightSamples as S,
  startRecorder,
  valueOrJobwireError,
} from '@jobwire/testkit';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  ConnectionError,
  createTrueSightOrchestrationClient,
  NotFoundError,
  PermissionError,
  ServerError,
  TimeoutError,
  UnexpectedResponseError,
} from '../src/index.js';
import { loadXml } from '../src/load-xml.js';
import { unwrapOutputs, unwrapOutputValue } from '../src/outputs.js';
import { startTrueSightSimulator } from '../src/simulator.js';

// The client loads the XML parser before it decodes outputs; the fuzzing below also calls the decoders on their own.
beforeAll(() => loadXml());

const FUZZ_RUNS = 1000;
// A thousand cases take a second or two alone, and far longer on a loaded CI machine: no timing is asserted.
const FUZZ_TIMEOUT_MS = 60_000;
const json = (body: unknown) => JSON.stringify(body);
type Client = ReturnType<typeof createTrueSightOrchestrationClient>;

function bodies(samples: readonly string[]): fc.Arbitrary<string | Uint8Array<ArrayBuffer>> {
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.constantFrom(...samples), fc.constantFrom(...HOSTILE_BODY_KINDS), fc.nat())
        .map(([sample, kind, n]) => hostileBody(sample, kind, n)),
    },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map(json) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => new Uint8Array(bytes)) },
  );
}

/** A client with a token already (no login), every request answered 200 with the current body. */
function clientAnswering(body: () => string | Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}): Client {
  return createTrueSightOrchestrationClient(
    { baseUrl: 'http://127.0.0.1:1', authToken: 'fuzz-token' },
    { retry: false, fetch: async () => new Response(body(), { status: 200, headers }) },
  );
}

describe('fuzzed responses (TrueSight): a valid value or a typed JobwireError, never another exception', () => {
  const statuses = [json(S.jobStatus), S.invalidInput];
  const cases: Array<[string, string[], (c: Client) => Promise<unknown>, (v: unknown) => void]> = [
    ['job status (getJob)', statuses, (c) => c.getJob('j'), (v) => expect(v).toMatchObject({ status: expect.any(String) })],
    [
      'job status (getJobStatus)',
      statuses,
      (c) => c.getJobStatus('j'),
      (v) =>
        expect(['queued', 'running', 'succeeded', 'failed', 'cancelled', 'unknown']).toContain((v as { state: string }).state),
    ],
    [
      'sync execution',
      [json(S.executeSyncResponse), json({ outputParameters: S.executeSyncResponse })],
      (c) => c.executeProcess(':p', {}, { mode: 'sync' }),
      (v) => expect(Array.isArray((v as { outputParameters: unknown }).outputParameters)).toBe(true),
    ],
    [
      'async execution',
      [json(S.executeAsyncResponse), 'a1b2-c3', json('a1b2')],
      (c) => c.executeProcess(':p', {}, { mode: 'async' }),
      (v) => expect((v as { jobId: string }).jobId).toMatch(/\S/),
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
            const outcome = await valueOrJobwireError(() => call(client));
            if (outcome.ok) check(outcome.value);
          }),
          { numRuns: FUZZ_RUNS },
        );
      },
      FUZZ_TIMEOUT_MS,
    );
  }

  it(
    `login (token header and body): ${FUZZ_RUNS} cases`,
    async () => {
      await fc.assert(
        fc.asyncProperty(bodies([json(S.loginResponse), json({ login: 'false' })]), fc.boolean(), async (body, withToken) => {
          const client = createTrueSightOrchestrationClient(
            { baseUrl: 'http://127.0.0.1:1', username: 'u', password: 'p' },
            {
              retry: false,
              fetch: async (request) =>
                request.url.endsWith('/login')
                  ? new Response(body, { status: 200, headers: withToken ? { 'Authentication-Token': 'tok' } : {} })
                  : new Response(json(S.jobStatus), { status: 200 }),
            },
          );
          const outcome = await valueOrJobwireError(() => client.getJob('j'));
          // Without a token header a login cannot succeed, whatever the body says.
          if (outcome.ok) expect(withToken).toBe(true);
        }),
        { numRuns: FUZZ_RUNS },
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    `<result> output values: ${FUZZ_RUNS} cases, always text, an element or null — never a throw`,
    () => {
      const results = [
        '<result>OK</result>',
        '&lt;result&gt;200&lt;/result&gt;',
        '<result> <header-lines> <Date>Tue, 01 Jan 2019</Date> <Server>x</Server> </header-lines> </result>',
        '<result><message-body><html><body><p>unescaped <b>HTML</b></body></html></message-body></result>',
        '<result/>',
        '<result a="1">&amp;lt;</result>',
      ];
      const values = fc.oneof(
        fc.tuple(fc.constantFrom(...results), fc.constantFrom(...HOSTILE_BODY_KINDS), fc.nat()).map(([sample, kind, n]) => {
          const body = hostileBody(sample, kind, n);
          return typeof body === 'string' ? body : new TextDecoder().decode(body);
        }),
        fc.string({ unit: 'binary', maxLength: 300 }).map((inner) => `<result>${inner}</result>`),
        fc.jsonValue({ maxDepth: 3 }),
      );
      fc.assert(
        fc.property(values, (value) => {
          const decoded = unwrapOutputValue(value);
          expect(
            decoded === null ||
              typeof decoded === 'string' ||
              (typeof decoded === 'object' && !Array.isArray(decoded)) ||
              Array.isArray(decoded),
          ).toBe(true);
          // Servers may send any JSON as a value: the type says string, the decoder must not care.
          const raw = value as string;
          const named = unwrapOutputs([
            { name: '__proto__', value: raw },
            { name: 'x', value: raw },
          ]);
          expect(Object.getPrototypeOf(named)).toBe(Object.prototype);
        }),
        { numRuns: FUZZ_RUNS },
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});

const AWKWARD = [
  'a/b',
  'a/../b',
  '..a',
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
  ':Proc:Sub:Get',
  'a"b\\c',
];
const awkward = fc
  .string({
    unit: fc.constantFrom('a', '/', '.', '?', '#', '%', ' ', '+', '&', '=', ':', 'é', '漢', '😀', '"', '\\', '<'),
    minLength: 1,
    maxLength: 12,
  })
  .filter((id) => id !== '.' && id !== '..');

describe('ids and names reach the server exactly as given (TrueSight)', () => {
  it(
    'process names and job ids as path segments, inputs in the JSON body, on the wire',
    async () => {
      const recorder = await startRecorder((request): RecorderReply => {
        if (request.rawUrl.endsWith('/login'))
          return { status: 200, headers: { 'Authentication-Token': 'tok' }, body: '{"login":"true"}' };
        if (request.method === 'POST')
          return { status: 200, headers: { 'content-type': 'application/json' }, body: json({ jobId: 'j' }) };
        return { status: 200, headers: { 'content-type': 'application/json' }, body: json({ status: 'RUNNING' }) };
      });
      try {
        const client = createTrueSightOrchestrationClient({ baseUrl: recorder.url, username: 'u', password: 'p' });
        const check = async (value: string) => {
          const at = recorder.requests.length;
          await client.executeProcess(value, { [value]: value }, { mode: 'async' });
          await client.getJob(value);
          const [execute, status] = recorder.requests.slice(at).filter((r) => !r.rawUrl.endsWith('/login')) as [
            RecordedRequest,
            RecordedRequest,
          ];
          const segments = (r: RecordedRequest) => (r.rawUrl.split('?')[0] ?? '').split('/');
          expect(segments(execute)).toHaveLength(6);
          expect(decodeURIComponent(segments(execute)[4] ?? '')).toBe(value);
          expect(new URL(execute.rawUrl, 'http://x').searchParams.get('mode')).toBe('async');
          expect(JSON.parse(execute.body)).toEqual({ inputParameters: [{ name: value, value }] });
          expect(segments(status)).toHaveLength(6);
          expect(decodeURIComponent(segments(status)[4] ?? '')).toBe(value);
        };
        for (const value of AWKWARD) await check(value);
        await fc.assert(fc.asyncProperty(awkward, check), { numRuns: 100 });
      } finally {
        await recorder.close();
      }
    },
    FUZZ_TIMEOUT_MS,
  );
});

describe('no secret in any error or log line (TrueSight)', () => {
  it('401, 403, 404, 5xx, login refusal, network failure, timeout, malformed body', async () => {
    const password = 'PASSWORD-ts-0b7e"q';
    const issued = 'AQIC5wM2LY4Sfc-TOKEN-9f8e7d.*';
    let mode = '';
    // A hostile server: it quotes the token and the login body (the password) back in its errors.
    const recorder = await startRecorder((request): RecorderReply => {
      const echo = `${String(request.headers['authentication-token'] ?? '')} ${request.body}`;
      if (request.rawUrl.endsWith('/login')) {
        if (mode === 'login') return { status: 401, headers: { 'content-type': 'text/plain' }, body: `Unauthorized: ${echo}` };
        return { status: 200, headers: { 'Authentication-Token': issued }, body: '{"login":"true"}' };
      }
      if (mode === 'drop') return 'drop';
      if (mode === 'hang') return 'hang';
      if (mode === 'malformed')
        return { status: 200, headers: { 'content-type': 'application/json' }, body: `{"status":"${echo}` };
      const status = mode === 'login' ? 401 : Number(mode);
      return {
        status,
        headers: { 'content-type': 'text/html', 'x-echo': echo.replace(/[^\x20-\x7e]/g, ''), 'Authentication-Token': issued },
        body: `<html><head><title>Error ${status} for ${echo}</title></head><body>${echo}</body></html>`,
      };
    });
    const logger = recordingLogger();
    const client = createTrueSightOrchestrationClient(
      { baseUrl: recorder.url, username: 'admin', password },
      { logger, timeoutMs: 150, retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 1 } },
    );
    const paths: Array<[string, new (...args: never[]) => Error]> = [
      ['401', AuthenticationError],
      ['403', PermissionError],
      ['404', NotFoundError],
      ['500', ServerError],
      ['503', ServerError],
      ['drop', ConnectionError],
      ['hang', TimeoutError],
      ['malformed', UnexpectedResponseError],
      ['login', AuthenticationError],
    ];
    const secrets = [password, JSON.stringify(password).slice(1, -1), issued];
    const leaks: string[] = [];
    try {
      for (const [path, ErrorClass] of paths) {
        mode = path;
        const error = await client.getJob('j1').catch((e: unknown) => e);
        expect(error, path).toBeInstanceOf(ErrorClass);
        leaks.push(...findSecretLeaks(error, secrets, logger.calls).map((l) => `${path}: ${l}`));
      }
      await recorder.close();
      const refused = await client.getJob('j1').catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ConnectionError);
      leaks.push(...findSecretLeaks(refused, secrets, logger.calls).map((l) => `refused: ${l}`));
    } finally {
      await recorder.close();
    }
    expect(recorder.requests.some((r) => r.headers['authentication-token'] === issued)).toBe(true);
    expect(recorder.requests.some((r) => r.body.includes(JSON.stringify(password).slice(1, -1)))).toBe(true);
    expect(leaks).toEqual([]);
    console.info(
      `[reliability] truesight-orchestration: ${paths.length + 1} error paths, ${logger.calls.length} log calls, secrets found: ${leaks.length}`,
    );
  });
});

describe('a token that expires mid-wait (TrueSight)', () => {
  it('is renewed with one login, shared by every concurrent waiter', async () => {
    // The jobs' clock stands still until the tokens expire, so every wait sees its job before it ends.
    const clock = pausedClock();
    const sim = await startTrueSightSimulator({ queuedMs: 30, runningMs: 300, now: clock.now });
    try {
      let logins = 0;
      const client = createTrueSightOrchestrationClient(
        { baseUrl: sim.url, ...sim.credentials },
        {
          fetch: (request) => {
            if (request.url.endsWith('/login')) logins++;
            return globalThis.fetch(request);
          },
        },
      );
      const jobs = [];
      for (let i = 0; i < 20; i++) jobs.push(await client.executeProcess(`:Sim:P${i}`, {}, { mode: 'async' }));
      expect(logins).toBe(1);
      let expired = false;
      const finals = await Promise.all(
        jobs.map((job) =>
          client.waitForJob(job.jobId, {
            minDelayMs: 10,
            maxDelayMs: 40,
            timeoutMs: 20_000,
            // The first status seen (ASSIGNED: the clock stands still) ends every token.
            onProgress: () => {
              if (!expired) {
                expired = true;
                sim.expireTokens();
                clock.start();
              }
            },
          }),
        ),
      );
      expect(expired).toBe(true);
      expect(finals.every((f) => f.state === 'succeeded')).toBe(true);
      expect(logins).toBe(2);
    } finally {
      await sim.close();
    }
  });
});
