/**
 * Conformance: the client against the documented APUBI samples, served by msw from @jobwire/testkit.
 * Every sample is decoded and asserted field by field, and every request the client sends is
 * checked (method, URL, headers, SOAP body).
 *
 * The client against the package's own server kit (a real SOAP round trip both ways on 127.0.0.1)
 * is in server.test.ts; against the stateful simulator in simulator.test.ts.
 *
 * Live mode: with JOBWIRE_NAGRA_APUBI_URL set (and _USERNAME / _PASSWORD when the server wants
 * them), a read-only GetTaskStatus probe of JOBWIRE_NAGRA_APUBI_TASK_ID also runs against that
 * server, and its answer is checked against the WSDL's schema. LoadAsset/PurgeAsset are never sent
 * live: publishing is not a probe.
 */
import { readFileSync } from 'node:fs';
import { isRecord, SoapFaultError, UnexpectedResponseError } from '@jobwire/core';
import { parseXml, type XmlElement } from '@jobwire/core/xml';
import { createWsdlValidator, handlers, nagraApubiSampleFiles, nagraApubiSamples, nagraApubiTaskIds } from '@jobwire/testkit';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createNagraApubiClient, parseMetaData, wsdlXml } from '../src/index.js';

const schemaProblems = createWsdlValidator(wsdlXml).responseProblems;

const endpoint = 'http://apubi.test/apubi';
const server = setupServer(...handlers.nagraApubi({ endpoint }));
const sent: Request[] = [];
server.events.on('request:start', ({ request }) => {
  sent.push(request.clone());
});

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  sent.length = 0;
});
afterAll(() => server.close());

const client = () => createNagraApubiClient({ endpoint });

/** The SOAP Body of a request or sample, namespace prefixes dropped (as the client reads answers). */
function soapBody(xml: string): XmlElement {
  const envelope = parseXml(xml, { vendor: 'nagra-apubi', operation: 'test', removeNamespacePrefixes: true }).Envelope;
  const body = isRecord(envelope) ? envelope.Body : undefined;
  if (!isRecord(body)) throw new Error('no Body');
  return body;
}

/** The one request sent, checked as a SOAP 1.1 document/literal call of `operation`. */
async function onlyRequest(operation: string): Promise<{ raw: string; element: XmlElement }> {
  expect(sent).toHaveLength(1);
  const request = sent[0] as Request;
  expect(request.method).toBe('POST');
  expect(request.url).toBe(endpoint);
  expect(request.headers.get('content-type')).toBe('text/xml; charset=utf-8');
  expect(request.headers.get('soapaction')).toBe(`"wfm:APUBI/v1/${operation}"`);
  const raw = await request.text();
  // Document/literal: the operation element is in the APUBI namespace, as in the documented request.
  expect(raw).toContain(`<${operation} xmlns="wfm:APUBI/v1/schemas">`);
  expect(raw).toContain('<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"');
  const element = soapBody(raw)[operation];
  if (!isRecord(element)) throw new Error(`no ${operation} element`);
  return { raw, element };
}

describe('samples', () => {
  it.each(Object.entries(nagraApubiSampleFiles))(
    'testkit sample %s is byte-identical to specs/nagra-apubi/samples/%s',
    (key, file) => {
      const onDisk = readFileSync(new URL(`../../../specs/nagra-apubi/samples/${file}`, import.meta.url), 'utf8');
      expect(nagraApubiSamples[key as keyof typeof nagraApubiSamples]).toBe(onDisk);
    },
  );

  it('the embedded WSDL is the spec', () => {
    const spec = readFileSync(new URL('../../../specs/nagra-apubi/apubi.wsdl', import.meta.url), 'utf8');
    expect(wsdlXml).toBe(spec);
  });
});

