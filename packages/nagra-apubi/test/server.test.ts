/**
 * The server kit on 127.0.0.1 with the package's own client and raw HTTP: a real SOAP round trip
 * both ways, the wire answers the Workflow Manager expects (200 on success, SOAP 1.1 faults with
 * 400/500), dispatch by the body, exact text, charsets, partial handlers, the served WSDL, and the
 * explicit security choice. Hostile peers are in attack.test.ts; TLS in server-tls.test.ts.
 */
import { createClientAsync } from 'soap';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ApubiFault,
  type ApubiHandlers,
  type ApubiServerOptions,
  AuthenticationError,
  createApubiServer,
  createNagraApubiClient,
  SoapFaultError,
  wsdlXml,
} from '../src/index.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** A tiny in-memory publisher: every load succeeds at the second status poll. */
function memoryPublisher() {
  const tasks = new Map<string, { polls: number; destination?: string }>();
  const seen: unknown[] = [];
  const handlers: ApubiHandlers = {
    loadAsset(request) {
      seen.push(request);
      const taskId = `load-${tasks.size + 1}`;
      tasks.set(taskId, { polls: 0, destination: `cdn:${request.destinationAsset}` });
      return { taskId };
    },
    async purgeAsset(request) {
      seen.push(request);
      const taskId = `purge-${tasks.size + 1}`;
      tasks.set(taskId, { polls: 0 });
      return { taskId };
    },
    getTaskStatus({ taskId }) {
      seen.push({ taskId });
      const task = tasks.get(taskId);
      if (!task) throw new ApubiFault('Task Id does not exist');
      task.polls++;
      if (task.polls < 2) return { status: 'IN_PROGRESS' };
      return task.destination ? { status: 'SUCCESS', destinationAsset: task.destination } : { status: 'SUCCESS' };
    },
  };
  return { handlers, seen };
}

async function start(handlers: ApubiHandlers, options: ApubiServerOptions = { allowAnonymous: true }) {
  const server = createApubiServer(handlers, options);
  const endpoint = await server.listen();
  close = server.close;
  return { server, endpoint };
}

const post = (endpoint: string, body: string | Buffer, headers: Record<string, string> = {}) =>
  fetch(endpoint, { method: 'POST', body: body as BodyInit, headers: { 'content-type': 'text/xml; charset=utf-8', ...headers } });

const envelope = (inner: string) =>
  `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>${inner}</soap:Body></soap:Envelope>`;
const purge = (destination: string, extra = '') =>
  envelope(`<PurgeAsset xmlns="wfm:APUBI/v1/schemas"><DestinationAsset>${destination}</DestinationAsset>${extra}</PurgeAsset>`);
const status = (taskId: string) =>
  envelope(`<GetTaskStatus xmlns="wfm:APUBI/v1/schemas"><TaskId>${taskId}</TaskId></GetTaskStatus>`);

const xmlUnescape = (text: string | undefined) =>
  text?.replace(
    /&(quot|apos|lt|gt|amp);/g,
    (_m, name: string) => ({ quot: '"', apos: "'", lt: '<', gt: '>', amp: '&' })[name] as string,
  );

/** faultcode, faultstring and the ExceptionWS message of a fault answer, read by a regular expression (no parser of ours). */
function faultOf(text: string) {
  return {
    code: /<faultcode>([^<]*)<\/faultcode>/.exec(text)?.[1],
    string: xmlUnescape(/<faultstring>([^<]*)<\/faultstring>/.exec(text)?.[1]),
    message: xmlUnescape(
      /<detail><ns2:ExceptionWS xmlns:ns2="wfm:APUBI\/v1\/schemas"><message>([^<]*)<\/message><\/ns2:ExceptionWS><\/detail>/.exec(
        text,
      )?.[1],
    ),
    prefixDeclared: text.includes('<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">'),
  };
}

