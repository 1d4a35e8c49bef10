import { inspect } from 'node:util';
import { isRecord } from '@jobwire/core';
import {
  ENTITY_MARKER,
  findSecretLeaks,
  HOSTILE_BODY_KINDS,
  hostileBody,
  hostileXmlDocuments,
  type RecordedRequest,
  type RecorderReply,
  recordingLogger,
  nagraApubiSamples as S,
  startRecorder,
  valueOrJobwireError,
} from '@jobwire/testkit';
import { escapeXml, parseXml, type XmlElement } from '@jobwire/xml';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  ConnectionError,
  createNagraApubiClient,
  NotFoundError,
  PermissionError,
  ServerError,
  SoapFaultError,
  TimeoutError,
  UnexpectedResponseError,
} from '../src/index.js';

const FUZZ_RUNS = 1000;
// A ceiling, not a measure: a thousand cases take a few seconds, more on a machine shared by other jobs.
const FUZZ_CEILING_MS = 60_000;
type Client = ReturnType<typeof createNagraApubiClient>;
const SOAP = { 'content-type': 'text/xml; charset=utf-8' };
const LOAD = { sourceAssetUrl: 'ftp://in.example.com/a.mxf', destinationAsset: '/out/a.mxf', metadata: '' };

function bodies(samples: readonly string[]): fc.Arbitrary<string | Uint8Array<ArrayBuffer>> {
  return fc.oneof(
    {
      weight: 5,
      arbitrary: fc
        .tuple(fc.constantFrom(...samples), fc.constantFrom(...HOSTILE_BODY_KINDS), fc.nat())
        .map(([sample, kind, n]) => hostileBody(sample, kind, n)),
    },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
    {
      weight: 1,
      arbitrary: fc
        .string({ maxLength: 100 })
        .map(
          (t) =>
            `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>${t}</soapenv:Body></soapenv:Envelope>`,
        ),
    },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => new Uint8Array(bytes)) },
  );
}

describe('fuzzed SOAP responses (APUBI): a valid value or a typed JobwireError, never another exception', () => {
  const statuses = [S.inProgress, S.success, S.successWithDestination, S.failed, S.fault, S.inProgressVerbatim];
  const cases: Array<[string, string[], (c: Client) => Promise<unknown>, (v: unknown) => void]> = [
    [
      'GetTaskStatus',
      statuses,
      (c) => c.getTaskStatus('t1'),
      (v) => expect(v).toMatchObject({ taskId: 't1', status: expect.stringMatching(/\S/) }),
    ],
    [
      'LoadAsset',
      [S.loadAssetResponse, S.fault],
      (c) => c.loadAsset(LOAD),
      (v) => expect(v).toMatchObject({ taskId: expect.stringMatching(/\S/) }),
    ],
    [
      'PurgeAsset',
      [S.purgeAssetResponse, S.fault],
      (c) => c.purgeAsset({ destinationAsset: '/out/a.mxf' }),
      (v) => expect(v).toMatchObject({ taskId: expect.stringMatching(/\S/) }),
    ],
    [
      'job status',
      statuses,
      (c) => c.getJobStatus('t1'),
      (v) =>
        expect(['queued', 'running', 'succeeded', 'failed', 'cancelled', 'unknown']).toContain((v as { state: string }).state),
    ],
    [
      'raw node-soap GetTaskStatusAsync',
      statuses,
      async (c) => (await c.soap()).GetTaskStatusAsync({ TaskId: 't1' }),
      (v) => expect(Array.isArray(v)).toBe(true),
    ],
  ];
  for (const [name, samples, call, check] of cases) {
    it(
      `${name}: ${FUZZ_RUNS} cases (200 and 500 answers)`,
      async () => {
        let current: string | Uint8Array<ArrayBuffer> = '';
        let status = 200;
        const client = createNagraApubiClient(
          { endpoint: 'http://127.0.0.1:1/apubi' },
          { retry: false, fetch: async () => new Response(current, { status, headers: SOAP }) },
        );
        await fc.assert(
          fc.asyncProperty(bodies(samples), fc.constantFrom(200, 200, 500), async (body, code) => {
            current = body;
            status = code;
            const outcome = await valueOrJobwireError(() => call(client));
            if (outcome.ok) {
              expect(code).toBe(200);
              check(outcome.value);
            }
          }),
          { numRuns: FUZZ_RUNS },
        );
      },
      FUZZ_CEILING_MS,
    );
  }
});