describe('NAGRA APUBI conformance (documented samples via msw)', () => {
  it('GetTaskStatus: sends the documented request and decodes sample 1 (IN_PROGRESS)', async () => {
    const status = await client().getTaskStatus('TestAssetA');
    const { element } = await onlyRequest('GetTaskStatus');
    const documented = soapBody(nagraApubiSamples.getTaskStatusRequest).GetTaskStatus as XmlElement;
    expect(element.TaskId).toBe('TestAssetA');
    expect(element.TaskId).toBe(documented.TaskId);
    expect(Object.keys(element).filter((k) => !k.startsWith('@'))).toEqual(['TaskId']);
    expect(status).toEqual({ taskId: 'TestAssetA', status: 'IN_PROGRESS', missingDestinationAsset: false });
  });

  it('getJobStatus normalizes sample 1: running', async () => {
    const status = await client().getJobStatus(nagraApubiTaskIds.inProgress);
    expect(status.vendor).toBe('nagra-apubi');
    expect(status.id).toBe('TestAssetA');
    expect(status.state).toBe('running');
    expect(status.done).toBe(false);
    expect(status.vendorStatus).toBe('IN_PROGRESS');
    expect(status.detail).toBeUndefined();
    expect(status.outputs).toEqual({});
    expect(status.raw.status).toBe('IN_PROGRESS');
  });

  it('sample 2 (SUCCESS without DestinationAsset): succeeded, the missing destination flagged', async () => {
    const status = await client().getJobStatus(nagraApubiTaskIds.succeeded);
    expect(status.state).toBe('succeeded');
    expect(status.done).toBe(true);
    expect(status.vendorStatus).toBe('SUCCESS');
    expect(status.raw.destinationAsset).toBeUndefined();
    expect(status.raw.missingDestinationAsset).toBe(true);
    expect(status.raw.kind).toBeUndefined();
    expect(status.detail).toBe(
      'SUCCESS without DestinationAsset: the publishing server must return it if this is a LoadAsset task',
    );
    expect(status.outputs).toEqual({});
  });

  it('sample 2 for a task the caller says is a purge: no violation', async () => {
    const status = await client().getJobStatus(nagraApubiTaskIds.succeeded, { kind: 'purge' });
    expect(status.state).toBe('succeeded');
    expect(status.raw.missingDestinationAsset).toBe(false);
    expect(status.raw.kind).toBe('purge');
    expect(status.detail).toBeUndefined();
  });

  it('SUCCESS with DestinationAsset (FACTS fixture): the destination is the output', async () => {
    const status = await client().getJobStatus(nagraApubiTaskIds.succeededWithDestination, { kind: 'load' });
    expect(status.state).toBe('succeeded');
    expect(status.raw).toEqual({
      taskId: 'TestAssetPublished',
      status: 'SUCCESS',
      destinationAsset: 'movie_01072015100045',
      kind: 'load',
      missingDestinationAsset: false,
    });
    expect(status.outputs).toEqual({ destinationAsset: 'movie_01072015100045' });
    expect(status.detail).toBeUndefined();
  });

  it('FAILED: failed', async () => {
    const status = await client().getJobStatus(nagraApubiTaskIds.failed);
    expect(status.state).toBe('failed');
    expect(status.done).toBe(true);
    expect(status.vendorStatus).toBe('FAILED');
    expect(status.raw.missingDestinationAsset).toBe(false);
  });

  it('the fault sample (fixture) → SoapFaultError with code, string and ExceptionWS message, not retried', async () => {
    const error = await client()
      .getTaskStatus(nagraApubiTaskIds.missing)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SoapFaultError);
    const fault = error as SoapFaultError;
    expect(fault.vendor).toBe('nagra-apubi');
    expect(fault.operation).toBe('getTaskStatus');
    expect(fault.faultCode).toBe('soapenv:Server');
    expect(fault.faultString).toBe('Task Id does not exist');
    expect(fault.detail).toEqual({ message: 'Task Id does not exist' });
    expect(fault.status).toBe(500);
    expect(fault.message).toBe('nagra-apubi getTaskStatus failed: SOAP fault soapenv:Server: Task Id does not exist');
    // A fault is the server's answer, not a transient failure: one request only, though reads retry.
    expect(sent).toHaveLength(1);
  });

  it('the fault sample verbatim (undeclared env: prefix) → SoapFaultError keeping the code as sent', async () => {
    const error = await client()
      .getTaskStatus(nagraApubiTaskIds.missingVerbatim)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SoapFaultError);
    expect((error as SoapFaultError).faultCode).toBe('env:Server');
    expect((error as SoapFaultError).faultString).toBe('Task Id does not exist');
    expect((error as SoapFaultError).detail).toEqual({ message: 'Task Id does not exist' });
  });

  it('sample 1 verbatim (</ns: Status >) → UnexpectedResponseError with an excerpt, never a crash', async () => {
    const error = await client()
      .getTaskStatus(nagraApubiTaskIds.malformed)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    const e = error as UnexpectedResponseError;
    expect(e.operation).toBe('getTaskStatus');
    expect(e.status).toBe(200);
    expect(e.message).toMatch(/^nagra-apubi getTaskStatus: malformed XML/);
    expect(e.excerpt).toContain('<ns:GetTaskStatusResponse> <ns:Status>IN_PROGRESS</ns: Sta');
  });

  it('sample 2 verbatim is refused the same way', async () => {
    const verbatim = nagraApubiSamples.successVerbatim;
    const fetch = async () => new Response(verbatim, { headers: { 'content-type': 'text/xml' } });
    const error = await createNagraApubiClient({ endpoint }, { fetch })
      .getTaskStatus('x')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
  });

  it('an HTML page with 200 → UnexpectedResponseError', async () => {
    const error = await client()
      .getTaskStatus(nagraApubiTaskIds.htmlPage)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as UnexpectedResponseError).message).toBe(
      'nagra-apubi getTaskStatus: expected a SOAP envelope, got an HTML page (HTTP 200)',
    );
  });

  it('LoadAsset: sends SourceAssetUrl, DestinationAsset and MetaData in order, returns the TaskId', async () => {
    const documented = soapBody(nagraApubiSamples.loadAssetRequest).LoadAsset as XmlElement;
    const apubi = client();
    const task = await apubi.loadAsset({
      sourceAssetUrl: documented.SourceAssetUrl as string,
      destinationAsset: documented.DestinationAsset as string,
      metadata: documented.MetaData as string,
    });
    const { element, raw } = await onlyRequest('LoadAsset');
    expect(element.SourceAssetUrl).toBe('ftp://user:password@CIS:21/repository/movie.ts');
    expect(element.DestinationAsset).toBe('ftp://user:password@CDN:21/data/cdn/movie_01072015100045.ts');
    expect(element.MetaData).toBe('title=Movie 01');
    expect(raw.indexOf('<SourceAssetUrl>')).toBeLessThan(raw.indexOf('<DestinationAsset>'));
    expect(raw.indexOf('<DestinationAsset>')).toBeLessThan(raw.indexOf('<MetaData>'));
    expect(task).toEqual({ taskId: 'TestAssetA' });
    // The client remembers it created a load task.
    sent.length = 0;
    expect((await apubi.getTaskStatus(task.taskId)).kind).toBe('load');
  });

  it('PurgeAsset: sends DestinationAsset (MetaData only when given), returns the TaskId', async () => {
    const task = await client().purgeAsset({ destinationAsset: 'movie_01072015100045' });
    const { element } = await onlyRequest('PurgeAsset');
    expect(element.DestinationAsset).toBe('movie_01072015100045');
    expect(element.MetaData).toBeUndefined();
    expect(task).toEqual({ taskId: 'TestPurgeA' });
    sent.length = 0;
    await client().purgeAsset({ destinationAsset: 'x', metadata: 'reason=expired' });
    expect((await onlyRequest('PurgeAsset')).element.MetaData).toBe('reason=expired');
  });

  it('escapes <, &, and quotes in text values; the server reads back exactly what was given', async () => {
    const tricky = `a<b>&c "d" 'e' ]]> &amp;`;
    await client().loadAsset({ sourceAssetUrl: 'ftp://h/x?a=1&b=2', destinationAsset: tricky, metadata: `<meta k="v"/>` });
    const { element, raw } = await onlyRequest('LoadAsset');
    expect(element.DestinationAsset).toBe(tricky);
    expect(element.SourceAssetUrl).toBe('ftp://h/x?a=1&b=2');
    expect(element.MetaData).toBe('<meta k="v"/>');
    expect(raw).not.toContain('<meta k=');
    expect(raw).toContain('&lt;meta k=&quot;v&quot;/&gt;');
  });
});

