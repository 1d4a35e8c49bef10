import { inspect } from 'node:util';
import {
  ENTITY_MARKER,
  findSecretLeaks,
  HOSTILE_BODY_KINDS,
  hostileBody,
  hostileXmlDocuments,
  type RecordedRequest,
  type RecorderReply,
  recordingLogger,
  asperaOrchestratorSamples as S,
  startRecorder,
  valueOrJobwireError,
} from '@jobwire/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AsperaAuth } from '../src/auth.js';
import {
  AuthenticationError,
  ConnectionError,
  createAsperaOrchestratorClient,
  NotFoundError,
  PermissionError,
  ServerError,
  TimeoutError,
  UnexpectedResponseError,
} from '../src/index.js';

const FUZZ_RUNS = 1000;
const json = (body: unknown) => JSON.stringify(body);
type Client = ReturnType<typeof createAsperaOrchestratorClient>;

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

const XML_WORKFLOWS = '<workflows type="array"><workflow><id type="integer">256</id><name>Deliver</name></workflow></workflows>';
const XML_ORDERS =
  '<work_orders type="array"><work_order><id type="integer">9001</id><name>a</name><status>Complete</status></work_order></work_orders>';
const XML_PING = '<remote_orchestrator_info><orchestrator-version>4.0.1</orchestrator-version></remote_orchestrator_info>';
const STATES = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'unknown'];