describe('createApubiServer + createNagraApubiClient', () => {
  it('round trip: LoadAsset → IN_PROGRESS → SUCCESS with the destination, over HTTP on 127.0.0.1', async () => {
    const { handlers, seen } = memoryPublisher();
    const { endpoint } = await start(handlers);
    expect(new URL(endpoint).hostname).toBe('127.0.0.1');
    expect(new URL(endpoint).pathname).toBe('/apubi');
    const client = createNagraApubiClient({ endpoint });
    const { taskId } = await client.loadAsset({ sourceAssetUrl: 'ftp://cis/movie.ts', destinationAsset: 'movie', metadata: 'm' });
    expect(taskId).toBe('load-1');
    expect(seen).toEqual([{ sourceAssetUrl: 'ftp://cis/movie.ts', destinationAsset: 'movie', metadata: { children: ['m'] } }]);
    expect(await client.getTaskStatus(taskId)).toEqual({
      taskId,
      status: 'IN_PROGRESS',
      kind: 'load',
      missingDestinationAsset: false,
    });
    const final = await client.waitForJob(taskId, { minDelayMs: 1 });
    expect(final.state).toBe('succeeded');
    expect(final.outputs).toEqual({ destinationAsset: 'cdn:movie' });
  });

  it('PurgeAsset without MetaData reaches the handler without it', async () => {
    const { handlers, seen } = memoryPublisher();
    const { endpoint } = await start(handlers);
    const client = createNagraApubiClient({ endpoint });
    expect(await client.purgeAsset({ destinationAsset: 'movie' })).toEqual({ taskId: 'purge-1' });
    expect(seen).toEqual([{ destinationAsset: 'movie' }]);
  });

  it('text arrives exactly as sent (escapes, white space, CR, non-ASCII, CDATA-looking, long) and comes back exactly', async () => {
    const values = [
      `a<b>&c "d" 'e' ]]>`,
      '  leading and trailing  ',
      'line1\r\nline2\rline3\n\ttab',
      'Grüße — 日本語 — 😀',
      '<![CDATA[not markup]]>',
      'x'.repeat(200_000),
    ];
    const { handlers, seen } = memoryPublisher();
    let reply = '';
    const { endpoint } = await start({
      ...handlers,
      loadAsset: (request) => {
        seen.push(request);
        return { taskId: reply };
      },
    });
    const client = createNagraApubiClient({ endpoint });
    for (const value of values) {
      seen.length = 0;
      reply = `task ${value}`;
      const task = await client.loadAsset({ sourceAssetUrl: `ftp://h/${value}`, destinationAsset: value, metadata: value });
      expect(seen).toEqual([{ sourceAssetUrl: `ftp://h/${value}`, destinationAsset: value, metadata: { children: [value] } }]);
      // The answer's bytes are checked exactly below; how a client reads padding is the client's business.
      expect(task.taskId.trim()).toBe(reply.trim());
    }
    const raw = await post(endpoint, status('x')).then((r) => r.text());
    expect(raw).toContain('<faultstring>Task Id does not exist</faultstring>');
  });

  it('the answer carries the handler value exactly: white space, CR and markup characters as references', async () => {
    const { endpoint } = await start({ loadAsset: () => ({ taskId: ' a\r\nb <&> ' }) }, { allowAnonymous: true });
    const text = await post(
      endpoint,
      envelope(
        '<LoadAsset xmlns="wfm:APUBI/v1/schemas"><SourceAssetUrl>s</SourceAssetUrl><DestinationAsset>d</DestinationAsset><MetaData/></LoadAsset>',
      ),
    ).then((r) => r.text());
    expect(text).toContain(
      '<LoadAssetResponse xmlns="wfm:APUBI/v1/schemas"><TaskId> a&#xD;&#xA;b &lt;&amp;&gt; </TaskId></LoadAssetResponse>',
    );
  });

  it('an ApubiFault becomes a SOAP fault with HTTP 500 and the ExceptionWS message', async () => {
    const { handlers } = memoryPublisher();
    const { endpoint } = await start(handlers);
    const error = await createNagraApubiClient({ endpoint })
      .getTaskStatus('nope')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SoapFaultError);
    const fault = error as SoapFaultError;
    expect(fault.status).toBe(500);
    expect(fault.faultCode).toBe('soap:Server');
    expect(fault.faultString).toBe('Task Id does not exist');
    expect(fault.detail).toEqual({ message: 'Task Id does not exist' });
  });

  it('a Client fault is sent with 400', async () => {
    const { handlers } = memoryPublisher();
    const { endpoint } = await start({
      ...handlers,
      loadAsset: () => {
        throw new ApubiFault('Source asset is missing or unreachable', { code: 'Client' });
      },
    });
    const error = (await createNagraApubiClient({ endpoint })
      .loadAsset({ sourceAssetUrl: 'ftp://x', destinationAsset: 'd', metadata: '' })
      .catch((e: unknown) => e)) as SoapFaultError;
    expect(error).toBeInstanceOf(SoapFaultError);
    expect(error.status).toBe(400);
    expect(error.faultCode).toBe('soap:Client');
    expect(error.faultString).toBe('Source asset is missing or unreachable');
  });

  it('other handler errors: 500 "Internal error" (nothing leaked); onError and the logger get it, credentials redacted', async () => {
    const onError = vi.fn();
    const warn = vi.fn();
    const { handlers } = memoryPublisher();
    const { endpoint } = await start(
      {
        ...handlers,
        getTaskStatus: () => {
          throw new Error('db refused: Authorization: Basic d2ZtOnMzY3JldA== and password s3cret');
        },
      },
      { basicAuth: { username: 'wfm', password: 's3cret' }, onError, logger: { warn } },
    );
    const response = await post(endpoint, status('t'), { authorization: `Basic ${btoa('wfm:s3cret')}`, cookie: 'session=abc' });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(faultOf(text)).toEqual({
      code: 'soap:Server',
      string: 'Internal error',
      message: 'Internal error',
      prefixDeclared: true,
    });
    expect(text).not.toContain('db refused');
    expect(onError).toHaveBeenCalledTimes(1);
    const [error, context] = onError.mock.calls[0] as [Error, Record<string, unknown>];
    expect(error.message).toContain('db refused');
    expect(context.operation).toBe('GetTaskStatus');
    expect(context.remoteAddress).toBe('127.0.0.1');
    expect((context.headers as Record<string, string>).authorization).toBe('***');
    expect((context.headers as Record<string, string>).cookie).toBe('***');
    expect(JSON.stringify(context)).not.toContain('d2ZtOnMzY3JldA');
    expect(warn).toHaveBeenCalledTimes(1);
    const logged = JSON.stringify(warn.mock.calls[0]);
    expect(logged).toContain('db refused');
    expect(logged).not.toContain('s3cret');
    expect(logged).not.toContain('d2ZtOnMzY3JldA');
  });

  it('a handler reply outside the interface is refused (500), not sent', async () => {
    const { handlers } = memoryPublisher();
    const onError = vi.fn();
    const { endpoint } = await start(
      { ...handlers, getTaskStatus: () => ({ status: 'DONE' as 'SUCCESS' }), loadAsset: () => ({ taskId: 'a\u0000b' }) },
      { allowAnonymous: true, onError },
    );
    const error = (await createNagraApubiClient({ endpoint }, { retry: false })
      .getTaskStatus('t')
      .catch((e: unknown) => e)) as SoapFaultError;
    expect(error).toBeInstanceOf(SoapFaultError);
    expect(error.faultString).toBe('Internal error');
    const load = (await createNagraApubiClient({ endpoint })
      .loadAsset({ sourceAssetUrl: 's', destinationAsset: 'd', metadata: '' })
      .catch((e: unknown) => e)) as SoapFaultError;
    expect(load.faultString).toBe('Internal error');
    expect(onError).toHaveBeenCalledTimes(2);
  });

  it('basicAuth: wrong credentials → 401 fault → AuthenticationError; right ones pass, whatever the scheme case', async () => {
    const { handlers } = memoryPublisher();
    const { endpoint } = await start(handlers, { basicAuth: { username: 'wfm', password: 's3cret' } });
    const bad = createNagraApubiClient({ endpoint, username: 'wfm', password: 'wrong' });
    const error = await bad.purgeAsset({ destinationAsset: 'd' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).message).toBe('nagra-apubi purgeAsset failed: HTTP 401: Unauthorized');
    const good = createNagraApubiClient({ endpoint, username: 'wfm', password: 's3cret' });
    expect((await good.purgeAsset({ destinationAsset: 'd' })).taskId).toBe('purge-1');
    for (const scheme of ['basic', 'BASIC', 'bAsIc']) {
      const response = await post(endpoint, purge('d'), { authorization: `${scheme} ${btoa('wfm:s3cret')}` });
      expect(response.status).toBe(200);
    }
    const none = await post(endpoint, purge('d'));
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Basic realm="APUBI", charset="UTF-8"');
    expect(faultOf(await none.text()).code).toBe('soap:Client');
    for (const header of [
      'Bearer abc',
      `Basic ${btoa('wfm:s3cret2')}`,
      `Basic ${btoa('wfm')}`,
      'Basic',
      `Digest ${btoa('wfm:s3cret')}`,
    ]) {
      expect((await post(endpoint, purge('d'), { authorization: header })).status).toBe(401);
    }
  });

  it('authenticate sees the headers, the remote address and (over plain HTTP) no certificate', async () => {
    const seen: unknown[] = [];
    const { handlers } = memoryPublisher();
    const { endpoint } = await start(handlers, {
      authenticate: (context) => {
        seen.push({ ...context, headers: context.headers['x-key'] });
        return context.headers['x-key'] === 'k';
      },
    });
    expect((await post(endpoint, purge('d'), { 'x-key': 'k' })).status).toBe(200);
    expect((await post(endpoint, purge('d'), { 'x-key': 'other' })).status).toBe(401);
    expect(seen).toEqual([
      { headers: 'k', remoteAddress: '127.0.0.1', peerCertificate: undefined, tlsAuthorized: false },
      { headers: 'other', remoteAddress: '127.0.0.1', peerCertificate: undefined, tlsAuthorized: false },
    ]);
  });

  it('an authenticate that throws is a generic 500, reported to onError', async () => {
    const onError = vi.fn();
    const { endpoint } = await start(memoryPublisher().handlers, {
      authenticate: () => {
        throw new Error('directory down at /srv/ldap.js');
      },
      onError,
    });
    const response = await post(endpoint, purge('d'));
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(faultOf(text).string).toBe('Internal error');
    expect(text).not.toContain('ldap');
    expect(onError).toHaveBeenCalledTimes(1);
  });
});