/** A stored sample file, read as is. */
const sampleFile = (file: string) => readFileSync(new URL(`../../../specs/nagra-apubi/samples/${file}`, import.meta.url), 'utf8');

/** A client whose fetch answers `body` with `status` and records each request body. */
function answering(body: string, status = 200) {
  const bodies: string[] = [];
  const fetch = async (request: Request) => {
    bodies.push(await request.text());
    return new Response(body, { status, headers: { 'content-type': 'text/xml; charset=utf-8' } });
  };
  return { client: createNagraApubiClient({ endpoint }, { fetch, retry: false }), bodies };
}

/** An element's text exactly as a parser reads it (white space kept), namespace prefixes dropped. */
function exactField(xml: string, operation: string, field: string): unknown {
  const root = parseXml(xml, {
    vendor: 'nagra-apubi',
    operation: 'test',
    removeNamespacePrefixes: true,
    preserveWhitespace: true,
  });
  const envelope = root.Envelope as XmlElement;
  return ((envelope.Body as XmlElement)[operation] as XmlElement)[field];
}

describe('PurgeAsset and fault management pages (documented samples, 23.12_Q1 and 23.50_Q4)', () => {
  it.each([
    ['purge-asset.request.file.verbatim.xml', 'Test_Encryption_GenericAssetContent_01/TestAsset_1080p.mp4\n'],
    ['purge-asset.request.directory.verbatim.xml', 'Test_Encryption_GenericAssetContent_01/ '],
  ])('%s: the client sends the documented DestinationAsset exactly (%j), and no MetaData', async (file, destination) => {
    const documented = sampleFile(file);
    expect(exactField(documented, 'PurgeAsset', 'DestinationAsset')).toBe(destination);
    expect(parseMetaData(documented)).toBeUndefined();
    const { client, bodies } = answering(sampleFile('purge-asset.response.documented.xml'));
    await client.purgeAsset({ destinationAsset: destination });
    expect(exactField(bodies[0] as string, 'PurgeAsset', 'DestinationAsset')).toBe(destination);
    expect(exactField(bodies[0] as string, 'PurgeAsset', 'MetaData')).toBeUndefined();
  });

  it('the documented PurgeAsset answer (fixture: tags closed where our copy is cut) → its TaskId', async () => {
    const { client } = answering(sampleFile('purge-asset.response.documented.xml'));
    expect(await client.purgeAsset({ destinationAsset: 'Test_Encryption_GenericAssetContent_01/ ' })).toEqual({
      taskId: '110F8400-E29B-11D',
    });
  });

  it('the documented PurgeAsset answer as stored (cut short) → UnexpectedResponseError, never a crash', async () => {
    const error = await answering(sampleFile('purge-asset.response.truncated.xml'))
      .client.purgeAsset({ destinationAsset: 'x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as UnexpectedResponseError).operation).toBe('purgeAsset');
    expect((error as UnexpectedResponseError).message).toMatch(/^nagra-apubi purgeAsset: malformed XML/);
  });

  it('the fault-management sample (fixture, HTTP 500) → SoapFaultError with its code and string, no detail', async () => {
    const error = await answering(sampleFile('fault-management.xml'), 500)
      .client.loadAsset({ sourceAssetUrl: 'ftp://user:password@CIS:21/repository/movie.ts', destinationAsset: 'd', metadata: '' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SoapFaultError);
    const fault = error as SoapFaultError;
    expect(fault.operation).toBe('loadAsset');
    expect(fault.faultCode).toBe('soap:Server');
    expect(fault.faultString).toBe('Internal error (Database Error)');
    expect(fault.detail).toEqual({});
    expect(fault.status).toBe(500);
  });

  it('the fault-management sample as stored (cut short), with HTTP 500 → a typed error (ServerError), never a crash', async () => {
    const error = await answering(sampleFile('fault-management.truncated.xml'), 500)
      .client.getTaskStatus('x')
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe('ServerError');
    expect((error as { status: number }).status).toBe(500);
  });
});

describe('MetaData (MetaDataType: text or structured), on the wire', () => {
  it('structured MetaData goes out as elements in order, text escaped, and reads back exactly', async () => {
    const meta = {
      children: [
        { name: 'Title', attributes: { lang: 'en' }, children: ['WALL·E & EVE <3'] },
        '\n',
        { name: 'Comment', children: ['  spaced\r\nlines  '] },
      ],
    };
    const { client, bodies } = answering(nagraApubiSamples.loadAssetResponse);
    expect(await client.loadAsset({ sourceAssetUrl: 'ftp://cis/a.ts', destinationAsset: 'a.ts', metadata: meta })).toEqual({
      taskId: 'TestAssetA',
    });
    const sentBody = bodies[0] as string;
    expect(sentBody).toContain(
      '<MetaData><Title lang="en">WALL·E &amp; EVE &lt;3</Title>&#xA;<Comment>  spaced&#xD;&#xA;lines  </Comment></MetaData></LoadAsset>',
    );
    expect(parseMetaData(sentBody)).toEqual(meta);
  });

  it('PurgeAsset sends structured MetaData after DestinationAsset', async () => {
    const { client, bodies } = answering(nagraApubiSamples.purgeAssetResponse);
    await client.purgeAsset({
      destinationAsset: 'movie_01072015102030',
      metadata: { children: [{ name: 'Reason', children: ['expired'] }] },
    });
    expect(bodies[0]).toContain(
      '<PurgeAsset xmlns="wfm:APUBI/v1/schemas"><DestinationAsset>movie_01072015102030</DestinationAsset><MetaData><Reason>expired</Reason></MetaData></PurgeAsset>',
    );
  });

  it('MetaData that cannot be XML is refused before anything is sent (RangeError naming it)', async () => {
    const { client, bodies } = answering(nagraApubiSamples.loadAssetResponse);
    await expect(
      client.loadAsset({ sourceAssetUrl: 'a', destinationAsset: 'b', metadata: { children: [{ name: '1bad' }] } }),
    ).rejects.toThrow(/element name "1bad" in MetaData is not an XML name/);
    await expect(client.loadAsset({ sourceAssetUrl: 'a', destinationAsset: 'b', metadata: 'bell\u0007' })).rejects.toThrow(
      RangeError,
    );
    expect(bodies).toEqual([]);
  });
});

const live = process.env.JOBWIRE_NAGRA_APUBI_URL;
describe.skipIf(!live)('live server (read-only)', () => {
  beforeAll(() => server.close());

  it('GetTaskStatus answers a StatusType value (or a fault) per the WSDL', async () => {
    const apubi = createNagraApubiClient({
      endpoint: live as string,
      username: process.env.JOBWIRE_NAGRA_APUBI_USERNAME,
      password: process.env.JOBWIRE_NAGRA_APUBI_PASSWORD,
    });
    const taskId = process.env.JOBWIRE_NAGRA_APUBI_TASK_ID ?? 'jobwire-probe-unknown-task';
    try {
      const status = await apubi.getTaskStatus(taskId);
      expect(['SUCCESS', 'FAILED', 'IN_PROGRESS']).toContain(status.status);
      // The raw answer against the WSDL's schema (node-soap keeps the last response body).
      expect(schemaProblems(String((await apubi.soap()).lastResponse), 'GetTaskStatusResponse')).toEqual([]);
    } catch (error) {
      // An unknown task id is answered with a fault: that is conformant too.
      expect(error).toBeInstanceOf(SoapFaultError);
    }
  });
});