describe('fuzzed responses (Aspera): a valid value or a typed JobwireError, never another exception', () => {
  const isList = (v: unknown) => expect(Array.isArray(v)).toBe(true);
  const isOrder = (v: unknown) => expect(v).toMatchObject({ id: expect.any(String), status: expect.any(String) });
  const cases: Array<{
    name: string;
    xml: string[];
    json: string[];
    call: (c: Client) => Promise<unknown>;
    check: (v: unknown) => void;
  }> = [
    {
      name: 'work step status',
      xml: [S.workStepStatusXml, S.workStepStatusFixtureXml],
      json: [json(S.workStepStatusJson)],
      call: (c) => c.getWorkStepStatus('8461', 'step'),
      check: (v) => expect(v).toMatchObject({ work_step: { id: expect.any(Number), status: expect.any(String) } }),
    },
    {
      name: 'work order',
      xml: [S.workOrderStatusFixtureXml],
      json: [json(S.workOrderStatus), json(S.initiate), json(S.workOrderCancel)],
      call: (c) => c.getWorkOrder('8461'),
      check: isOrder,
    },
    {
      name: 'step output (Ruby hash literals)',
      xml: [S.stepOutputHashXml],
      json: [json(S.stepOutputHashJson)],
      call: (c) => c.getStepOutput('46756', 'IndexedTable'),
      check: (v) => expect(v).toMatchObject({ name: expect.any(String) }),
    },
    {
      name: 'work step change',
      xml: [S.workStepCancelXml],
      json: [json({ work_step: { id: 46756, status: 'Canceling' } })],
      call: (c) => c.cancelWorkStep('46756'),
      check: isOrder,
    },
    {
      name: 'work step reset',
      xml: [S.workStepResetFixtureXml],
      json: [json(S.workOrderStatus), json({ work_order: { branchedFrom: null } })],
      call: (c) => c.resetWorkStep('549781'),
      check: (v) => expect(Array.isArray((v as { steps: unknown }).steps)).toBe(true),
    },
    {
      name: 'workflow details',
      xml: [S.workflowDetailsXml],
      json: [json(S.workflowDetails)],
      call: (c) => c.getWorkflowDetails('13'),
      check: (v) => expect(v).toMatchObject({ id: expect.any(String), statuses: expect.any(Array) }),
    },
    {
      name: 'workflow inputs',
      xml: [S.workflowInputsSpecXml],
      json: [json(S.workflowInputsSpec)],
      call: (c) => c.getWorkflowInputs('158'),
      check: (v) => expect(v).toMatchObject({ parameters: expect.any(Array) }),
    },
    {
      name: 'workflow outputs',
      xml: [S.workflowOutputsSpecFixtureXml],
      json: [json({ workflow_outputs_spec: { context: [{ variable_name: 'a', step_name: 's' }] } })],
      call: (c) => c.getWorkflowOutputs('878'),
      check: (v) => expect(v).toMatchObject({ outputs: expect.any(Array) }),
    },
    {
      name: 'work order outputs',
      xml: [S.workOrderOutputXml],
      json: [json({ work_order_output: { variable: [{ name: 'a', type: 'hash', value: '{"a"=>1}' }] } })],
      call: (c) => c.getWorkOrderOutputs('8461'),
      check: isList,
    },
    { name: 'workflows', xml: [XML_WORKFLOWS], json: [json(S.workflowsList)], call: (c) => c.listWorkflows(), check: isList },
    {
      name: 'work orders',
      xml: [XML_ORDERS],
      json: [json(S.workOrdersList)],
      call: (c) => c.listWorkOrders('256'),
      check: isList,
    },
    {
      name: 'ping',
      xml: [XML_PING],
      json: [json(S.remoteNodePing)],
      call: (c) => c.ping(),
      check: (v) => expect(v).toHaveProperty('info'),
    },
    {
      name: 'status text',
      xml: [],
      json: [json('Complete'), S.workStepStatusOnlyText],
      call: (c) => c.getWorkStepStatusText('8461', 'step'),
      check: (v) => expect(typeof v).toBe('string'),
    },
    {
      name: 'job status',
      xml: [S.workOrderStatusFixtureXml],
      json: [json(S.workOrderStatus)],
      call: (c) => c.getJobStatus('8461'),
      check: (v) => expect(STATES).toContain((v as { state: string }).state),
    },
  ];

  for (const { name, xml, json: jsonSamples, call, check } of cases) {
    // Bare status text is the same whatever the format: one run is enough.
    const formats = xml.length > 0 ? (['xml', 'json'] as const) : (['json'] as const);
    for (const format of formats) {
      it(`${name} (${format}): ${FUZZ_RUNS} cases`, async () => {
        let current: string | Uint8Array<ArrayBuffer> = '';
        const client = createAsperaOrchestratorClient(
          { baseUrl: 'http://127.0.0.1:1/aspera/orchestrator', auth: { username: 'u', password: 'p' } },
          { format, retry: false, fetch: async () => new Response(current, { status: 200 }) },
        );
        await fc.assert(
          fc.asyncProperty(bodies(format === 'xml' ? xml : jsonSamples), async (body) => {
            current = body;
            const outcome = await valueOrJobwireError(() => call(client));
            if (outcome.ok) check(outcome.value);
          }),
          { numRuns: FUZZ_RUNS },
        );
        // A thousand runs take seconds on a busy machine: the bound is on correctness, not speed.
      }, 60_000);
    }
  }
});

