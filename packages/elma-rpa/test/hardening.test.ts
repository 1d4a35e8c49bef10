import {
  findSecretLeaks,
  HOSTILE_BODY_KINDS,
  hostileBody,
  type RecorderReply,
  recordingLogger,
  elmaRpaSamples as S,
  startRecorder,
  valueOrJobwireError,
} from '@jobwire/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  ConnectionError,
  createElmaRpaClient,
  NotFoundError,
  PermissionError,
  parseTaskCallback,
  ServerError,
  TimeoutError,
  UnexpectedResponseError,
} from '../src/index.js';

const FUZZ_RUNS = 1000;
// A thousand cases take well under a second alone; the ceiling is for machines busy with other work.
const FUZZ_TIMEOUT_MS = 60_000;
const json = (body: unknown) => JSON.stringify(body);
type Client = ReturnType<typeof createElmaRpaClient>;
const PROCESS = 'c39f99de-cb8f-4661-a206-b282a4830cbf';

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

const isTask = (v: unknown) => expect(v).toMatchObject({ id: expect.any(Number), status: expect.any(String) });

describe('fuzzed responses (ELMA): a valid value or a typed JobwireError, never another exception', {
  timeout: FUZZ_TIMEOUT_MS,
}, () => {
  const tasks = [json(S.taskDone), json(S.taskError), json(S.taskInQueue), json(S.taskCreated), json(S.taskNotFound)];
  const cases: Array<[string, string[], (c: Client) => Promise<unknown>, (v: unknown) => void]> = [
    ['task status', tasks, (c) => c.getTask(955), isTask],
    ['task create', [json(S.taskCreated), json(S.notApproved)], (c) => c.createTask({ process: PROCESS, context: {} }), isTask],
    ['task cancel', [json(S.taskInQueue), json(S.taskNotFound)], (c) => c.cancelTask(957), isTask],
    [
      'system status',
      [json(S.statusOk), json(S.notApproved)],
      (c) => c.getSystemStatus(),
      (v) => expect(v).toMatchObject({ approved: true }),
    ],
    [
      'process list',
      [json(S.processList)],
      (c) => c.listProcesses(),
      (v) => expect(Array.isArray((v as { processes: unknown }).processes)).toBe(true),
    ],
    [
      'job status',
      tasks,
      (c) => c.getJobStatus(955),
      (v) =>
        expect(['queued', 'running', 'succeeded', 'failed', 'cancelled', 'unknown']).toContain((v as { state: string }).state),
    ],
  ];
  for (const [name, samples, call, check] of cases) {
    it(`${name}: ${FUZZ_RUNS} cases`, async () => {
      let current: string | Uint8Array<ArrayBuffer> = '';
      const client = createElmaRpaClient(
        { baseUrl: 'http://127.0.0.1:1', authToken: 'fuzz-token' },
        {
          retry: false,
          fetch: async () => new Response(current, { status: 200, headers: { 'content-type': 'application/json' } }),
        },
      );
      await fc.assert(
        fc.asyncProperty(bodies(samples), async (body) => {
          current = body;
          const outcome = await valueOrJobwireError(() => call(client));
          if (outcome.ok) check(outcome.value);
        }),
        { numRuns: FUZZ_RUNS },
      );
    });
  }

  it(`output context strings (outputCtx): ${FUZZ_RUNS} cases, an object or absent`, async () => {
    const contexts = [S.taskDone.task.outputCtx, json({ a: 1, b: [true, null], c: { d: 'x' } }), '{}', '[]', 'null'];
    let current = '';
    const client = createElmaRpaClient(
      { baseUrl: 'http://127.0.0.1:1', authToken: 'fuzz-token' },
      {
        retry: false,
        fetch: async () =>
          new Response(json({ ...S.taskDone, task: { ...S.taskDone.task, outputCtx: current } }), {
            headers: { 'content-type': 'application/json' },
          }),
      },
    );
    const texts = fc.oneof(
      bodies(contexts).map((body) => (typeof body === 'string' ? body : new TextDecoder().decode(body))),
      fc.string({ unit: 'binary', maxLength: 200 }),
    );
    await fc.assert(
      fc.asyncProperty(texts, async (text) => {
        current = text;
        const task = await client.getTask(955);
        // The raw string is kept as sent; the decoded context is a plain object, or absent.
        expect(task.outputCtx).toBe(text);
        const decoded = task.outputContext;
        expect(decoded === undefined || (typeof decoded === 'object' && decoded !== null && !Array.isArray(decoded))).toBe(true);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it(`task callbacks (text, bytes or parsed JSON): ${FUZZ_RUNS} cases`, () => {
    const callbacks = [json(S.taskDone), json(S.taskDone.task), json(S.taskError)];
    const inputs = fc.oneof(
      bodies(callbacks),
      fc.jsonValue({ maxDepth: 4 }),
      bodies(callbacks).map((body) => (typeof body === 'string' ? body : body.buffer)),
    );
    fc.assert(
      fc.property(inputs, (input) => {
        const outcome = (() => {
          try {
            return { ok: true as const, value: parseTaskCallback(input, { authToken: 'cb-token' }) };
          } catch (error) {
            expect(error).toBeInstanceOf(UnexpectedResponseError);
            return { ok: false as const };
          }
        })();
        if (outcome.ok) isTask(outcome.value);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});

const AWKWARD = [
  'a/b',
  '..',
  'q?x=1',
  'frag#1',
  '100%',
  'two words',
  'ümlaut-é',
  '工作流',
  '😀',
  'a"b\\c',
  '\u0000\u2028',
  '{"nested":"json"}',
];
const awkward = fc.string({
  unit: fc.constantFrom('a', '/', '.', '?', '#', '%', ' ', '"', '\\', '{', '}', 'é', '漢', '😀', '\n', '\u2028'),
  minLength: 0,
  maxLength: 12,
});

describe('names and contexts reach the server exactly as given (ELMA)', () => {
  it('process ids, context keys and values, file names: JSON inside JSON, on the wire', async () => {
    const recorder = await startRecorder((request): RecorderReply => {
      if (request.rawUrl.endsWith('/download'))
        return { status: 200, headers: { 'content-type': 'application/octet-stream' }, body: 'x' };
      return { status: 200, headers: { 'content-type': 'application/json' }, body: json(S.taskCreated) };
    });
    try {
      const client = createElmaRpaClient({ baseUrl: recorder.url, authToken: 'wire-token' });
      const check = async (value: string) => {
        const at = recorder.requests.length;
        const when = new Date(Date.UTC(2020, 2, 22));
        await client.createTask({ process: value || PROCESS, context: { [value]: value, nested: { [value]: [value] }, when } });
        if (value !== '') await client.downloadTaskFile(955, value);
        const [create, download] = recorder.requests.slice(at);
        const body = JSON.parse(create?.body ?? '') as { auth_tkn: string; task: { process: string; ctx: string } };
        expect(body.auth_tkn).toBe('wire-token');
        expect(body.task.process).toBe(value || PROCESS);
        expect(JSON.parse(body.task.ctx)).toEqual({ [value]: value, nested: { [value]: [value] }, when: '2020-03-22T00:00:00Z' });
        if (value !== '') expect((JSON.parse(download?.body ?? '') as { filename: string }).filename).toBe(value);
      };
      for (const value of AWKWARD) await check(value);
      await fc.assert(fc.asyncProperty(awkward, check), { numRuns: 100 });
    } finally {
      await recorder.close();
    }
  });
});

describe('no secret in any error or log line (ELMA)', () => {
  it('401, 403, 404 (HTTP and in the body), 5xx, network failure, timeout, malformed body', async () => {
    const authToken = 'AUTHTKN-6b1d9e0f-5a5a';
    let mode = '';
    // A hostile server: it quotes the request body (auth_tkn included) back in every error.
    const recorder = await startRecorder((request): RecorderReply => {
      const echo = request.body;
      if (mode === 'drop') return 'drop';
      if (mode === 'hang') return 'hang';
      if (mode === 'malformed')
        return { status: 200, headers: { 'content-type': 'application/json' }, body: `{"status":200,"task":${echo}` };
      if (mode.startsWith('body-')) {
        return {
          status: 200,
          headers: { 'content-type': 'application/json' },
          body: json({ status: Number(mode.slice(5)), message: `no: ${echo}`, auth_tkn: authToken }),
        };
      }
      return {
        status: Number(mode),
        headers: { 'content-type': 'application/json', 'x-echo': echo.replace(/[^\x20-\x7e]/g, '') },
        body: json({ status: Number(mode), message: `refused ${echo}`, error: authToken }),
      };
    });
    const logger = recordingLogger();
    const client = createElmaRpaClient(
      { baseUrl: recorder.url, authToken },
      { logger, timeoutMs: 150, retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 1 } },
    );
    const paths: Array<[string, new (...args: never[]) => Error]> = [
      ['401', AuthenticationError],
      ['403', PermissionError],
      ['404', NotFoundError],
      ['500', ServerError],
      ['503', ServerError],
      ['body-401', AuthenticationError],
      ['body-403', PermissionError],
      ['body-404', NotFoundError],
      ['body-500', ServerError],
      ['drop', ConnectionError],
      ['hang', TimeoutError],
      ['malformed', UnexpectedResponseError],
    ];
    const leaks: string[] = [];
    try {
      for (const [path, ErrorClass] of paths) {
        mode = path;
        for (const call of [
          () => client.getTask(955),
          () => client.createTask({ process: PROCESS, context: { token: authToken } }),
        ]) {
          const error = await call().catch((e: unknown) => e);
          expect(error, path).toBeInstanceOf(ErrorClass);
          leaks.push(...findSecretLeaks(error, [authToken], logger.calls).map((l) => `${path}: ${l}`));
        }
      }
      await recorder.close();
      const refused = await client.getTask(955).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ConnectionError);
      leaks.push(...findSecretLeaks(refused, [authToken], logger.calls).map((l) => `refused: ${l}`));
      const callback = (() => {
        try {
          return parseTaskCallback(`{"task":{"id":"x","auth_tkn":"${authToken}"`, { authToken });
        } catch (error) {
          return error;
        }
      })();
      expect(callback).toBeInstanceOf(UnexpectedResponseError);
      leaks.push(...findSecretLeaks(callback, [authToken]).map((l) => `callback: ${l}`));
    } finally {
      await recorder.close();
    }
    expect(recorder.requests.every((r) => r.body.includes(authToken))).toBe(true);
    expect(leaks).toEqual([]);
    console.info(
      `[reliability] elma-rpa: ${paths.length * 2 + 2} error paths, ${logger.calls.length} log calls, secrets found: ${leaks.length}`,
    );
  });
});
