/**
 * `@jobwire/xml` (fast-xml-parser behind it) is loaded only when an output value is a
 * `<result>` document: importing the package, and reading a job or an execution whose outputs hold
 * none, must never import it; a job that has one loads it (once) before `outputs` can be read, so
 * the synchronous `outputs` parses as before. The module is mocked with a pass-through factory that
 * counts how often it is loaded. This file imports nothing else that could load it (no testkit: its
 * simulators use XML); each test file has its own module registry, so the count starts at 0 and the
 * tests below run in order.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { createTrueSightOrchestrationClient, decodeOutputs, decodeOutputValue, UnexpectedResponseError } from '../src/index.js';
import { outputValueNeedsXml } from '../src/outputs.js';

const xmlModule = vi.hoisted(() => ({ loads: 0 }));
vi.mock('@jobwire/xml', async (importOriginal) => {
  xmlModule.loads += 1;
  return importOriginal();
});

const ROOT = 'http://tso.test:38080/baocdp/rest';
const sample = JSON.parse(
  readFileSync(new URL('../../../specs/truesight-orchestration/samples/job-status.json', import.meta.url), 'utf8'),
) as { outputParameters: { name: string; value: string }[] };

/** A server answering each `METHOD /path` below the REST root with a fixed JSON body (or text). */
function clientOver(routes: Record<string, unknown>) {
  const fetch = async (request: Request) => {
    const route = `${request.method} ${decodeURIComponent(new URL(request.url).pathname.slice(new URL(ROOT).pathname.length))}`;
    if (!(route in routes)) return new Response(`no route ${route}`, { status: 599 });
    const body = routes[route];
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
      headers: { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json' },
    });
  };
  return createTrueSightOrchestrationClient({ baseUrl: ROOT, authToken: 't' }, { fetch, retry: false });
}

const job = (outputParameters?: unknown) => ({ processName: ':P', status: 'Completed', outputParameters });
/** Values that are not `<result>` documents, as servers send them. */
const plainOutputs = [
  { name: 'text', value: 'plain' },
  { name: 'other element', value: '<other>x</other>' },
  { name: 'escaped other', value: '&lt;b&gt;' },
  { name: 'empty result', value: '<result/>' },
  { name: 'escaped empty result', value: '&lt;result/&gt;' },
  { name: 'absent', value: null },
];
/** Every spelling of a `<result>` document that decodeOutputValue hands to the parser. */
const RESULT_DOCUMENTS = [
  '<result>x</result>',
  ' \n\t<result>x</result>\r\n',
  '\ufeff<result><a>1</a></result>',
  '<result a="1">x</result>',
  '<result\n>x</result>',
  '&lt;result&gt;x&lt;/result&gt;',
  '  &lt;result a=&quot;1&quot;&gt;x&lt;/result&gt;',
  '&lt;result\t&gt;x</result>',
  ...sample.outputParameters.map((parameter) => parameter.value),
];
/** Pieces of result documents, for values that come close to one. */
const TOKENS = [
  '<result',
  '&lt;result',
  '</result>',
  '&lt;/result&gt;',
  '<',
  '&lt;',
  '>',
  '&gt;',
  '/>',
  '/&gt;',
  ' ',
  '\n',
  'a="1"',
  'x',
];
/** What the parser makes of the documented sample's four `<result>` values. */
const sampleOutputs = {
  'message body': { 'message-body': expect.stringMatching(/^<!doctype html><html itemscope="" itemtype=/) },
  'status reason': 'OK',
  'status code': '200',
  'header lines': { 'header-lines': expect.objectContaining({ Date: 'Mon, 06 Apr 2015 13:39:45 GMT', Server: 'gws' }) },
};

describe('the XML parser is loaded only for output values that are <result> documents', () => {
  it('is not loaded by importing, nor by jobs and executions whose outputs hold no <result> document', async () => {
    const client = clientOver({
      'GET /job/plain/status': job(plainOutputs),
      'GET /job/none/status': job(),
      'GET /job/bad/status': '<html>Bad gateway</html>',
      'POST /process/:P/execute': { outputParameters: plainOutputs },
    });
    const status = await client.getJobStatus('plain');
    expect(status.outputs).toEqual({
      text: 'plain',
      'other element': '<other>x</other>',
      'escaped other': '&lt;b&gt;',
      'empty result': '',
      'escaped empty result': '',
      absent: null,
    });
    expect((await client.getJob('plain')).outputs).toEqual(status.outputs);
    expect((await client.getJobStatus('none')).outputs).toEqual({});
    expect((await client.executeProcess(':P')).outputs).toEqual(status.outputs);
    await expect(client.getJobStatus('bad')).rejects.toBeInstanceOf(UnexpectedResponseError);
    expect(xmlModule.loads).toBe(0);
  });

  it('is needed, says the cheap test, by every spelling of a <result> document', () => {
    for (const value of RESULT_DOCUMENTS) expect(outputValueNeedsXml(value), value).toBe(true);
  });

  it('is not needed by any value the cheap test says needs no parser', async () => {
    // decodeOutputValue loads the parser for a value the cheap test says needs it: none of these may.
    const token = fc.constantFrom(...TOKENS);
    const values = fc
      .oneof(
        fc.string({ unit: 'binary', maxLength: 60 }),
        fc.tuple(token, fc.array(token, { maxLength: 8 })).map(([head, rest]) => [head, ...rest].join('')),
        fc.constantFrom(...RESULT_DOCUMENTS),
      )
      .filter((value) => !outputValueNeedsXml(value));
    await fc.assert(
      fc.asyncProperty(values, async (value) => {
        await decodeOutputValue(value);
      }),
      { numRuns: 2000 },
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(xmlModule.loads).toBe(0);
    // 2,000 cases: far longer than the default 5 s on a loaded CI machine (no timing is asserted).
  }, 60_000);

  it('is loaded once, before the status resolves, for the documented <result> outputs; hostile XML is still not expanded', async () => {
    const bomb = '<result><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><x>&a;&a;&a;</x></result>';
    const client = clientOver({
      'GET /job/sample/status': { ...sample, status: 'COMPLETED' },
      'GET /job/bomb/status': job([{ name: 'bomb', value: bomb }]),
      'POST /process/:P/execute': sample.outputParameters,
    });
    const status = await client.getJobStatus('sample');
    expect(xmlModule.loads).toBe(1);
    expect(status.outputs).toEqual(sampleOutputs);
    expect((await client.getJob('sample')).outputs).toEqual(sampleOutputs);
    expect((await client.executeProcess(':P')).outputs).toEqual(sampleOutputs);
    expect(JSON.stringify((await client.getJobStatus('bomb')).outputs)).not.toContain('aaaaaaaaaaaaaaaaaaaa');
    expect(await decodeOutputs(sample.outputParameters)).toEqual(sampleOutputs);
    expect(xmlModule.loads).toBe(1);
  });

  it('decodeOutputValue and decodeOutputs called on their own load the parser and parse on the first call', async () => {
    // A fresh copy of the package, whose parser is not loaded yet.
    vi.resetModules();
    const fresh = await import('../src/outputs.js');
    const nested = '<result><a><b>1</b></a></result>';
    expect(await fresh.decodeOutputValue(nested)).toEqual({ a: { b: '1' } });
    vi.resetModules();
    const again = await import('../src/outputs.js');
    expect(await again.decodeOutputs([{ name: 'n', value: nested }])).toEqual({ n: { a: { b: '1' } } });
  });
});