describe('hostile XML (Aspera): refused before anything is expanded or fetched', () => {
  it('billion laughs, quadratic blowup, external entities and DTDs, in success and error bodies', async () => {
    const external = await startRecorder(() => ({ status: 200, body: ENTITY_MARKER }));
    let current = '';
    let status = 200;
    const client = createAsperaOrchestratorClient(
      { baseUrl: 'http://127.0.0.1:1/aspera/orchestrator', auth: { username: 'u', password: 'p' } },
      {
        format: 'xml',
        retry: false,
        fetch: async () => new Response(current, { status, headers: { 'content-type': 'application/xml' } }),
      },
    );
    const calls: Array<[string, string, () => Promise<unknown>]> = [
      ['getWorkOrder', S.workOrderStatusFixtureXml.replace(/^<\?xml[^>]*>\s*/, ''), () => client.getWorkOrder('8461')],
      ['getWorkStepStatus', S.workStepStatusXml.replace(/^<\?xml[^>]*>\s*/, ''), () => client.getWorkStepStatus('8461', 's')],
      ['getStepOutput', S.stepOutputHashXml.replace(/^<\?xml[^>]*>\s*/, ''), () => client.getStepOutput('1', 'IndexedTable')],
    ];
    let refused = 0;
    try {
      for (const [operation, inner, call] of calls) {
        for (const { name, xml } of hostileXmlDocuments(inner, `${external.url}/xxe`)) {
          current = xml;
          status = 200;
          const error = await call().catch((e: unknown) => e);
          expect(error, `${operation}: ${name}`).toBeInstanceOf(UnexpectedResponseError);
          expect((error as Error).message).toMatch(/DOCTYPE|entity/i);
          const shown = inspect(error, { depth: 10 });
          expect(shown.split(ENTITY_MARKER).length - 1, `${operation}: ${name}`).toBeLessThanOrEqual(1);
          expect(shown).not.toContain('root:x:0:0');
          refused++;
          // The same document as an error body: still a typed error, nothing expanded into it.
          status = 500;
          const failure = await call().catch((e: unknown) => e);
          expect(failure).toBeInstanceOf(ServerError);
          expect(inspect(failure, { depth: 10 }).split(ENTITY_MARKER).length - 1).toBeLessThanOrEqual(1);
        }
      }
      expect(external.requests).toEqual([]);
    } finally {
      await external.close();
    }
    expect(refused).toBe(calls.length * 7);
    console.info(`[reliability] aspera-orchestrator: ${refused} hostile XML documents refused, 0 expanded, 0 fetched`);
  });
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
  'a&b=c',
  'x[y]',
];
const awkward = fc
  .string({
    unit: fc.constantFrom('a', '/', '.', '?', '#', '%', ' ', '+', '&', '=', ';', 'é', '漢', '😀', '[', ']', '"'),
    minLength: 1,
    maxLength: 12,
  })
  .filter((id) => id !== '.' && id !== '..');

describe('ids and names reach the server exactly as given (Aspera)', () => {
  it('path segments, query values, parameters and query credentials, on the wire', async () => {
    const recorder = await startRecorder(
      (): RecorderReply => ({
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: json({
          work_order: { id: 1, status: 'Complete' },
          work_step: { id: 2, status: 'Complete' },
          inputs: [],
          outputs: [],
        }),
      }),
      '/aspera/orchestrator',
    );
    try {
      const check = async (value: string) => {
        // Query credentials with every awkward character as well.
        const auth: AsperaAuth = { type: 'query', login: `user ${value}`, password: `pw&${value}` };
        const client = createAsperaOrchestratorClient({ baseUrl: recorder.url, auth });
        const at = recorder.requests.length;
        await client.getWorkOrder(value);
        await client.getWorkStepStatus(value, value);
        await client.startWorkOrder(value, { parameters: { [value]: value }, name: value });
        const [order, step, start] = recorder.requests.slice(at) as [RecordedRequest, RecordedRequest, RecordedRequest];
        const path = (r: RecordedRequest) => (r.rawUrl.split('?')[0] ?? '').split('/');
        const query = (r: RecordedRequest) => new URL(r.rawUrl, 'http://x').searchParams;
        expect(path(order)).toHaveLength(6);
        expect(decodeURIComponent(path(order)[5] ?? '')).toBe(`${value}.json`);
        expect(query(step).get('work_order_id')).toBe(value);
        expect(query(step).get('step_name')).toBe(value);
        expect(path(start)).toHaveLength(6);
        expect(decodeURIComponent(path(start)[5] ?? '')).toBe(`${value}.json`);
        expect(query(start).get(`external_parameters[${value}]`)).toBe(value);
        expect(query(start).get('work_order[name]')).toBe(value);
        for (const request of [order, step, start]) {
          expect(query(request).get('login')).toBe(`user ${value}`);
          expect(query(request).get('password')).toBe(`pw&${value}`);
        }
      };
      for (const value of AWKWARD) await check(value);
      await fc.assert(fc.asyncProperty(awkward, check), { numRuns: 100 });
    } finally {
      await recorder.close();
    }
  });
});

describe('no secret in any error or log line (Aspera)', () => {
  it('every auth mode through 401, 403, 404, 5xx, network failure, timeout and malformed bodies', async () => {
    const password = 'PASSWORD-4f1c&x=y';
    const apiKey = 'APIKEY-77d0e2b1';
    const basic = Buffer.from(`admin:${password}`).toString('base64');
    let mode = '';
    // A hostile server: it quotes the URL (query secrets included) and the Authorization header back.
    const recorder = await startRecorder((request): RecorderReply => {
      const echo = `${request.method} ${request.rawUrl} ${request.headers.authorization ?? ''} ${request.body}`;
      if (mode === 'drop') return 'drop';
      if (mode === 'hang') return 'hang';
      if (mode === 'malformed-json')
        return { status: 200, headers: { 'content-type': 'application/json' }, body: `{"work_order":"${echo}` };
      if (mode === 'malformed-xml')
        return { status: 200, headers: { 'content-type': 'application/xml' }, body: `<work_order><id>${echo}</id>` };
      const status = Number(mode);
      return {
        status,
        headers: { 'content-type': 'text/plain', 'x-echo': echo.replace(/[^\x20-\x7e]/g, '') },
        body: `Couldn't do it for ${echo}\n/opt/aspera/app.rb:1:in \`x' ${echo}\n`,
      };
    }, '/aspera/orchestrator');
    const modes: Array<[string, AsperaAuth]> = [
      ['basic', { username: 'admin', password }],
      ['query password', { type: 'query', login: 'admin', password }],
      ['query api key', { type: 'query', login: 'admin', apiKey }],
    ];
    const paths: Array<[string, new (...args: never[]) => Error]> = [
      ['401', AuthenticationError],
      ['403', PermissionError],
      ['404', NotFoundError],
      ['500', ServerError],
      ['502', ServerError],
      ['drop', ConnectionError],
      ['hang', TimeoutError],
      ['malformed-json', UnexpectedResponseError],
      ['malformed-xml', UnexpectedResponseError],
    ];
    const secrets = [password, encodeURIComponent(password), apiKey, basic];
    const leaks: string[] = [];
    let driven = 0;
    const logger = recordingLogger();
    try {
      for (const [authName, auth] of modes) {
        for (const [path, ErrorClass] of paths) {
          mode = path;
          const format = path === 'malformed-xml' ? 'xml' : 'json';
          const client = createAsperaOrchestratorClient(
            { baseUrl: recorder.url, auth },
            { format, logger, timeoutMs: 150, retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 1 } },
          );
          const error = await client.getWorkOrder('8461').catch((e: unknown) => e);
          expect(error, `${authName} ${path}`).toBeInstanceOf(ErrorClass);
          leaks.push(...findSecretLeaks(error, secrets, logger.calls).map((l) => `${authName} ${path}: ${l}`));
          driven++;
        }
      }
    } finally {
      await recorder.close();
    }
    const refused = await createAsperaOrchestratorClient({ baseUrl: recorder.url, auth: modes[1]?.[1] as AsperaAuth }, { logger })
      .getWorkOrder('1')
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ConnectionError);
    leaks.push(...findSecretLeaks(refused, secrets, logger.calls).map((l) => `refused: ${l}`));
    // The server did get (and echo) every secret: a redaction failure would show.
    const wire = recorder.requests.map((r) => `${r.rawUrl} ${r.headers.authorization ?? ''} ${r.body}`).join('\n');
    for (const secret of [encodeURIComponent(password), apiKey, basic]) expect(wire).toContain(secret);
    expect(leaks).toEqual([]);
    console.info(
      `[reliability] aspera-orchestrator: ${driven + 1} error paths over ${modes.length} auth modes, ${logger.calls.length} log calls, secrets found: ${leaks.length}`,
    );
  });
});
