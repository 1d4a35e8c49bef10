/**
 * Reading recordings back and replaying them: `readRecording` refuses every shape it cannot trust,
 * `replayFetch` and `recordingHandlers` (through a real msw server) answer from the same matcher,
 * and a real jobwire client decodes what they serve. Recordings are written here by hand, so these
 * tests do not depend on the recorder.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConnectionError, type JobStatus } from '@jobwire/core';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  findRecordings,
  RECORDING_FORMAT,
  type Recording,
  type RecordingEntry,
  type RecordingIndex,
  readRecording,
  recordingHandlers,
  replayFetch,
  writeRecording,
} from '../src/index.js';

// One msw server for the file (msw patches the global fetch once); handlers set per test.
const server = setupServer();
let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'jobwire-recording-replay-'));
  server.listen({ onUnhandledRequest: 'error' });
});
afterEach(() => server.resetHandlers());
afterAll(async () => {
  server.close();
  await rm(root, { recursive: true, force: true });
});

let count = 0;
/** A fresh directory holding `index` as index.json (JSON text when not a string) and `files`. */
async function writeDir(index: unknown, files: Record<string, string> = {}): Promise<string> {
  count += 1;
  const dir = join(root, `rec-${count}`);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'index.json'), typeof index === 'string' ? index : JSON.stringify(index, null, 2));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

function indexOf(exchanges: RecordingEntry[], extra: Partial<RecordingIndex> = {}): RecordingIndex {
  return {
    format: RECORDING_FORMAT,
    vendor: 'alteryx-server',
    recordedAt: '2026-12-03T10:00:00.000Z',
    recordedBy: ['@jobwire/cli@0.1.0', '@jobwire/alteryx-server@0.1.0'],
    url: 'http://host-1.invalid/webapi',
    writes: false,
    anonymized: true,
    settings: { jobId: '66ebd18d3d6200007e000d01' },
    secretSettings: ['accessToken'],
    probes: [{ name: 'read a job', outcome: 'passed', detail: 'Completed' }],
    exchanges,
    ...extra,
  };
}

const get = (path: string, query = '', response: Partial<RecordingEntry['response']> = {}): RecordingEntry => ({
  probe: 'read a job',
  request: { method: 'GET', path, query, headers: { accept: 'application/json' } },
  response: { status: 200, headers: { 'content-type': 'application/json' }, ...response },
});

/** Reads a recording of `exchanges` with their body files. */
async function recordingOf(exchanges: RecordingEntry[], files: Record<string, string>): Promise<Recording> {
  return await readRecording(await writeDir(indexOf(exchanges), files));
}

