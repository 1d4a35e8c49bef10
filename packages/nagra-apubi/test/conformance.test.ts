/**
 * Conformance: the client against the documented APUBI samples, served by msw from @jobwire/testkit.
 *
 * Most sample-driven cases are data: one folder per case under test/samples/ (the stored sample
 * served, the input, the expected result or error, the SOAP request sent), run by
 * sample-cases.test.ts. What stays here does not fit one answer to one call: an answer that is no
 * stored sample (an HTML page), state kept across calls, requests refused before anything is sent,
 * the testkit's copies of the samples, and the live probe.
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
import { SoapFaultError, UnexpectedResponseError } from '@jobwire/core';
import { createWsdlValidator, handlers, nagraApubiSamples, nagraApubiTaskIds } from '@jobwire/testkit';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNagraApubiClient, parseMetaData, wsdlXml } from '../src/index.js';

const schemaProblems = createWsdlValidator(wsdlXml).responseProblems;

const endpoint = 'http://apubi.test/apubi';
const server = setupServer(...handlers.nagraApubi({ endpoint }));

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

const client = () => createNagraApubiClient({ baseUrl: endpoint });

describe('samples', () => {
  it('the embedded WSDL is the spec', () => {
    const spec = readFileSync(new URL('../../../specs/nagra-apubi/apubi.wsdl', import.meta.url), 'utf8');
    expect(wsdlXml).toBe(spec);
  });
});

describe('NAGRA APUBI conformance (documented samples via msw)', () => {
  it('an HTML page with 200 → UnexpectedResponseError', async () => {
    const error = await client()
      .getTaskStatus(nagraApubiTaskIds.htmlPage)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as UnexpectedResponseError).message).toBe(
      'nagra-apubi getTaskStatus: expected a SOAP envelope, got an HTML page (HTTP 200)',
    );
  });

  it('a task the client started with LoadAsset is read back as a load task', async () => {
    const apubi = client();
    const task = await apubi.loadAsset({ sourceAssetUrl: 'ftp://cis/a.ts', destinationAsset: 'a.ts', metadata: '' });
    expect(task).toEqual({ taskId: 'TestAssetA' });
    expect((await apubi.getTaskStatus(task.taskId)).kind).toBe('load');
  });
});

/** A client whose fetch answers `body` with `status` and records each request body. */
function answering(body: string, status = 200) {
  const bodies: string[] = [];
  const fetch = async (request: Request) => {
    bodies.push(await request.text());
    return new Response(body, { status, headers: { 'content-type': 'text/xml; charset=utf-8' } });
  };
  return { client: createNagraApubiClient({ endpoint }, { fetch, retry: false }), bodies };
}

describe('MetaData (MetaDataType: text or structured), on the wire', () => {
  // What goes on the wire is in the sample cases loadAsset__structured-metadata and
  // purgeAsset__structured-metadata; here, that it reads back as it was given.
  it('structured MetaData, sent, reads back exactly (parseMetaData)', async () => {
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
    expect(parseMetaData(bodies[0] as string)).toEqual(meta);
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