describe('raw node-soap calls on envelopes node-soap cannot read (found by the fuzzer)', () => {
  const envelope = (attrs: string, inner: string) =>
    `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/so${attrs}ap/envelope/" xmlns:ns="wfm:APUBI/v1/schemas"><soapenv:Body><ns:GetTaskStatusResponse>${inner}<ns:Status>IN_PROGRESS</ns:Status></ns:GetTaskStatusResponse></soapenv:Body></soapenv:Envelope>`;
  // seed -2056485597: a character reference sax refuses (node-soap rejected with a plain object);
  // seed 1305043857: an envelope in an unknown namespace (node-soap resolved with undefined).
  for (const [name, body] of [
    ['&#0; in mixed content', envelope('', '&#0;')],
    ['an unknown envelope namespace', envelope('&', '')],
  ] as const) {
    it(`${name}: an UnexpectedResponseError, raw and friendly`, async () => {
      const client = createNagraApubiClient(
        { endpoint: 'http://127.0.0.1:1/apubi' },
        { retry: false, fetch: async () => new Response(body, { status: 200, headers: SOAP }) },
      );
      await expect((await client.soap()).GetTaskStatusAsync({ TaskId: 't1' })).rejects.toBeInstanceOf(UnexpectedResponseError);
      await expect(client.getTaskStatus('t1')).rejects.toBeInstanceOf(UnexpectedResponseError);
    });
  }
});

describe('hostile XML in SOAP responses (APUBI): refused before anything is expanded or fetched', () => {
  it('billion laughs, quadratic blowup, external entities and DTDs, as answers and as faults', async () => {
    const external = await startRecorder(() => ({ status: 200, body: ENTITY_MARKER }));
    let current = '';
    let status = 200;
    const client = createNagraApubiClient(
      { endpoint: 'http://127.0.0.1:1/apubi' },
      { retry: false, fetch: async () => new Response(current, { status, headers: SOAP }) },
    );
    const strip = (xml: string) => xml.replace(/^<\?xml[^>]*>\s*/, '');
    const calls: Array<[string, string, () => Promise<unknown>]> = [
      ['GetTaskStatus', strip(S.successWithDestination), () => client.getTaskStatus('t1')],
      ['LoadAsset', strip(S.loadAssetResponse), () => client.loadAsset(LOAD)],
      ['GetTaskStatus fault', strip(S.fault), () => client.getTaskStatus('t1')],
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
          // As a 500 "fault": not read as a fault (so nothing in it is trusted), the HTTP status decides.
          status = 500;
          const failure = await call().catch((e: unknown) => e);
          expect(failure, `${operation}: ${name} (500)`).toBeInstanceOf(ServerError);
          expect(inspect(failure, { depth: 10 }).split(ENTITY_MARKER).length - 1).toBeLessThanOrEqual(1);
          refused += 2;
        }
      }
      expect(external.requests).toEqual([]);
    } finally {
      await external.close();
    }
    console.info(`[reliability] nagra-apubi: ${refused} hostile SOAP answers refused, 0 expanded, 0 fetched`);
  });
});

/** The SOAP Body's operation element of a recorded request, parsed back with core's parser. */
function operationOf(request: RecordedRequest, name: string): XmlElement {
  const root = parseXml(request.body, { vendor: 'nagra-apubi', operation: 'test', removeNamespacePrefixes: true });
  const body = isRecord(root.Envelope) ? root.Envelope.Body : undefined;
  const element = isRecord(body) ? body[name] : undefined;
  if (!isRecord(element)) throw new Error(`no ${name} in ${request.body}`);
  return element;
}
const textOf = (node: unknown) => (typeof node === 'string' ? node : isRecord(node) ? String(node['#text'] ?? '') : '');

const AWKWARD = [
  'a<b>c',
  'x & y',
  ']]>',
  '<![CDATA[x]]>',
  '&amp;',
  '&lol;',
  '"quoted\'',
  'ftp://u:p@h/a b?x=1#f',
  'ümlaut-é 工作流 😀',
  '</TaskId><TaskId>evil',
];
const awkward = fc
  .string({
    unit: fc.constantFrom('a', '<', '>', '&', ']', '[', '!', '"', "'", ';', '#', '/', '%', '?', 'é', '漢', '😀', 'x'),
    minLength: 1,
    maxLength: 16,
  })
  .filter((text) => text.trim() === text && text !== '');

describe('ids and names reach the server exactly as given (APUBI)', () => {
  it(
    '`<`, `&`, `]]>`, quotes and unicode are XML-escaped into every field, on the wire',
    async () => {
      const recorder = await startRecorder((request): RecorderReply => {
        const op = /<(?:\w+:)?(LoadAsset|PurgeAsset|GetTaskStatus)[\s>]/.exec(request.body)?.[1] ?? 'GetTaskStatus';
        const inner = op === 'GetTaskStatus' ? '<ns:Status>IN_PROGRESS</ns:Status>' : '<ns:TaskId>t1</ns:TaskId>';
        return {
          status: 200,
          headers: SOAP,
          body: `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="wfm:APUBI/v1/schemas"><soapenv:Body><ns:${op}Response>${inner}</ns:${op}Response></soapenv:Body></soapenv:Envelope>`,
        };
      });
      try {
        const client = createNagraApubiClient({ endpoint: `${recorder.url}/apubi` });
        const check = async (value: string) => {
          const at = recorder.requests.length;
          await client.loadAsset({ sourceAssetUrl: `ftp://h/${value}`, destinationAsset: value, metadata: value });
          await client.purgeAsset({ destinationAsset: value, metadata: value });
          await client.getTaskStatus(value);
          const [load, purge, status] = recorder.requests.slice(at) as [RecordedRequest, RecordedRequest, RecordedRequest];
          const loaded = operationOf(load, 'LoadAsset');
          expect(textOf(loaded.SourceAssetUrl)).toBe(`ftp://h/${value}`);
          expect(textOf(loaded.DestinationAsset)).toBe(value);
          expect(textOf(loaded.MetaData)).toBe(value);
          expect(textOf(operationOf(purge, 'PurgeAsset').DestinationAsset)).toBe(value);
          expect(textOf(operationOf(status, 'GetTaskStatus').TaskId)).toBe(value);
          // Nothing the caller wrote became markup: one TaskId element, whatever the value.
          expect(status.body.match(/<(?:\w+:)?TaskId[\s>]/g)).toHaveLength(1);
        };
        for (const value of AWKWARD) await check(value);
        await fc.assert(fc.asyncProperty(awkward, check), { numRuns: 100 });
      } finally {
        await recorder.close();
      }
    },
    FUZZ_CEILING_MS,
  );
});