describe('readRecording', () => {
  it('reads a good recording: the index as written, bodies as UTF-8 text, "" for none', async () => {
    const index = indexOf(
      [
        {
          probe: 'start a job',
          request: {
            method: 'POST',
            path: '/webapi/v3/workflows/w%201/jobs',
            query: '',
            headers: { 'content-type': 'application/json', accept: 'application/json' },
            body: '001-start-a-job.request.json',
          },
          response: {
            status: 201,
            headers: { 'content-type': 'application/json; charset=utf-8', 'set-cookie': '***' },
            body: '001-start-a-job.response.json',
            truncated: true,
          },
        },
        get('/webapi/v3/jobs/66ebd18d3d6200007e000d01', '?includeMessages=true', { status: 204, headers: {} }),
      ],
      { productVersion: '2025.1' },
    );
    const dir = await writeDir(index, {
      '001-start-a-job.request.json': '{"questions":[]}',
      '001-start-a-job.response.json': '{"id":"é","status":"Queued"}\n',
    });
    const recording = await readRecording(dir);
    expect(recording.dir).toBe(dir);
    expect(recording.index).toEqual(index);
    expect(recording.exchanges).toHaveLength(2);
    const [start, read] = recording.exchanges;
    expect(start?.request.method).toBe('POST');
    expect(start?.requestBody).toBe('{"questions":[]}');
    expect(start?.responseBody).toBe('{"id":"é","status":"Queued"}\n');
    expect(start?.response.truncated).toBe(true);
    expect(start?.response.headers['set-cookie']).toBe('***');
    expect(read?.requestBody).toBe('');
    expect(read?.responseBody).toBe('');
    expect(read?.request.query).toBe('?includeMessages=true');
  });

  it('accepts a file: URL', async () => {
    const dir = await writeDir(indexOf([]));
    const recording = await readRecording(new URL(`file://${dir}/`));
    expect(recording.dir).toBe(dir);
    expect(recording.exchanges).toEqual([]);
  });

  const good = () => get('/x', '', { body: 'a.json' });
  const refusals: Array<[string, unknown, RegExp]> = [
    ['a non-object index', '[1,2]', /index\.json must be a JSON object/],
    ['text that is not JSON', '{"format":', /index\.json is not JSON/],
    [
      'a wrong format',
      { ...indexOf([]), format: 'jobwire-recording/2' },
      /format must be "jobwire-recording\/1", not "jobwire-recording\/2"/,
    ],
    ['a missing format', { ...indexOf([]), format: undefined }, /format must be "jobwire-recording\/1", not undefined/],
    ['a vendor that is not a string', { ...indexOf([]), vendor: 7 }, /vendor must be a string/],
    ['writes that is not a boolean', { ...indexOf([]), writes: 'yes' }, /writes must be a boolean/],
    ['a setting that is not a string', { ...indexOf([]), settings: { jobId: 7 } }, /settings\.jobId must be a string/],
    ['recordedBy not a list of strings', { ...indexOf([]), recordedBy: 'cli' }, /recordedBy must be an array of strings/],
    [
      'an unknown probe outcome',
      { ...indexOf([]), probes: [{ name: 'p', outcome: 'ok', detail: '' }] },
      /probes\[0\]\.outcome must be passed, failed or skipped, not "ok"/,
    ],
    ['exchanges not an array', { ...indexOf([]), exchanges: {} }, /exchanges must be an array/],
    ['an exchange that is not an object', indexOf([null as unknown as RecordingEntry]), /exchanges\[0\] must be an object/],
    [
      'a body file name with ..',
      indexOf([good(), get('/y', '', { body: '../x' })]),
      /exchanges\[1\]\.response\.body: "\.\.\/x" is not a plain file name/,
    ],
    [
      'a body file name "..',
      indexOf([get('/y', '', { body: '..' })]),
      /exchanges\[0\]\.response\.body: "\.\." is not a plain file name/,
    ],
    [
      'a body file name with a backslash',
      indexOf([get('/y', '', { body: 'a\\b' })]),
      /exchanges\[0\]\.response\.body: "a\\\\b" is not a plain file name/,
    ],
    [
      'an absolute body file name',
      indexOf([get('/y', '', { body: '/etc/passwd' })]),
      /exchanges\[0\]\.response\.body: "\/etc\/passwd" is not a plain file name/,
    ],
    [
      'index.json as a body',
      indexOf([get('/y', '', { body: 'index.json' })]),
      /exchanges\[0\]\.response\.body: "index\.json" is not a plain file name/,
    ],
    [
      'a body file name that is not a string',
      indexOf([get('/y', '', { body: 3 as unknown as string })]),
      /exchanges\[0\]\.response\.body must be a file name/,
    ],
    [
      'a missing body file',
      indexOf([good(), get('/y', '', { body: 'missing.json' })]),
      /exchanges\[1\]\.response\.body: file "missing\.json" not found/,
    ],
    [
      'a status out of range',
      indexOf([get('/y', '', { status: 99 })]),
      /exchanges\[0\]\.response\.status must be an HTTP status 200-599, not 99/,
    ],
    [
      'a path without its /',
      indexOf([get('jobs/1')]),
      /exchanges\[0\]\.request\.path must be a URL path starting with "\/", not "jobs\/1"/,
    ],
    [
      'a query without its ?',
      indexOf([get('/y', 'a=1')]),
      /exchanges\[0\]\.request\.query must be "" or start with "\?", not "a=1"/,
    ],
    [
      'a header value with a line break',
      indexOf([get('/y', '', { headers: { 'x-a': 'a\r\nb: c' } })]),
      /exchanges\[0\]\.response\.headers\.x-a holds a line break/,
    ],
    [
      'an upper-case header name',
      indexOf([get('/y', '', { headers: { 'Content-Type': 'text/plain' } })]),
      /exchanges\[0\]\.response\.headers: "Content-Type" is not a lower-case header name/,
    ],
    [
      'a reason phrase with a line break',
      indexOf([get('/y', '', { statusText: 'OK\r\nX-Injected: 1' })]),
      /exchanges\[0\]\.response\.statusText must be a reason phrase/,
    ],
    [
      'truncated that is not a boolean',
      indexOf([get('/y', '', { truncated: 'no' as unknown as boolean })]),
      /exchanges\[0\]\.response\.truncated must be a boolean/,
    ],
  ];
  for (const [what, index, message] of refusals) {
    it(`refuses ${what}, naming it`, async () => {
      const dir = await writeDir(index, { 'a.json': '{}' });
      const error = await readRecording(dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RangeError);
      expect((error as RangeError).message).toMatch(message);
      expect((error as RangeError).message).toContain(dir);
    });
  }

  it('refuses a directory without index.json', async () => {
    const dir = join(root, 'empty');
    await mkdir(dir);
    await expect(readRecording(dir)).rejects.toThrow(/index\.json: file "index\.json" not found/);
    await expect(readRecording(dir)).rejects.toBeInstanceOf(RangeError);
  });

  it('refuses a body file that is a link (it could point outside the directory)', async () => {
    const dir = await writeDir(indexOf([get('/y', '', { body: 'link.json' })]));
    await writeFile(join(root, 'outside.json'), '{"secret":true}');
    await symlink(join(root, 'outside.json'), join(dir, 'link.json'));
    await expect(readRecording(dir)).rejects.toThrow(/exchanges\[0\]\.response\.body: "link\.json" is not a regular file/);
  });

  it('leaves fields the format does not know alone', async () => {
    const dir = await writeDir({ ...indexOf([]), note: 'added later' });
    const recording = await readRecording(dir);
    expect((recording.index as unknown as Record<string, unknown>).note).toBe('added later');
  });
});

