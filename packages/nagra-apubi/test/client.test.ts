import { inspect } from 'node:util';
import { RedirectError } from '@jobwire/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AuthenticationError,
  ConnectionError,
  createNagraApubiClient,
  ServerError,
  SoapFaultError,
  TimeoutError,
  UnexpectedResponseError,
} from '../src/index.js';

const endpoint = 'http://127.0.0.1:9/apubi';
const PASSWORD = 'pa55-w0rd!';

const envelope = (body: string) =>
  `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="wfm:APUBI/v1/schemas"><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;
const statusBody = (inner: string) => envelope(`<ns:GetTaskStatusResponse>${inner}</ns:GetTaskStatusResponse>`);
const fault = (code: string, message: string) =>
  envelope(
    `<soapenv:Fault><faultcode>${code}</faultcode><faultstring>${message}</faultstring><detail><ns2:ExceptionWS xmlns:ns2="wfm:APUBI/v1/schemas"><message>${message}</message></ns2:ExceptionWS></detail></soapenv:Fault>`,
  );
const xml = (body: string, status = 200) =>
  new Response(body, { status, headers: { 'content-type': 'text/xml; charset=utf-8' } });

/** A client whose fetch answers `responses` in turn (the last one repeats), recording requests. */
function clientWith(responses: Array<Response | (() => Response)>, options: Parameters<typeof createNagraApubiClient>[1] = {}) {
  const requests: Request[] = [];
  let i = 0;
  const fetch = vi.fn(async (request: Request) => {
    requests.push(request);
    const next = responses[Math.min(i++, responses.length - 1)];
    return typeof next === 'function' ? next() : (next as Response).clone();
  });
  const client = createNagraApubiClient({ endpoint, username: 'wfm', password: PASSWORD }, { fetch, ...options });
  return { client, fetch, requests };
}

const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('decoding GetTaskStatus', () => {
  it('trims values and treats an empty DestinationAsset as absent', async () => {
    const { client } = clientWith([
      xml(statusBody('<ns:Status>  SUCCESS \n</ns:Status><ns:DestinationAsset>  </ns:DestinationAsset>')),
    ]);
    expect(await client.getTaskStatus('t1', { kind: 'purge' })).toEqual({
      taskId: 't1',
      status: 'SUCCESS',
      kind: 'purge',
      missingDestinationAsset: false,
    });
  });

  it('accepts other prefixes, no prefix, and elements with attributes', async () => {
    const body =
      '<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body><GetTaskStatusResponse xmlns="wfm:APUBI/v1/schemas"><Status xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="StatusType">FAILED</Status><DestinationAsset>ftp://cdn/x</DestinationAsset></GetTaskStatusResponse></S:Body></S:Envelope>';
    const { client } = clientWith([xml(body)]);
    const status = await client.getTaskStatus('t1');
    expect(status.status).toBe('FAILED');
    expect(status.destinationAsset).toBe('ftp://cdn/x');
  });

  it('keeps an unknown status verbatim (state unknown) instead of failing', async () => {
    const { client } = clientWith([xml(statusBody('<ns:Status>QUEUED</ns:Status>'))]);
    const status = await client.getJobStatus('t1');
    expect(status.state).toBe('unknown');
    expect(status.vendorStatus).toBe('QUEUED');
    expect(status.done).toBe(false);
  });

  it.each([
    ['an empty body', '', /got an empty body \(HTTP 200\)/],
    ['JSON', '{"status":"SUCCESS"}', /got a non-XML body/],
    ['plain text', 'OK', /got a non-XML body/],
    ['truncated XML', statusBody('<ns:Status>SUCCESS</ns:Status>').slice(0, 120), /malformed XML/],
    [
      'a DOCTYPE with entities',
      `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>${statusBody('<ns:Status>&a;</ns:Status>')}`,
      /DOCTYPE/,
    ],
    ['XML that is not an envelope', '<html-ish><Status>SUCCESS</Status></html-ish>', /expected a SOAP 1.1 Envelope with a Body/],
    ['an envelope without Status', statusBody('<ns:Other>x</ns:Other>'), /GetTaskStatusResponse with a Status/],
    [
      'a repeated Status',
      statusBody('<ns:Status>SUCCESS</ns:Status><ns:Status>FAILED</ns:Status>'),
      /GetTaskStatusResponse with a Status/,
    ],
    ['an unrelated response element', envelope('<ns:A>1</ns:A><ns:B>2</ns:B>'), /a GetTaskStatusResponse element/],
    [
      'a structured DestinationAsset',
      statusBody('<ns:Status>SUCCESS</ns:Status><ns:DestinationAsset><a>1</a></ns:DestinationAsset>'),
      /text DestinationAsset/,
    ],
  ])('%s → UnexpectedResponseError', async (_name, body, message) => {
    const { client } = clientWith([xml(body)]);
    const error = await errorOf(client.getTaskStatus('t1'));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as UnexpectedResponseError).message).toMatch(message);
    expect((error as UnexpectedResponseError).operation).toBe('getTaskStatus');
  });

  it('LoadAsset without a TaskId → UnexpectedResponseError', async () => {
    const { client } = clientWith([xml(envelope('<ns:LoadAssetResponse><ns:TaskId/></ns:LoadAssetResponse>'))]);
    const error = await errorOf(client.loadAsset({ sourceAssetUrl: 'ftp://a/b', destinationAsset: 'd', metadata: '' }));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as UnexpectedResponseError).message).toMatch(/LoadAssetResponse with a TaskId/);
  });
});

describe('faults and HTTP errors', () => {
  it('a fault with HTTP 200 is still a SoapFaultError', async () => {
    const { client } = clientWith([xml(fault('soap:Client', 'Source asset is missing'))]);
    const error = await errorOf(client.loadAsset({ sourceAssetUrl: 'ftp://a/b', destinationAsset: 'd', metadata: '' }));
    expect(error).toBeInstanceOf(SoapFaultError);
    expect((error as SoapFaultError).status).toBe(200);
    expect((error as SoapFaultError).faultCode).toBe('soap:Client');
    expect((error as SoapFaultError).operation).toBe('loadAsset');
  });

  it('a fault with 400 is a SoapFaultError, not retried', async () => {
    const { client, fetch } = clientWith([xml(fault('soap:Client', 'TaskId is required'), 400)]);
    const error = await errorOf(client.getTaskStatus('t1'));
    expect(error).toBeInstanceOf(SoapFaultError);
    expect((error as SoapFaultError).status).toBe(400);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('a fault without detail has an empty detail', async () => {
    const body = envelope('<soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>boom</faultstring></soapenv:Fault>');
    const { client } = clientWith([xml(body, 500)]);
    const error = (await errorOf(client.getTaskStatus('t1'))) as SoapFaultError;
    expect(error.faultString).toBe('boom');
    expect(error.detail).toEqual({});
  });

  it('reads retry on 503 (not a fault), then succeed', async () => {
    const { client, fetch } = clientWith(
      [
        new Response('busy', { status: 503, headers: { 'retry-after': '0' } }),
        xml(statusBody('<ns:Status>IN_PROGRESS</ns:Status>')),
      ],
      { retry: { baseDelayMs: 1 } },
    );
    expect((await client.getTaskStatus('t1')).status).toBe('IN_PROGRESS');
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('writes are never retried by default', async () => {
    const { client, fetch } = clientWith([new Response('busy', { status: 503 })], { retry: { baseDelayMs: 1 } });
    const error = await errorOf(client.purgeAsset({ destinationAsset: 'd' }));
    expect(error).toBeInstanceOf(ServerError);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('an HTML error page with 502 → ServerError carrying the page title', async () => {
    const page = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head></html>';
    const { client } = clientWith([new Response(page, { status: 502, headers: { 'content-type': 'text/html' } })], {
      retry: false,
    });
    const error = await errorOf(client.getTaskStatus('t1'));
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).message).toBe('nagra-apubi getTaskStatus failed: HTTP 502: 502 Bad Gateway');
  });

  it('401 with a fault → AuthenticationError with the fault string; the password is nowhere', async () => {
    const { client, requests } = clientWith([xml(fault('soap:Client', 'Unauthorized'), 401)]);
    const error = await errorOf(client.getTaskStatus('t1'));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).message).toBe('nagra-apubi getTaskStatus failed: HTTP 401: Unauthorized');
    expect(requests[0]?.headers.get('authorization')).toBe(`Basic ${Buffer.from(`wfm:${PASSWORD}`).toString('base64')}`);
    const everything = `${inspect(error, { depth: 5 })} ${JSON.stringify(error)} ${(error as Error).stack}`;
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain(Buffer.from(`wfm:${PASSWORD}`).toString('base64'));
  });

  it('a fault echoing the source URL does not leak its password or the configured one', async () => {
    const { client } = clientWith([
      xml(fault('soap:Server', `cannot read ftp://user:secretpw@CIS:21/movie.ts (${PASSWORD})`), 500),
    ]);
    const error = await errorOf(
      client.loadAsset({ sourceAssetUrl: 'ftp://user:secretpw@CIS:21/movie.ts', destinationAsset: 'd', metadata: '' }),
    );
    expect(error).toBeInstanceOf(SoapFaultError);
    const everything = `${inspect(error, { depth: 5 })} ${JSON.stringify(error)}`;
    expect(everything).not.toContain('secretpw');
    expect(everything).not.toContain(PASSWORD);
    expect((error as SoapFaultError).faultString).toBe('cannot read ftp://user:***@CIS:21/movie.ts (***)');
  });

  it('no connection → ConnectionError', async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    });
    const client = createNagraApubiClient({ endpoint }, { fetch, retry: false });
    const error = await errorOf(client.getTaskStatus('t1'));
    expect(error).toBeInstanceOf(ConnectionError);
  });
});

