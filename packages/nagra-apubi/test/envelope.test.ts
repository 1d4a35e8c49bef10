/**
 * The friendly calls write their SOAP envelopes directly and read each answer with one parse
 * (src/envelope.ts, src/decode.ts), without node-soap. These tests pin the exact request (byte for
 * byte, and the same bytes node-soap sends for the same call), the decoded results, the fault path,
 * and that node-soap is not even loaded until `client.soap()` is called.
 */
import { isRecord } from '@jobwire/core';
import { nagraApubiSamples as S } from '@jobwire/testkit';
import { parseXml } from '@jobwire/xml';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import manifest from '../package.json' with { type: 'json' };
import { requestEnvelope, SOAP_ACTIONS, soapHeaders, soapText } from '../src/envelope.js';
import { createNagraApubiClient, SoapFaultError, UnexpectedResponseError } from '../src/index.js';

const { version } = manifest;

// Records whether node-soap was loaded: the factory runs on the first import of 'soap', by anyone.
const soapModule = vi.hoisted(() => ({ loaded: false }));
vi.mock('soap', async (importOriginal) => {
  soapModule.loaded = true;
  return importOriginal();
});

const endpoint = 'http://publisher.test:8080/apubi';
const PASSWORD = 's3cret&<pw>';
const BASIC = `Basic ${Buffer.from(`wfm:${PASSWORD}`).toString('base64')}`;
const HEAD =
  '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" ' +
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"  xmlns:tns="wfm:APUBI/v1/schemas"><soap:Body>';
const TAIL = '</soap:Body></soap:Envelope>';

const xml = (body: string, status = 200) =>
  new Response(body, { status, headers: { 'content-type': 'text/xml; charset=utf-8' } });
const envelope = (inner: string) =>
  `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="wfm:APUBI/v1/schemas"><soapenv:Body>${inner}</soapenv:Body></soapenv:Envelope>`;
const ANSWERS: Record<string, string> = {
  LoadAsset: envelope('<ns:LoadAssetResponse><ns:TaskId> load-1 </ns:TaskId></ns:LoadAssetResponse>'),
  PurgeAsset: envelope('<ns:PurgeAssetResponse><ns:TaskId>purge-1</ns:TaskId></ns:PurgeAssetResponse>'),
  GetTaskStatus: S.successWithDestination,
};

interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** A client whose fetch records every request and answers by SOAPAction (or with `answer`). */
function recordingClient(answer?: () => Response) {
  const sent: Sent[] = [];
  const fetch = vi.fn(async (request: Request) => {
    sent.push({
      method: request.method,
      url: request.url,
      headers: Object.fromEntries(request.headers),
      body: await request.text(),
    });
    if (answer) return answer();
    const action = request.headers.get('soapaction') ?? '';
    const operation = Object.keys(ANSWERS).find((op) => action === `"wfm:APUBI/v1/${op}"`) ?? 'GetTaskStatus';
    return xml(ANSWERS[operation] as string);
  });
  const client = createNagraApubiClient({ endpoint, username: 'wfm', password: PASSWORD }, { fetch, retry: false });
  return { client, sent, fetch };
}

const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  );

// First in the file: the tests further down load node-soap through client.soap().
describe('node-soap stays unloaded on the friendly path', () => {
  it('loadAsset, purgeAsset, getTaskStatus, getJobStatus and waitForJob never import it; soap() does', async () => {
    expect(soapModule.loaded).toBe(false);
    const { client } = recordingClient();
    await client.loadAsset({ sourceAssetUrl: 'a', destinationAsset: 'b', metadata: '' });
    await client.purgeAsset({ destinationAsset: 'b' });
    await client.getTaskStatus('t1');
    await client.getJobStatus('t1');
    await client.waitForJob('t1', { minDelayMs: 1 });
    await errorOf(recordingClient(() => xml(S.fault, 500)).client.getTaskStatus('t1'));
    expect(soapModule.loaded).toBe(false);
    await client.soap();
    expect(soapModule.loaded).toBe(true);
  });
});