describe('an explicit security choice', () => {
  const handlers = memoryPublisher().handlers;
  it.each([
    ['no options', undefined],
    ['empty options', {}],
    ['allowAnonymous: false', { allowAnonymous: false }],
    ['two choices', { allowAnonymous: true, basicAuth: { username: 'u', password: 'pw-for-wsdl-test' } }],
    ['authenticate and basicAuth', { authenticate: () => true, basicAuth: { username: 'u', password: 'pw-for-wsdl-test' } }],
  ])('%s: refused when the server is created', (_name, options) => {
    expect(() => createApubiServer(handlers, options as ApubiServerOptions)).toThrow(
      'createApubiServer: choose exactly one of `authenticate`, `basicAuth` or `allowAnonymous: true`',
    );
  });

  it('no handler at all, an empty or a ":" Basic credential, or a bad wsdlAddress: refused when the server is created', () => {
    expect(() => createApubiServer({}, { allowAnonymous: true })).toThrow('give at least one of loadAsset');
    for (const basicAuth of [
      { username: '', password: '' },
      { username: 'u', password: '' },
      { username: '', password: 'empty-user-password' },
    ]) {
      expect(() => createApubiServer(handlers, { basicAuth })).toThrow('non-empty username and password');
    }
    expect(() => createApubiServer(handlers, { basicAuth: { username: 'a:b', password: 'colon-test-password' } })).toThrow(
      'cannot contain ":"',
    );
    expect(() => createApubiServer(handlers, { allowAnonymous: true, wsdlAddress: 'ftp://x/' })).toThrow('http(s) URL');
    expect(() => createApubiServer(handlers, { allowAnonymous: true, wsdlAddress: 'http://u:p@x/' })).toThrow(
      'without credentials',
    );
    expect(() => createApubiServer(handlers, { allowAnonymous: true, maxBodyBytes: -1 })).toThrow('maxBodyBytes');
  });
});