/** A fetch that never answers but gives up when its request is aborted, as fetch does. */
const hangingFetch = () =>
  vi.fn(
    (request: Request) =>
      new Promise<Response>((_resolve, reject) => {
        if (request.signal.aborted) reject(request.signal.reason);
        request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true });
      }),
  );

describe('timeouts and abort', () => {
  it('a request that takes too long → TimeoutError', async () => {
    const client = createNagraApubiClient({ endpoint }, { fetch: hangingFetch(), timeoutMs: 20, retry: false });
    const error = await errorOf(client.getTaskStatus('t1'));
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(20);
  });

  it('an already aborted signal rejects with its reason before sending', async () => {
    const { client, fetch } = clientWith([xml(statusBody('<ns:Status>SUCCESS</ns:Status>'))]);
    const reason = new Error('stop');
    const error = await errorOf(client.getTaskStatus('t1', { signal: AbortSignal.abort(reason) }));
    expect(error).toBe(reason);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('aborting a request in flight rejects with the reason', async () => {
    const fetch = hangingFetch();
    const client = createNagraApubiClient({ endpoint }, { fetch });
    const controller = new AbortController();
    const pending = errorOf(
      client.loadAsset({ sourceAssetUrl: 'ftp://a/b', destinationAsset: 'd', metadata: '' }, { signal: controller.signal }),
    );
    await vi.waitFor(() => expect(fetch).toHaveBeenCalled());
    const reason = new Error('user cancelled');
    controller.abort(reason);
    expect(await pending).toBe(reason);
  });

  it('waitForJob polls until the task is done', async () => {
    const { client, fetch } = clientWith([
      xml(statusBody('<ns:Status>IN_PROGRESS</ns:Status>')),
      xml(statusBody('<ns:Status>IN_PROGRESS</ns:Status>')),
      xml(statusBody('<ns:Status>SUCCESS</ns:Status><ns:DestinationAsset>cdn-1</ns:DestinationAsset>')),
    ]);
    const seen: string[] = [];
    const final = await client.waitForJob('t1', { minDelayMs: 1, maxDelayMs: 2, onProgress: (s) => seen.push(s.vendorStatus) });
    expect(final.state).toBe('succeeded');
    expect(final.outputs).toEqual({ destinationAsset: 'cdn-1' });
    expect(seen).toEqual(['IN_PROGRESS', 'SUCCESS']);
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it('waitForJob passes the task kind on', async () => {
    const { client } = clientWith([xml(statusBody('<ns:Status>SUCCESS</ns:Status>'))]);
    const final = await client.waitForJob('t1', { kind: 'purge', minDelayMs: 1 });
    expect(final.raw.missingDestinationAsset).toBe(false);
    expect(final.raw.kind).toBe('purge');
  });
});

describe('arguments', () => {
  it.each([[''], ['   ']])('refuses the task id %j before sending', async (taskId) => {
    const { client, fetch } = clientWith([xml(statusBody('<ns:Status>SUCCESS</ns:Status>'))]);
    await expect(client.getTaskStatus(taskId)).rejects.toBeInstanceOf(RangeError);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('refuses a LoadAsset without source or metadata', async () => {
    const { client, fetch } = clientWith([xml('')]);
    await expect(client.loadAsset({ sourceAssetUrl: '', destinationAsset: 'd', metadata: '' })).rejects.toBeInstanceOf(
      RangeError,
    );
    // @ts-expect-error metadata is required
    await expect(client.loadAsset({ sourceAssetUrl: 'ftp://a', destinationAsset: 'd' })).rejects.toBeInstanceOf(RangeError);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('sends no Authorization header without credentials', async () => {
    const requests: Request[] = [];
    const client = createNagraApubiClient(
      { endpoint },
      {
        fetch: async (request) => {
          requests.push(request);
          return xml(statusBody('<ns:Status>SUCCESS</ns:Status>'));
        },
      },
    );
    await client.getTaskStatus('t1');
    expect(requests[0]?.headers.get('authorization')).toBeNull();
  });

  it('sends User-Agent jobwire-nagra-apubi/<version> on every call (friendly and raw node-soap), or the one given', async () => {
    const { version } = (await import('../package.json', { with: { type: 'json' } })).default;
    const { client, requests } = clientWith([xml(statusBody('<ns:Status>SUCCESS</ns:Status>'))]);
    await client.getTaskStatus('t1');
    await (await client.soap()).GetTaskStatusAsync({ TaskId: 't1' });
    const custom = clientWith([xml(statusBody('<ns:Status>SUCCESS</ns:Status>'))], { userAgent: 'my-app/2.0' });
    await custom.client.getTaskStatus('t1');
    expect([...requests, ...custom.requests].map((r) => r.headers.get('user-agent'))).toEqual([
      `jobwire-nagra-apubi/${version}`,
      `jobwire-nagra-apubi/${version}`,
      'my-app/2.0',
    ]);
  });

  it('baseUrl is the address; endpoint is its deprecated name, and both at once must agree', async () => {
    const seen: string[] = [];
    const fetch = async (request: Request) => {
      seen.push(request.url);
      return xml(statusBody('<ns:Status>SUCCESS</ns:Status>'));
    };
    const current = createNagraApubiClient({ baseUrl: 'http://publisher.test/apubi' }, { fetch });
    expect(current.baseUrl).toBe('http://publisher.test/apubi');
    expect(current.endpoint).toBe('http://publisher.test/apubi');
    await current.getTaskStatus('t1');
    const old = createNagraApubiClient({ endpoint: 'http://old.test/apubi' }, { fetch });
    expect(old.baseUrl).toBe('http://old.test/apubi');
    await old.getTaskStatus('t1');
    const both = createNagraApubiClient({ baseUrl: 'http://same.test/apubi', endpoint: 'http://same.test/apubi' }, { fetch });
    await both.getTaskStatus('t1');
    expect(seen).toEqual(['http://publisher.test/apubi', 'http://old.test/apubi', 'http://same.test/apubi']);
    expect(() => createNagraApubiClient({ baseUrl: 'http://a.test/apubi', endpoint: 'http://u:secret@b.test/apubi' })).toThrow(
      new TypeError(
        'createNagraApubiClient: baseUrl and endpoint (its deprecated name) name different addresses; give baseUrl only',
      ),
    );
    // A JavaScript caller without either: said at once, not at the first call.
    expect(() => createNagraApubiClient({} as { baseUrl: string })).toThrow(
      new TypeError("createNagraApubiClient: baseUrl is required (the publishing server's SOAP endpoint)"),
    );
  });

  it('exposes the generated node-soap client, built from the embedded WSDL, calling through the same transport', async () => {
    const { client, fetch, requests } = clientWith([
      xml(statusBody('<ns:Status>IN_PROGRESS</ns:Status>')),
      xml(fault('soap:Server', 'Task Id does not exist'), 500),
    ]);
    const soap = await client.soap();
    expect(Object.keys(soap.describe())).toEqual(['APUBIService']);
    expect(Object.keys(soap.describe().APUBIService.APUBIPort).sort()).toEqual(['GetTaskStatus', 'LoadAsset', 'PurgeAsset']);
    expect(await client.soap()).toBe(soap);
    expect(fetch).not.toHaveBeenCalled();
    const [result] = await soap.GetTaskStatusAsync({ TaskId: 't1' });
    expect(result).toEqual({ Status: 'IN_PROGRESS' });
    expect(requests[0]?.headers.get('authorization')).toMatch(/^Basic /);
    const error = await errorOf(soap.GetTaskStatusAsync({ TaskId: 't2' }));
    expect(error).toBeInstanceOf(SoapFaultError);
    expect((error as SoapFaultError).operation).toBe('GetTaskStatus');
  });
});

describe('transport options reach the transport (ClientTransportOptions)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('maxResponseBytes: a 1 KB answer is read by default and refused over the limit', async () => {
    const big = statusBody(
      `<ns:Status>SUCCESS</ns:Status><ns:DestinationAsset>ftp://cdn/${'x'.repeat(1000)}</ns:DestinationAsset>`,
    );

    expect((await clientWith([() => xml(big)]).client.getJobStatus('t1')).state).toBe('succeeded');
    const error = await errorOf(clientWith([() => xml(big)], { maxResponseBytes: 100 }).client.getJobStatus('t1'));

    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as UnexpectedResponseError).operation).toBe('getJobStatus');
    expect((error as Error).message).toMatch(/100 bytes/);
  });

  it('callTimeoutMs bounds the whole call', async () => {
    vi.useFakeTimers();
    const client = createNagraApubiClient({ endpoint }, { fetch: hangingFetch(), timeoutMs: 600_000, callTimeoutMs: 1_000 });
    const pending = errorOf(client.getJobStatus('t1'));

    await vi.advanceTimersByTimeAsync(1_000);

    const error = await pending;
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(1_000);
  });

  it('allowedRedirectOrigins admits the origin (the SOAP body still never goes there)', async () => {
    const moved = () => new Response(null, { status: 307, headers: { location: 'http://files.test/apubi' } });
    const refusing = clientWith([moved]);
    const allowing = clientWith([moved], { allowedRedirectOrigins: ['http://files.test'] });

    const refused = await errorOf(refusing.client.getJobStatus('t1'));
    const allowed = await errorOf(allowing.client.getJobStatus('t1'));

    expect(refused).toBeInstanceOf(RedirectError);
    expect(allowed).toBeInstanceOf(RedirectError);
    expect((refused as Error).message).toContain('allow it with allowedRedirectOrigins');
    expect((allowed as Error).message).toContain('a body is never sent to another origin (http://files.test)');
    expect([...refusing.requests, ...allowing.requests].map((r) => new URL(r.url).host)).toEqual(['127.0.0.1:9', '127.0.0.1:9']);
  });
});