describe('findRecordings', () => {
  it('lists recorded/<name>/ folders holding an index.json, sorted by name', async () => {
    const samples = join(root, 'samples');
    for (const name of ['b-run', 'a-run', 'no-index', 'B-upper'])
      await mkdir(join(samples, 'recorded', name), { recursive: true });
    for (const name of ['b-run', 'a-run', 'B-upper']) await writeFile(join(samples, 'recorded', name, 'index.json'), '{}');
    await writeFile(join(samples, 'recorded', 'README.md'), 'not a folder');
    expect(findRecordings(samples)).toEqual([
      join(samples, 'recorded', 'B-upper'),
      join(samples, 'recorded', 'a-run'),
      join(samples, 'recorded', 'b-run'),
    ]);
    expect(findRecordings(new URL(`file://${samples}/`))).toEqual(findRecordings(samples));
  });

  it('gives [] without a recorded/ folder', async () => {
    const samples = join(root, 'samples-without');
    await mkdir(samples);
    expect(findRecordings(samples)).toEqual([]);
    expect(findRecordings(join(root, 'no-such-dir'))).toEqual([]);
  });
});

/** The REST recording most tests replay. */
async function restRecording(): Promise<Recording> {
  return await recordingOf(
    [
      get('/api/jobs/7', '', { body: 'queued.json' }),
      get('/api/items/%7Eme', '?name=a%20b', { body: 'item.json' }),
      get('/api/list', '?x=1&y=2', { body: 'list-xy.json' }),
      get('/api/list', '?api_key=***&page=1', { body: 'list-key.json' }),
      get('/api/jobs/7', '', { body: 'running.json', headers: { 'content-type': 'application/json', 'retry-after': '2' } }),
      {
        probe: 'start',
        request: {
          method: 'POST',
          path: '/api/jobs',
          query: '',
          headers: { 'content-type': 'application/json' },
          body: 'start.request.json',
        },
        response: {
          status: 201,
          headers: { 'content-type': 'application/json; charset=utf-8', location: '/api/jobs/7', 'set-cookie': '***' },
          body: 'start.json',
        },
      },
      get('/api/jobs/7', '', { body: 'done.json' }),
      {
        ...get('/api/jobs/8'),
        request: { method: 'DELETE', path: '/api/jobs/8', query: '', headers: {} },
        response: { status: 204, headers: {} },
      },
      get('/api/jobs/9', '', {
        status: 404,
        statusText: 'Not Found',
        headers: { 'content-type': 'text/plain' },
        body: 'missing.txt',
      }),
    ],
    {
      'queued.json': '{"id":"7","status":"Queued"}',
      'running.json': '{"id":"7","status":"Running"}',
      'done.json': '{"id":"7","status":"Completed"}',
      'item.json': '{"name":"a b"}',
      'list-xy.json': '["xy"]',
      'list-key.json': '["key"]',
      'start.request.json': '{"name":"job"}',
      'start.json': ' {"id": "7"}\n',
      'missing.txt': 'Job not found.\n',
    },
  );
}