describe('the wire', () => {
  it('success is 200 text/xml with the response element in the APUBI namespace', async () => {
    const { endpoint } = await start(memoryPublisher().handlers);
    const response = await post(endpoint, purge('x'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    const text = await response.text();
    expect(text).toBe(
      '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>' +
        '<PurgeAssetResponse xmlns="wfm:APUBI/v1/schemas"><TaskId>purge-1</TaskId></PurgeAssetResponse></soap:Body></soap:Envelope>',
    );
  });

  it("accepts NAGRA's documented requests verbatim (GetTaskStatus; PurgeAsset with a line break kept in the value)", async () => {
    const { handlers, seen } = memoryPublisher();
    const { endpoint } = await start({
      ...handlers,
      getTaskStatus: ({ taskId }) => ({ status: taskId === 'TestAssetA' ? 'IN_PROGRESS' : 'FAILED' }),
    });
    const documented = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
    <soap:Body>
        <GetTaskStatus xmlns="wfm:APUBI/v1/schemas" xmlns:ns2="wfm:/APUBI/v1/schemas">
            <TaskId>TestAssetA</TaskId>
        </GetTaskStatus>
    </soap:Body>
</soap:Envelope>`;
    const response = await post(endpoint, documented);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<Status>IN_PROGRESS</Status>');
    // PurgeAsset (interface v1.0.0), "For a single file": the value ends with a line break.
    const purgeSample = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
    <soap:Body>
        <PurgeAsset xmlns="wfm:APUBI/v1/schemas" xmlns:ns2="wfm:/APUBI/v1/schemas">
            <DestinationAsset>Test_Encryption_GenericAssetContent_01/TestAsset_1080p.mp4
</DestinationAsset>
        </PurgeAsset>
    </soap:Body>
</soap:Envelope>`;
    expect((await post(endpoint, purgeSample)).status).toBe(200);
    expect(seen).toEqual([{ destinationAsset: 'Test_Encryption_GenericAssetContent_01/TestAsset_1080p.mp4\n' }]);
  });

  it('any prefixes, a Header, and unqualified operation elements are read; nil MetaData is absent', async () => {
    const { handlers, seen } = memoryPublisher();
    const { endpoint } = await start(handlers);
    const body =
      '<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/" xmlns:a="wfm:APUBI/v1/schemas" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
      '<e:Header><x:Trace xmlns:x="urn:x">1</x:Trace></e:Header><e:Body><a:PurgeAsset><a:DestinationAsset>d</a:DestinationAsset>' +
      '<a:MetaData xsi:nil="true"/></a:PurgeAsset></e:Body></e:Envelope>';
    expect((await post(endpoint, body)).status).toBe(200);
    expect((await post(endpoint, envelope('<PurgeAsset><DestinationAsset>u</DestinationAsset></PurgeAsset>'))).status).toBe(200);
    expect(seen).toEqual([{ destinationAsset: 'd' }, { destinationAsset: 'u' }]);
  });

  it('references decode once, never twice (&amp;lt; is the text &lt;), in text and attributes', async () => {
    const { handlers, seen } = memoryPublisher();
    const { endpoint } = await start(handlers);
    const tricky = '&amp;lt; &#38;lt; &#38;amp; &amp;#38; &#x26;#60; &lt;&gt;&quot;&apos; &#60;&#x3E; &#x1F600;';
    expect((await post(endpoint, purge(tricky, `<MetaData a="${tricky}"/>`))).status).toBe(200);
    const decoded = `&lt; &lt; &amp; &#38; &#60; <>"' <> 😀`;
    expect(seen).toEqual([{ destinationAsset: decoded, metadata: { attributes: { a: decoded }, children: [] } }]);
  });

  it('structured MetaData reaches the handler in document order, attributes and text exactly', async () => {
    const { handlers, seen } = memoryPublisher();
    const { endpoint } = await start(handlers);
    const metadata =
      '<MetaData kind="vod"><md:Title xmlns:md="urn:md" xml:lang="fr">Fish &amp; Chips</md:Title>\n  between\n' +
      '<Rating value="12"/><![CDATA[<raw>]]><Title>second</Title></MetaData>';
    expect((await post(endpoint, purge('d', metadata))).status).toBe(200);
    expect(seen).toEqual([
      {
        destinationAsset: 'd',
        metadata: {
          attributes: { kind: 'vod' },
          children: [
            { name: 'md:Title', attributes: { 'xmlns:md': 'urn:md', 'xml:lang': 'fr' }, children: ['Fish & Chips'] },
            '\n  between\n',
            { name: 'Rating', attributes: { value: '12' } },
            '<raw>',
            { name: 'Title', children: ['second'] },
          ],
        },
      },
    ]);
  });

  it.each([
    [
      'a missing required element',
      envelope('<GetTaskStatus xmlns="wfm:APUBI/v1/schemas"/>'),
      'GetTaskStatus: TaskId is required',
    ],
    ['a white-space-only required element', status('  \n '), 'GetTaskStatus: TaskId is required'],
    [
      'a field given twice',
      envelope('<GetTaskStatus xmlns="wfm:APUBI/v1/schemas"><TaskId>a</TaskId><TaskId>b</TaskId></GetTaskStatus>'),
      'TaskId given more than once',
    ],
    ['a field that holds elements', status('<x>a</x>'), 'GetTaskStatus: TaskId must be text'],
    ['malformed XML', '<soap:Envelope><soap:Body>', 'Invalid XML'],
    [
      'an undeclared prefix',
      '<soap:Envelope><soap:Body/></soap:Envelope>',
      'Invalid XML: malformed XML: undeclared namespace prefix soap',
    ],
    ['a DOCTYPE', '<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>', 'Invalid XML: XML with a DOCTYPE or other declaration refused'],
    ['an undeclared entity', status('&lol;'), 'Invalid XML: malformed XML: a bare "&" or an entity'],
    ['a forbidden character reference', status('&#0;'), 'a reference to a character XML does not allow'],
    ['not an envelope', '<Envelope><Body/></Envelope>', 'Expected a SOAP 1.1 Envelope'],
    [
      'an envelope without a Body',
      '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"/>',
      'Expected a SOAP 1.1 Envelope with one Body',
    ],
    ['an empty Body', envelope(''), 'Expected exactly one operation element in the Body, got 0'],
    [
      'two operations',
      envelope(
        `${status('a').slice(0, 0)}<GetTaskStatus xmlns="wfm:APUBI/v1/schemas"><TaskId>a</TaskId></GetTaskStatus><PurgeAsset xmlns="wfm:APUBI/v1/schemas"><DestinationAsset>d</DestinationAsset></PurgeAsset>`,
      ),
      'got 2',
    ],
    [
      'text beside the operation',
      envelope('hello<GetTaskStatus xmlns="wfm:APUBI/v1/schemas"><TaskId>a</TaskId></GetTaskStatus>'),
      'Expected elements only in the Body',
    ],
    ['an unknown operation', envelope('<Hello/>'), 'Unknown operation'],
    [
      'an operation in another namespace',
      envelope('<GetTaskStatus xmlns="urn:other"><TaskId>a</TaskId></GetTaskStatus>'),
      'Unknown operation',
    ],
  ])('%s → 400 soap:Client fault', async (_name, body, message) => {
    const { endpoint } = await start(memoryPublisher().handlers);
    const response = await post(endpoint, body);
    expect(response.status).toBe(400);
    const fault = faultOf(await response.text());
    expect(fault.code).toBe('soap:Client');
    expect(fault.prefixDeclared).toBe(true);
    expect(fault.string).toContain(message);
    expect(fault.message).toBe(fault.string);
  });

  it('a SOAP 1.2 envelope → soap:VersionMismatch (HTTP 500)', async () => {
    const { endpoint } = await start(memoryPublisher().handlers);
    const response = await post(
      endpoint,
      '<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body><GetTaskStatus xmlns="wfm:APUBI/v1/schemas"><TaskId>a</TaskId></GetTaskStatus></e:Body></e:Envelope>',
    );
    expect(response.status).toBe(500);
    expect(faultOf(await response.text()).code).toBe('soap:VersionMismatch');
  });

  it('SOAPAction is informational: another operation, an unknown value, empty or absent — the body decides', async () => {
    const { handlers, seen } = memoryPublisher();
    const debug = vi.fn();
    const { endpoint } = await start(handlers, { allowAnonymous: true, logger: { debug } });
    for (const action of ['"wfm:APUBI/v1/PurgeAsset"', '"urn:nagra:wfm#GetTaskStatus"', '""', '', undefined]) {
      const headers: Record<string, string> = action === undefined ? {} : { soapaction: action };
      const response = await post(endpoint, status('t1'), headers);
      expect(response.status).toBe(500); // the handler's "Task Id does not exist": GetTaskStatus ran
      expect(faultOf(await response.text()).string).toBe('Task Id does not exist');
    }
    expect(seen).toEqual(Array.from({ length: 5 }, () => ({ taskId: 't1' })));
    expect(debug.mock.calls.map(([line]) => line)).toEqual([
      'nagra-apubi server: SOAPAction "\\"wfm:APUBI/v1/PurgeAsset\\"" differs from the body\'s operation GetTaskStatus; served by the body',
      'nagra-apubi server: SOAPAction "\\"urn:nagra:wfm#GetTaskStatus\\"" differs from the body\'s operation GetTaskStatus; served by the body',
    ]);
    // The WSDL's own value is not logged.
    await post(endpoint, status('t1'), { soapaction: '"wfm:APUBI/v1/GetTaskStatus"' });
    expect(debug).toHaveBeenCalledTimes(2);
  });

  it('charsets: ISO-8859-1 and UTF-16 are decoded exactly; invalid bytes and unknown charsets are refused', async () => {
    const { handlers, seen } = memoryPublisher();
    const { endpoint } = await start(handlers);
    const latin1 = Buffer.from(purge('café'), 'latin1');
    expect((await post(endpoint, latin1, { 'content-type': 'text/xml; charset=ISO-8859-1' })).status).toBe(200);
    const declared = Buffer.from(`<?xml version="1.0" encoding="iso-8859-1"?>${purge('naïve')}`, 'latin1');
    expect((await post(endpoint, declared, { 'content-type': 'text/xml' })).status).toBe(200);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(purge('日本'), 'utf16le')]);
    expect((await post(endpoint, utf16, { 'content-type': 'text/xml' })).status).toBe(200);
    expect(seen).toEqual([{ destinationAsset: 'café' }, { destinationAsset: 'naïve' }, { destinationAsset: '日本' }]);

    const invalid = await post(endpoint, latin1); // Latin-1 bytes sent as UTF-8: never silently U+FFFD
    expect(invalid.status).toBe(415);
    expect(faultOf(await invalid.text())).toMatchObject({ code: 'soap:Client', string: 'request body is not valid UTF-8' });
    const unknown = await post(endpoint, purge('x'), { 'content-type': 'text/xml; charset=x-klingon' });
    expect(unknown.status).toBe(415);
    expect(faultOf(await unknown.text()).string).toBe('unsupported charset "x-klingon" (use UTF-8)');
    const ascii = await post(endpoint, Buffer.from(purge('é'), 'latin1'), { 'content-type': 'text/xml; charset=us-ascii' });
    expect(ascii.status).toBe(415);
    expect(seen).toHaveLength(3);
  });

  it('a body over the limit → 413 (declared or streamed)', async () => {
    const { endpoint } = await start(memoryPublisher().handlers, { allowAnonymous: true, maxBodyBytes: 100 });
    const response = await post(endpoint, `<x>${'a'.repeat(200)}</x>`);
    expect(response.status).toBe(413);
    expect(faultOf(await response.text()).string).toBe('Request body larger than 100 bytes');
    const chunks = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode('a'.repeat(50)));
        controller.close();
      },
    });
    const streamed = await fetch(endpoint, { method: 'POST', body: chunks, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
  });

  it('parse limits: depth, elements, attributes and text are bounded (client faults naming the bound)', async () => {
    const { endpoint } = await start(memoryPublisher().handlers, {
      allowAnonymous: true,
      parseLimits: { maxDepth: 6, maxElements: 8, maxAttributes: 3, maxTextLength: 10 },
    });
    const cases: Array<[string, string]> = [
      [purge('d', `<MetaData>${'<a>'.repeat(3)}${'</a>'.repeat(3)}</MetaData>`), 'elements nested too deep (more than 6)'],
      [purge('d', `<MetaData>${'<a/>'.repeat(6)}</MetaData>`), 'too many elements (more than 8)'],
      [purge('d', '<MetaData a="1" b="2" c="3"/>'), 'too many attributes (more than 3)'],
      [purge('0123456789a'), 'too much text in one element (more than 10 characters)'],
    ];
    for (const [body, message] of cases) {
      const response = await post(endpoint, body);
      expect(response.status).toBe(400);
      expect(faultOf(await response.text()).string).toBe(`Invalid XML: ${message}`);
    }
    expect((await post(endpoint, purge('0123456789'))).status).toBe(200);
  });

  it('GET ?wsdl serves the spec WSDL with the endpoint as address; a node-soap client built from it works', async () => {
    const { endpoint } = await start(memoryPublisher().handlers);
    const response = await fetch(`${endpoint}?wsdl`);
    expect(response.status).toBe(200);
    const wsdl = await response.text();
    expect(wsdl).toContain(`<soap:address location="${endpoint}"/>`);
    // Equal to the spec's WSDL in everything but the address.
    const address = /<soap:address location="[^"]*"\/>/;
    expect(wsdl.replace(address, '')).toBe(wsdlXml.replace(address, ''));
    // Interop: a stock node-soap client (its own HTTP stack, the served WSDL) against the kit.
    const stock = await createClientAsync(`${endpoint}?wsdl`);
    const [result] = (await stock.PurgeAssetAsync({ DestinationAsset: 'x' })) as [{ TaskId: string }];
    expect(result.TaskId).toBe('purge-1');
  });

  it('wsdlAddress is served as configured; wsdl: "authenticated" asks for credentials; "off" serves none', async () => {
    const configured = await start(memoryPublisher().handlers, {
      allowAnonymous: true,
      wsdlAddress: 'https://publisher.example/apubi',
    });
    const text = await fetch(`${configured.endpoint}?wsdl`, { headers: { host: 'evil.example' } }).then((r) => r.text());
    expect(text).toContain('<soap:address location="https://publisher.example/apubi"/>');
    await close?.();

    const guarded = await start(memoryPublisher().handlers, {
      basicAuth: { username: 'u', password: 'pw-for-wsdl-test' },
      wsdl: 'authenticated',
    });
    expect((await fetch(`${guarded.endpoint}?wsdl`)).status).toBe(401);
    expect(
      (await fetch(`${guarded.endpoint}?WSDL`, { headers: { authorization: `Basic ${btoa('u:pw-for-wsdl-test')}` } })).status,
    ).toBe(200);
    await close?.();

    const off = await start(memoryPublisher().handlers, { allowAnonymous: true, wsdl: 'off' });
    expect((await fetch(`${off.endpoint}?wsdl`)).status).toBe(404);
  });

  it('other paths → 404, other methods → 405', async () => {
    const { endpoint } = await start(memoryPublisher().handlers);
    const notFound = await fetch(new URL('/other', endpoint));
    expect(notFound.status).toBe(404);
    expect(faultOf(await notFound.text()).string).toBe('No APUBI endpoint at this path');
    const wrongMethod = await fetch(endpoint, { method: 'PUT', body: 'x' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, POST');
  });

  it('mounts in a server of your own through handle()', async () => {
    const { createServer } = await import('node:http');
    const kit = createApubiServer(memoryPublisher().handlers, { path: '/publish/apubi', allowAnonymous: true });
    const server = createServer((req, res) => void kit.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    close = () => new Promise<void>((resolve) => server.close(() => resolve()));
    const { port } = server.address() as { port: number };
    const client = createNagraApubiClient({ endpoint: `http://127.0.0.1:${port}/publish/apubi` });
    expect((await client.purgeAsset({ destinationAsset: 'x' })).taskId).toBe('purge-1');
  });
});

describe('partial handlers (NAGRA lets a publisher implement LoadAsset only or PurgeAsset only)', () => {
  it.each([
    ['loadAsset only', { loadAsset: () => ({ taskId: 'l' }) }, ['PurgeAsset', 'GetTaskStatus']],
    ['purgeAsset only', { purgeAsset: () => ({ taskId: 'p' }) }, ['LoadAsset', 'GetTaskStatus']],
  ] as Array<[string, ApubiHandlers, string[]]>)(
    '%s: the others are a soap:Server fault, the WSDL still lists all three',
    async (_name, handlers, missing) => {
      const { endpoint } = await start(handlers);
      const client = createNagraApubiClient({ endpoint }, { retry: false });
      const calls: Record<string, () => Promise<unknown>> = {
        LoadAsset: () => client.loadAsset({ sourceAssetUrl: 's', destinationAsset: 'd', metadata: '' }),
        PurgeAsset: () => client.purgeAsset({ destinationAsset: 'd' }),
        GetTaskStatus: () => client.getTaskStatus('t'),
      };
      for (const operation of missing) {
        const error = (await (calls[operation] as () => Promise<unknown>)().catch((e: unknown) => e)) as SoapFaultError;
        expect(error).toBeInstanceOf(SoapFaultError);
        expect(error.status).toBe(500);
        expect(error.faultCode).toBe('soap:Server');
        expect(error.faultString).toBe(`${operation} is not implemented by this publishing server`);
        expect(error.detail).toEqual({ message: `${operation} is not implemented by this publishing server` });
      }
      const present = Object.keys(calls).find((operation) => !missing.includes(operation)) as string;
      await expect((calls[present] as () => Promise<unknown>)()).resolves.toMatchObject({ taskId: expect.any(String) });
      const wsdl = await fetch(`${endpoint}?wsdl`).then((r) => r.text());
      for (const operation of Object.keys(calls)) expect(wsdl).toContain(`<wsdl:operation name="${operation}">`);
    },
  );
});