describe('no secret in any error or log line (APUBI)', () => {
  it('401, 403, 404, 5xx, SOAP faults, network failure, timeout, malformed body', async () => {
    const password = 'PASSWORD-ap<&>"9';
    const basic = Buffer.from(`wfm:${password}`).toString('base64');
    const sourceSecret = 'FTPPASS-3e1f';
    const sourceAssetUrl = `ftp://ingest:${sourceSecret}@in.example.com/a.mxf`;
    let mode = '';
    // A hostile publisher: its faults quote the Authorization header, the password and the asset URL.
    const recorder = await startRecorder((request): RecorderReply => {
      const echo = escapeXml(`${request.headers.authorization ?? ''} ${password} ${sourceAssetUrl}`);
      if (mode === 'drop') return 'drop';
      if (mode === 'hang') return 'hang';
      if (mode === 'malformed') return { status: 200, headers: SOAP, body: `<soapenv:Envelope><soapenv:Body><x>${echo}` };
      const status = mode === 'fault' ? 500 : Number(mode);
      return {
        status,
        headers: { ...SOAP, 'x-echo': (request.headers.authorization ?? '').replace(/[^\x20-\x7e]/g, '') },
        body:
          '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault>' +
          `<faultcode>soapenv:Server</faultcode><faultstring>Cannot read ${echo}</faultstring>` +
          `<detail><ns2:ExceptionWS xmlns:ns2="wfm:APUBI/v1/schemas"><message>${echo}</message></ns2:ExceptionWS></detail>` +
          '</soapenv:Fault></soapenv:Body></soapenv:Envelope>',
      };
    }, '/apubi');
    const logger = recordingLogger();
    const client = createNagraApubiClient(
      { endpoint: recorder.url, username: 'wfm', password },
      { logger, timeoutMs: 150, retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 1 } },
    );
    const paths: Array<[string, new (...args: never[]) => Error]> = [
      ['401', AuthenticationError],
      ['403', PermissionError],
      ['404', SoapFaultError],
      ['fault', SoapFaultError],
      ['503', SoapFaultError],
      ['drop', ConnectionError],
      ['hang', TimeoutError],
      ['malformed', UnexpectedResponseError],
    ];
    const secrets = [password, escapeXml(password), basic, sourceSecret];
    const leaks: string[] = [];
    try {
      for (const [path, ErrorClass] of paths) {
        mode = path;
        for (const call of [() => client.getTaskStatus('t1'), () => client.loadAsset({ ...LOAD, sourceAssetUrl })]) {
          const error = await call().catch((e: unknown) => e);
          expect(error, path).toBeInstanceOf(ErrorClass);
          leaks.push(...findSecretLeaks(error, secrets, logger.calls).map((l) => `${path}: ${l}`));
        }
      }
      await recorder.close();
      const refused = await client.getTaskStatus('t1').catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ConnectionError);
      leaks.push(...findSecretLeaks(refused, secrets, logger.calls).map((l) => `refused: ${l}`));
    } finally {
      await recorder.close();
    }
    expect(recorder.requests.some((r) => r.headers.authorization === `Basic ${basic}`)).toBe(true);
    expect(leaks).toEqual([]);
    console.info(
      `[reliability] nagra-apubi: ${paths.length * 2 + 1} error paths, ${logger.calls.length} log calls, secrets found: ${leaks.length}`,
    );
  });

  it('a 404 without a SOAP body is a NotFoundError', async () => {
    const client = createNagraApubiClient(
      { endpoint: 'http://127.0.0.1:1/apubi' },
      {
        retry: false,
        fetch: async () =>
          new Response('<html><title>404 Not Found</title></html>', { status: 404, headers: { 'content-type': 'text/html' } }),
      },
    );
    await expect(client.getTaskStatus('t1')).rejects.toBeInstanceOf(NotFoundError);
  });
});