describe('request envelopes, written without node-soap', () => {
  it('GetTaskStatus: method, URL, headers and body exactly', async () => {
    const { client, sent } = recordingClient();
    await client.getTaskStatus('TestAssetA');
    expect(sent).toHaveLength(1);
    const [request] = sent as [Sent];
    expect(request.method).toBe('POST');
    expect(request.url).toBe(endpoint);
    expect(request.headers).toEqual({
      authorization: BASIC,
      'content-type': 'text/xml; charset=utf-8',
      soapaction: '"wfm:APUBI/v1/GetTaskStatus"',
      // Core's default User-Agent: this package and its version.
      'user-agent': `jobwire-nagra-apubi/${version}`,
    });
    expect(request.body).toBe(
      `${HEAD}<GetTaskStatus xmlns="wfm:APUBI/v1/schemas"><TaskId>TestAssetA</TaskId></GetTaskStatus>${TAIL}`,
    );
  });

  it('LoadAsset: the three fields in WSDL order, an empty MetaData kept', async () => {
    const { client, sent } = recordingClient();
    expect(await client.loadAsset({ sourceAssetUrl: 'ftp://cis:21/a.ts', destinationAsset: 'vod/a.ts', metadata: '' })).toEqual({
      taskId: ' load-1 ',
    });
    const [request] = sent as [Sent];
    expect(request.headers.soapaction).toBe('"wfm:APUBI/v1/LoadAsset"');
    expect(request.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(request.body).toBe(
      `${HEAD}<LoadAsset xmlns="wfm:APUBI/v1/schemas"><SourceAssetUrl>ftp://cis:21/a.ts</SourceAssetUrl>` +
        `<DestinationAsset>vod/a.ts</DestinationAsset><MetaData></MetaData></LoadAsset>${TAIL}`,
    );
  });

  it('PurgeAsset: MetaData only when given', async () => {
    const { client, sent } = recordingClient();
    expect(await client.purgeAsset({ destinationAsset: 'vod/a.ts' })).toEqual({ taskId: 'purge-1' });
    await client.purgeAsset({ destinationAsset: 'vod/b.ts', metadata: 'why' });
    expect(sent.map((r) => r.headers.soapaction)).toEqual(['"wfm:APUBI/v1/PurgeAsset"', '"wfm:APUBI/v1/PurgeAsset"']);
    expect(sent.map((r) => r.body)).toEqual([
      `${HEAD}<PurgeAsset xmlns="wfm:APUBI/v1/schemas"><DestinationAsset>vod/a.ts</DestinationAsset></PurgeAsset>${TAIL}`,
      `${HEAD}<PurgeAsset xmlns="wfm:APUBI/v1/schemas"><DestinationAsset>vod/b.ts</DestinationAsset><MetaData>why</MetaData></PurgeAsset>${TAIL}`,
    ]);
  });

  it('refuses a PurgeAsset metadata that is not a string before sending', async () => {
    const { client, fetch } = recordingClient();
    // @ts-expect-error metadata is a string
    await expect(client.purgeAsset({ destinationAsset: 'd', metadata: 5 })).rejects.toBeInstanceOf(RangeError);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('the SOAPActions are the WSDL binding’s', async () => {
    const { wsdlXml } = await import('../src/generated/apubi/wsdl.js');
    const inWsdl = Object.fromEntries(
      [...wsdlXml.matchAll(/<wsdl:operation name="(\w+)">\s*<soap:operation soapAction="([^"]+)"/g)].map((m) => [m[1], m[2]]),
    );
    expect(inWsdl).toEqual(SOAP_ACTIONS);
    expect(soapHeaders('LoadAsset')).toEqual({
      'Content-Type': 'text/xml; charset=utf-8',
      SOAPAction: '"wfm:APUBI/v1/LoadAsset"',
    });
  });
});

describe('soapText: values as XML text', () => {
  it.each([
    ['plain', 'abc', 'abc'],
    ['markup characters', `a<b>&"c'`, 'a&lt;b&gt;&amp;&quot;c&apos;'],
    ['references stay text', '&amp; &#0; &lol;', '&amp;amp; &amp;#0; &amp;lol;'],
    ['tab, LF and CR as character references', 'a\tb\nc\r\nd', 'a&#x9;b&#xA;c&#xD;&#xA;d'],
    ['a CDATA lookalike, as a CDATA section holding exactly it', '<![CDATA[x]]>', '<![CDATA[<![CDATA[x]]]]><![CDATA[>]]>'],
    [']]> inside a CDATA lookalike', '<![CDATA[a]]>b]]>', '<![CDATA[<![CDATA[a]]]]><![CDATA[>b]]]]><![CDATA[>]]>'],
    [']]> alone', ']]>', ']]&gt;'],
    ['unicode', 'é 工 😀', 'é 工 😀'],
  ])('%s', (_name, value, written) => {
    expect(soapText(value)).toBe(written);
    expect(parseXml(`<a>${soapText(value)}</a>`, { vendor: 'nagra-apubi', operation: 'test' }).a).toBe(value);
  });

  it('whatever the value, it is one text node that reads back as given', () => {
    fc.assert(
      fc.property(
        // parseXml trims what it reads: values without surrounding whitespace read back whole.
        fc
          .string({
            unit: fc.constantFrom(
              'a',
              '<',
              '>',
              '&',
              ']',
              '[',
              '!',
              'C',
              'D',
              'A',
              'T',
              '"',
              "'",
              ';',
              '#',
              '\t',
              '\n',
              '\r',
              'é',
            ),
            minLength: 1,
          })
          .filter((value) => value.trim() === value && value !== ''),
        (value) => {
          const body = requestEnvelope('GetTaskStatus', [['TaskId', value]]);
          expect(body.match(/<TaskId>/g)).toHaveLength(1);
          const root = parseXml(body, { vendor: 'nagra-apubi', operation: 'test', removeNamespacePrefixes: true });
          const envelopeNode = root.Envelope;
          const bodyNode = isRecord(envelopeNode) ? envelopeNode.Body : undefined;
          const op = isRecord(bodyNode) ? bodyNode.GetTaskStatus : undefined;
          const taskId = isRecord(op) ? op.TaskId : undefined;
          expect(taskId).toBe(value);
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** What the friendly client handed node-soap before it wrote envelopes itself. */
const beforeSoapText = (value: string) =>
  value.startsWith('<![CDATA[') && value.endsWith(']]>') ? `<![CDATA[${value.replace(/]]>/g, ']]]]><![CDATA[>')}]]>` : value;

describe('the same bytes as node-soap', () => {
  const VALUES = [
    'TestAssetA',
    'a<b>c & "d" \'e\'',
    ']]>',
    '<![CDATA[x]]>',
    '<![CDATA[a]]>b]]>',
    '&amp; &#0; &lol;',
    'tab\there, lf\nthere, cr\rthere',
    ' padded ',
    'ftp://user:pw@h:21/a b?x=1#f',
    'ümlaut 工作流 😀',
    '</TaskId><TaskId>evil',
  ];

  it.each(VALUES)('%j: every operation, body and headers, direct vs the generated node-soap client', async (value) => {
    const { client, sent } = recordingClient();
    const raw = await client.soap();
    await client.getTaskStatus(value);
    await raw.GetTaskStatusAsync({ TaskId: beforeSoapText(value) });
    await client.loadAsset({ sourceAssetUrl: value, destinationAsset: value, metadata: value });
    const v = beforeSoapText(value);
    await raw.LoadAssetAsync({ SourceAssetUrl: v, DestinationAsset: v, MetaData: v });
    await client.purgeAsset({ destinationAsset: value, metadata: value });
    await raw.PurgeAssetAsync({ DestinationAsset: v, MetaData: v });
    await client.purgeAsset({ destinationAsset: value });
    await raw.PurgeAssetAsync({ DestinationAsset: v });
    expect(sent).toHaveLength(8);
    for (let i = 0; i < sent.length; i += 2) {
      expect(sent[i]).toEqual(sent[i + 1]);
    }
  });
});

describe('answers, parsed once', () => {
  it('GetTaskStatus: every field decoded', async () => {
    const { client } = recordingClient();
    expect(await client.getTaskStatus('t1')).toEqual({
      taskId: 't1',
      status: 'SUCCESS',
      destinationAsset: 'movie_01072015100045',
      missingDestinationAsset: false,
    });
    const job = await client.getJobStatus('t1', { kind: 'load' });
    expect(job).toEqual({
      vendor: 'nagra-apubi',
      id: 't1',
      state: 'succeeded',
      done: true,
      vendorStatus: 'SUCCESS',
      outputs: { destinationAsset: 'movie_01072015100045' },
      raw: {
        taskId: 't1',
        status: 'SUCCESS',
        destinationAsset: 'movie_01072015100045',
        kind: 'load',
        missingDestinationAsset: false,
      },
    });
  });

  it('any prefix, a default namespace, an XML declaration, a Header, CDATA, references', async () => {
    const body =
      '<?xml version="1.0" encoding="UTF-8"?>\n<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/">' +
      '<S:Header><x:Trace xmlns:x="urn:x">1</x:Trace></S:Header><S:Body>' +
      '<GetTaskStatusResponse xmlns="wfm:APUBI/v1/schemas"><Status><![CDATA[IN_PROGRESS]]></Status>' +
      '<DestinationAsset>vod/a&amp;b&#x41;&lt;&#233;<!-- c & d --></DestinationAsset></GetTaskStatusResponse>' +
      '</S:Body></S:Envelope>';
    const { client } = recordingClient(() => xml(body));
    expect(await client.getTaskStatus('t1', { kind: 'purge' })).toEqual({
      taskId: 't1',
      status: 'IN_PROGRESS',
      destinationAsset: 'vod/a&bA<é',
      kind: 'purge',
      missingDestinationAsset: false,
    });
  });

  it('LoadAsset and PurgeAsset: the TaskId exactly as sent (it goes back to the server in GetTaskStatus)', async () => {
    const { client, sent } = recordingClient();
    expect(await client.loadAsset({ sourceAssetUrl: 'a', destinationAsset: 'b', metadata: '' })).toEqual({ taskId: ' load-1 ' });
    expect(await client.purgeAsset({ destinationAsset: 'b' })).toEqual({ taskId: 'purge-1' });
    await client.getTaskStatus(' load-1 ');
    expect(sent[2]?.body).toContain('<TaskId> load-1 </TaskId>');
  });

  it('a blank TaskId is no TaskId; a pretty-printed answer reads the same as a compact one', async () => {
    const blank = envelope('<ns:LoadAssetResponse><ns:TaskId> \n </ns:TaskId></ns:LoadAssetResponse>');
    const error = await recordingClient(() => xml(blank))
      .client.loadAsset({ sourceAssetUrl: 'a', destinationAsset: 'b', metadata: '' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as UnexpectedResponseError).message).toMatch(/LoadAssetResponse with a TaskId/);
    const pretty =
      '<?xml version="1.0"?>\n<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="wfm:APUBI/v1/schemas">\n' +
      '  <soapenv:Header/>\n  <soapenv:Body>\n    <ns:GetTaskStatusResponse>\n      <ns:Status>\n        SUCCESS\n      </ns:Status>\n' +
      '      <ns:DestinationAsset>Test_Encryption_GenericAssetContent_01/ </ns:DestinationAsset>\n    </ns:GetTaskStatusResponse>\n' +
      '  </soapenv:Body>\n</soapenv:Envelope>\n';
    const status = await recordingClient(() => xml(pretty)).client.getTaskStatus('t');
    expect(status.status).toBe('SUCCESS');
    expect(status.destinationAsset).toBe('Test_Encryption_GenericAssetContent_01/ ');
  });

  it.each([
    ['getTaskStatus', (c: ReturnType<typeof createNagraApubiClient>) => c.getTaskStatus('t1')],
    [
      'loadAsset',
      (c: ReturnType<typeof createNagraApubiClient>) => c.loadAsset({ sourceAssetUrl: 'a', destinationAsset: 'b', metadata: '' }),
    ],
    ['purgeAsset', (c: ReturnType<typeof createNagraApubiClient>) => c.purgeAsset({ destinationAsset: 'b' })],
  ] as const)(
    '%s: a fault (HTTP 200 or 500) is a SoapFaultError with code, string, detail and status',
    async (operation, call) => {
      for (const status of [200, 500]) {
        const { client } = recordingClient(() => xml(S.fault, status));
        const error = await errorOf(call(client));
        expect(error).toBeInstanceOf(SoapFaultError);
        const fault = error as SoapFaultError;
        expect(fault.vendor).toBe('nagra-apubi');
        expect(fault.operation).toBe(operation);
        expect(fault.status).toBe(status);
        expect(fault.faultCode).toBe('soapenv:Server');
        expect(fault.faultString).toBe('Task Id does not exist');
        expect(fault.detail).toEqual({ message: 'Task Id does not exist' });
        expect(fault.message).toBe(`nagra-apubi ${operation} failed: SOAP fault soapenv:Server: Task Id does not exist`);
      }
    },
  );

  it('the HTTP status of a 2xx answer is kept in the errors about it', async () => {
    for (const status of [202, 204]) {
      const { client } = recordingClient(() => new Response(null, { status }));
      const error = await errorOf(client.getTaskStatus('t1'));
      expect(error).toBeInstanceOf(UnexpectedResponseError);
      expect((error as UnexpectedResponseError).status).toBe(status);
      expect((error as UnexpectedResponseError).message).toBe(
        `nagra-apubi getTaskStatus: expected a SOAP envelope, got an empty body (HTTP ${status})`,
      );
    }
    const { client } = recordingClient(() => xml(S.fault, 202));
    expect(
      ((await errorOf(client.loadAsset({ sourceAssetUrl: 'a', destinationAsset: 'b', metadata: '' }))) as SoapFaultError).status,
    ).toBe(202);
  });

  it.each([
    ['not a URL', 'publisher/apubi', 'Failed to parse URL from publisher/apubi'],
    [
      'a URL with credentials',
      'http://wfm:hunter2@publisher.test/apubi',
      'Request cannot be constructed from a URL that includes credentials: http://wfm:***@publisher.test/apubi',
    ],
  ])('an endpoint fetch refuses (%s) → UnexpectedResponseError at once, nothing sent, no retry', async (_name, url, message) => {
    const fetch = vi.fn(async () => xml(S.success));
    const client = createNagraApubiClient({ endpoint: url, password: 'hunter2' }, { fetch });
    const error = await errorOf(client.getTaskStatus('t1'));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toBe(`nagra-apubi getTaskStatus: ${message}`);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('a fault is reported as such even when the rest of the text is not well-formed', async () => {
    const body = envelope('<soapenv:Fault><faultcode>c</faultcode><faultstring>s &#0;</faultstring></soapenv:Fault>');
    const { client } = recordingClient(() => xml(body));
    const error = await errorOf(client.getTaskStatus('t1'));
    expect(error).toBeInstanceOf(SoapFaultError);
    expect((error as SoapFaultError).faultString).toBe('s');
  });

  const statusOf = (inner: string) => envelope(`<ns:GetTaskStatusResponse>${inner}</ns:GetTaskStatusResponse>`);
  it.each([
    ['a bare & in an attribute', statusOf('<ns:Status a="x & y">SUCCESS</ns:Status>'), /malformed XML: a bare "&" \(HTTP 200\)/],
    ['&#0;', statusOf('<ns:Status>SUC&#0;CESS</ns:Status>'), /character XML does not allow \(&#0;\)/],
    ['&#xFFFE;', statusOf('<ns:Status>SUCCESS&#xFFFE;</ns:Status>'), /character XML does not allow \(&#xFFFE;\)/],
    ['a lone surrogate reference', statusOf('<ns:Status>SUCCESS&#55296;</ns:Status>'), /character XML does not allow/],
    ['&#x; (no digits)', statusOf('<ns:Status>SUCCESS&#x;</ns:Status>'), /a bare "&"/],
    ['an undeclared entity', statusOf('<ns:Status>SUCCESS&lol;</ns:Status>'), /an undeclared entity \(&lol;\)/],
    [
      'an HTML entity (XML does not define it)',
      statusOf('<ns:Status>SUCCESS&nbsp;X</ns:Status>'),
      /an undeclared entity \(&nbsp;\)/,
    ],
    ['text beside the response’s elements', statusOf('junk<ns:Status>SUCCESS</ns:Status>'), /holding elements only/],
    [
      'text beside the Body',
      envelope('<ns:GetTaskStatusResponse><ns:Status>SUCCESS</ns:Status></ns:GetTaskStatusResponse>x'),
      /holding elements only/,
    ],
  ])('%s → UnexpectedResponseError (node-soap refused it too)', async (_name, body, message) => {
    const { client } = recordingClient(() => xml(body));
    const error = await errorOf(client.getTaskStatus('t1'));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as UnexpectedResponseError).message).toMatch(message);
    expect((error as UnexpectedResponseError).operation).toBe('getTaskStatus');
    expect((error as UnexpectedResponseError).status).toBe(200);
  });

  it.each([
    [
      '& inside CDATA and comments',
      statusOf('<ns:Status><![CDATA[SUCCESS & &#0;]]></ns:Status><!-- & &#0; -->'),
      'SUCCESS & &#0;',
    ],
    ['the five XML entities', statusOf('<ns:Status>&lt;&gt;&amp;&quot;&apos;</ns:Status>'), '<>&"\''],
    ['character references', statusOf('<ns:Status>&#83;UCCESS&#x9;</ns:Status>'), 'SUCCESS'],
  ])('%s is read', async (_name, body, status) => {
    const { client } = recordingClient(() => xml(body));
    expect((await client.getTaskStatus('t1')).status).toBe(status);
  });
});