/** The SOAP recording: two operations on one path, several answers per operation. */
const envelope = (prefix: string, inner: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><${prefix}:Envelope xmlns:${prefix}="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="urn:apubi"><${prefix}:Body>${inner}</${prefix}:Body></${prefix}:Envelope>`;
const status = (id: string) => `<ns:getTaskStatus><ns:taskId>${id}</ns:taskId></ns:getTaskStatus>`;
const start = (name: string, password: string) =>
  `<ns:startTask><ns:name>${name}</ns:name><ns:password>${password}</ns:password></ns:startTask>`;

async function soapRecording(): Promise<Recording> {
  const post = (body: string, answer: string): RecordingEntry => ({
    probe: 'soap',
    request: {
      method: 'POST',
      path: '/apubi/services/TaskService',
      query: '',
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' },
      body,
    },
    response: { status: 200, headers: { 'content-type': 'text/xml; charset=utf-8' }, body: answer },
  });
  return await recordingOf(
    [
      post('s1.request.xml', 's1.response.xml'),
      post('s2.request.xml', 's2.response.xml'),
      post('t1.request.xml', 't1.response.xml'),
      post('t2.request.xml', 't2.response.xml'),
    ],
    {
      's1.request.xml': envelope('soapenv', status('41')),
      's1.response.xml': '<answer>status 41</answer>',
      's2.request.xml': envelope('soapenv', status('42')),
      's2.response.xml': '<answer>status 42</answer>',
      't1.request.xml': envelope('soapenv', start('alpha', '***')),
      't1.response.xml': '<answer>started alpha</answer>',
      't2.request.xml': envelope('soapenv', start('beta', '***')),
      't2.response.xml': '<answer>started beta</answer>',
    },
  );
}

const soapInit = (body: string): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' },
  body,
});

/** The replay cases, run once over `replayFetch` and once over msw with the global fetch. */
function replayCases(fetcherFor: (recording: Recording) => typeof fetch, origin: string): void {
  it('serves repeated requests their recorded answers in order, then the last one again', async () => {
    const f = fetcherFor(await restRecording());
    const states: string[] = [];
    for (let i = 0; i < 5; i++) states.push(((await (await f(`${origin}/api/jobs/7`)).json()) as { status: string }).status);
    expect(states).toEqual(['Queued', 'Running', 'Completed', 'Completed', 'Completed']);
  });

  it('serves status, headers and body exactly as recorded', async () => {
    const f = fetcherFor(await restRecording());
    const created = await f(`${origin}/api/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":"job"}',
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(created.headers.get('location')).toBe('/api/jobs/7');
    expect(created.headers.get('set-cookie')).toBe('***');
    expect(await created.text()).toBe(' {"id": "7"}\n');

    const missing = await f(`${origin}/api/jobs/9`);
    expect(missing.status).toBe(404);
    expect(missing.statusText).toBe('Not Found');
    expect(missing.headers.get('content-type')).toBe('text/plain');
    expect(await missing.text()).toBe('Job not found.\n');

    const deleted = await f(`${origin}/api/jobs/8`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe('');

    const running = [await f(`${origin}/api/jobs/7`), await f(`${origin}/api/jobs/7`)][1];
    expect(running?.headers.get('retry-after')).toBe('2');
  });

  it('compares paths and query values percent-decoded, query pairs in any order', async () => {
    const f = fetcherFor(await restRecording());
    expect(await (await f(`${origin}/api/items/~me?name=a+b`)).json()).toEqual({ name: 'a b' });
    expect(await (await f(`${origin}/api/list?y=2&x=1`)).json()).toEqual(['xy']);
  });

  it('matches a recorded *** query value to any value', async () => {
    const f = fetcherFor(await restRecording());
    expect(await (await f(`${origin}/api/list?page=1&api_key=s3cret-key`)).json()).toEqual(['key']);
  });

  it('serves a SOAP request the answer of its operation, on one path', async () => {
    const f = fetcherFor(await soapRecording());
    const started = await f(`${origin}/apubi/services/TaskService`, soapInit(envelope('s', start('gamma', 'pw'))));
    // No recorded body equals gamma's: the operation's answers in order.
    expect(await started.text()).toBe('<answer>started alpha</answer>');
    const read = await f(`${origin}/apubi/services/TaskService`, soapInit(envelope('soap', status('99'))));
    expect(await read.text()).toBe('<answer>status 41</answer>');
    expect(read.headers.get('content-type')).toBe('text/xml; charset=utf-8');
  });

  it('prefers the SOAP exchange whose recorded body equals the request, *** matching anything', async () => {
    const f = fetcherFor(await soapRecording());
    const url = `${origin}/apubi/services/TaskService`;
    expect(await (await f(url, soapInit(envelope('soapenv', status('42'))))).text()).toBe('<answer>status 42</answer>');
    expect(await (await f(url, soapInit(envelope('soapenv', start('beta', 'hunter2'))))).text()).toBe(
      '<answer>started beta</answer>',
    );
    expect(await (await f(url, soapInit(envelope('soapenv', start('alpha', 'x&amp;y'))))).text()).toBe(
      '<answer>started alpha</answer>',
    );
    expect(await (await f(url, soapInit(envelope('soapenv', status('41'))))).text()).toBe('<answer>status 41</answer>');
  });
}

describe('replayFetch', () => {
  replayCases(replayFetch, 'http://any-origin.test:8080');

  it('answers any origin', async () => {
    const f = replayFetch(await restRecording());
    expect(await (await f('https://elsewhere.example/api/items/~me?name=a%20b')).json()).toEqual({ name: 'a b' });
  });

  it('takes a Request and a URL as input', async () => {
    const f = replayFetch(await restRecording());
    const created = await f(new Request('http://h.test/api/jobs', { method: 'POST', body: '{}' }));
    expect(created.status).toBe(201);
    expect(await (await f(new URL('http://h.test/api/list?x=1&y=2'))).json()).toEqual(['xy']);
  });

  it('rejects an unmatched request with a TypeError naming method, path and query (secret values as ***)', async () => {
    const f = replayFetch(await restRecording());
    await expect(f('http://h.test/api/jobs/7', { method: 'POST' })).rejects.toThrow(
      new TypeError('no recorded answer for POST /api/jobs/7'),
    );
    await expect(f('http://h.test/api/list?x=1')).rejects.toThrow(new TypeError('no recorded answer for GET /api/list?x=1'));
    await expect(f('http://h.test/api/list?x=1&y=2&z=3')).rejects.toThrow(
      /^no recorded answer for GET \/api\/list\?x=1&y=2&z=3$/,
    );
    await expect(f('http://h.test/api/list?page=2&api_key=s3cret-key')).rejects.toThrow(
      new TypeError('no recorded answer for GET /api/list?page=2&api_key=***'),
    );
    const error = await f('http://h.test/nowhere').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
  });

  it('rejects a SOAP request whose operation was not recorded', async () => {
    const f = replayFetch(await soapRecording());
    const body = envelope('soapenv', '<ns:cancelTask><ns:taskId>41</ns:taskId></ns:cancelTask>');
    await expect(f('http://h.test/apubi/services/TaskService', soapInit(body))).rejects.toThrow(
      new TypeError('no recorded answer for POST /apubi/services/TaskService'),
    );
  });

  it('rejects with the reason of an aborted signal, before answering', async () => {
    const f = replayFetch(await restRecording());
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    controller.abort(reason);
    await expect(f('http://h.test/api/jobs/7', { signal: controller.signal })).rejects.toBe(reason);
    const request = new Request('http://h.test/api/jobs/7', { signal: AbortSignal.abort(reason) });
    await expect(f(request)).rejects.toBe(reason);
    // The aborted calls used no recorded answer: the first one is still next.
    expect(await (await f('http://h.test/api/jobs/7')).json()).toEqual({ id: '7', status: 'Queued' });
  });

  it('counts per fetch: a second replayFetch starts from the first recorded answer', async () => {
    const recording = await restRecording();
    const first = replayFetch(recording);
    await first('http://h.test/api/jobs/7');
    await first('http://h.test/api/jobs/7');
    const second = replayFetch(recording);
    expect(await (await second('http://h.test/api/jobs/7')).json()).toEqual({ id: '7', status: 'Queued' });
    expect(await (await first('http://h.test/api/jobs/7')).json()).toEqual({ id: '7', status: 'Completed' });
  });
});

describe('recordingHandlers through msw', () => {
  const overMsw = (recording: Recording): typeof fetch => {
    server.resetHandlers(...recordingHandlers(recording));
    return fetch;
  };
  replayCases(overMsw, 'http://alteryx.test');

  it('answers an unmatched request with a network error (fetch rejects with a TypeError)', async () => {
    overMsw(await restRecording());
    const error = await fetch('http://alteryx.test/api/jobs/7', { method: 'PUT' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
  });

  it('with baseUrl, answers only that origin and leaves others to the next handlers', async () => {
    server.resetHandlers(
      ...recordingHandlers(await restRecording(), { baseUrl: 'http://alteryx.test/webapi' }),
      http.all('*', () => HttpResponse.text('next handler', { status: 418 })),
    );
    expect(await (await fetch('http://alteryx.test/api/jobs/7')).json()).toEqual({ id: '7', status: 'Queued' });
    const other = await fetch('http://other.test/api/jobs/7');
    expect(other.status).toBe(418);
    expect(await other.text()).toBe('next handler');
  });
});

// The testkit does not depend on vendor packages: Vitest resolves this one to its sources, as in
// hostile-vendors.test.ts.
interface AlteryxClient {
  getJob(
    id: string,
  ): Promise<{ id: string; status: string; disposition?: string; outputs?: Array<{ id: string; fileName: string }> }>;
  getJobStatus(id: string): Promise<JobStatus>;
}
type AlteryxFactory = (
  connection: { baseUrl: string; accessToken: string },
  options: { fetch?: typeof fetch; retry?: false },
) => AlteryxClient;
const ALTERYX = '@jobwire/alteryx-server';

describe('a jobwire client over a replayed recording', () => {
  const jobId = '66ebd18d3d6200007e000d01';
  const jobView = {
    id: jobId,
    appId: '66ebd18d3d6200007e000a01',
    createDateTime: '2026-12-03T10:00:00.000Z',
    status: 'Completed',
    disposition: 'Success',
    outputs: [{ id: 'out-1', availableFormats: ['Raw'], fileName: 'result.csv' }],
    messages: [],
    priority: 'Default',
    workerTag: '',
    runWithE2: true,
  };
  const alteryxRecording = () =>
    recordingOf(
      [
        get(`/webapi/v3/jobs/${jobId}`, '?includeMessages=true', { body: 'job.json' }),
        get(`/webapi/v3/jobs/${jobId}`, '', { body: 'job.json' }),
      ],
      { 'job.json': JSON.stringify(jobView) },
    );
  const connect = async (fetchFn: typeof fetch) => {
    const { createAlteryxServerClient } = (await import(/* @vite-ignore */ ALTERYX)) as {
      createAlteryxServerClient: AlteryxFactory;
    };
    return createAlteryxServerClient(
      { baseUrl: 'http://alteryx.test/webapi', accessToken: 'replay-placeholder' },
      { fetch: fetchFn, retry: false },
    );
  };

  it('decodes a job served by replayFetch', async () => {
    const client = await connect(replayFetch(await alteryxRecording()));
    const job = await client.getJob(jobId);
    expect(job.id).toBe(jobId);
    expect(job.status).toBe('Completed');
    expect(job.disposition).toBe('Success');
    expect(job.outputs?.[0]?.fileName).toBe('result.csv');
    const status = await client.getJobStatus(jobId);
    expect(status.id).toBe(jobId);
    expect(status.state).toBe('succeeded');
    expect(status.done).toBe(true);
  });

  it('reports an unrecorded request as a ConnectionError', async () => {
    const client = await connect(replayFetch(await alteryxRecording()));
    const error = await client.getJob('66ebd18d3d6200007e000d99').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).vendor).toBe('alteryx-server');
  });

  describe('over msw', () => {
    it('decodes the same job served by recordingHandlers, with the global fetch', async () => {
      server.resetHandlers(...recordingHandlers(await alteryxRecording(), { baseUrl: 'http://alteryx.test' }));
      const client = await connect(fetch);
      const job = await client.getJob(jobId);
      expect(job.id).toBe(jobId);
      expect(job.status).toBe('Completed');
      expect(job.outputs?.[0]?.id).toBe('out-1');
      const status = await client.getJobStatus(jobId);
      expect(status.state).toBe('succeeded');
    });
  });
});

describe('a recording written by writeRecording reads back and replays', () => {
  it('serves the scrubbed exchanges: secret query values and body secrets match as ***', async () => {
    const dir = join(root, 'written');
    const secret = 'p4ss-w0rd-7f3e';
    const soapBody = envelope('soapenv', start('nightly', secret));
    await writeRecording(
      dir,
      {
        vendor: 'nagra-apubi',
        recordedAt: '2026-12-03T10:00:00.000Z',
        recordedBy: ['@jobwire/cli@0.1.0'],
        url: 'http://apubi.test/apubi',
        writes: true,
        settings: {},
        secretSettings: ['password'],
        probes: [{ name: 'start', outcome: 'passed', detail: 'started' }],
      },
      [
        {
          probe: 'list',
          request: {
            method: 'GET',
            url: `http://apubi.test/api/list?page=1&api_key=${secret}`,
            headers: { accept: 'application/json' },
          },
          response: { status: 200, headers: { 'content-type': 'application/json' }, body: '["one"]' },
        },
        {
          probe: 'start',
          request: {
            method: 'POST',
            url: 'http://apubi.test/apubi/services/TaskService',
            headers: {
              'content-type': 'text/xml; charset=utf-8',
              soapaction: '""',
              authorization: `Basic ${btoa(`admin:${secret}`)}`,
            },
            body: soapBody,
          },
          response: {
            status: 200,
            headers: { 'content-type': 'text/xml; charset=utf-8' },
            body: '<answer>started nightly</answer>',
          },
        },
      ],
      { secrets: [secret] },
    );
    const recording = await readRecording(dir);
    expect(recording.exchanges).toHaveLength(2);
    expect(recording.exchanges[0]?.request.query).toBe('?page=1&api_key=***');
    expect(recording.exchanges[1]?.requestBody).not.toContain(secret);
    const f = replayFetch(recording);
    expect(await (await f(`http://replayed.test/api/list?api_key=another-key&page=1`)).json()).toEqual(['one']);
    const started = await f(
      'http://replayed.test/apubi/services/TaskService',
      soapInit(envelope('soapenv', start('nightly', 'other'))),
    );
    expect(started.status).toBe(200);
    expect(await started.text()).toBe('<answer>started nightly</answer>');
  });
});
