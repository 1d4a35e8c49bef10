/**
 * Conformance: the client against the documented TrueSight samples, served by msw from
 * @jobwire/testkit. Every sample is decoded and asserted field by field, and every request the
 * client sends is checked (method, URL, headers, body).
 *
 * Live mode: with JOBWIRE_TRUESIGHT_ORCHESTRATION_URL, _USERNAME and _PASSWORD set (and
 * _COMPONENT, default baocdp), read-only probes also run against that server; _JOB_ID picks the
 * job to read. Writes (executing _PROCESS) only with JOBWIRE_LIVE_WRITES=1.
 */

import { readFileSync } from 'node:fs';
import { ApiError, AuthenticationError, NotFoundError } from '@jobwire/core';
import { handlers, trueSightCredentials, trueSightJobIds, trueSightSamples, trueSightToken } from '@jobwire/testkit';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTrueSightOrchestrationClient } from '../src/index.js';

const baseUrl = 'http://truesight.test:38080';
const root = `${baseUrl}/baocdp/rest`;
const server = setupServer(...handlers.truesightOrchestration({ baseUrl }));
const sent: Request[] = [];
server.events.on('request:start', ({ request }) => {
  sent.push(request.clone());
});

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  sent.length = 0;
});
afterAll(() => server.close());

const client = () => createTrueSightOrchestrationClient({ baseUrl, ...trueSightCredentials }, { retry: false });
const JOB = trueSightJobIds.started;
const PROCESS = ':AutoPilot-AD-Utilities:HTTP:Get';
const apiRequests = () => sent.filter((r) => !r.url.endsWith('/login'));

describe('TrueSight Orchestration conformance (documented samples via msw)', () => {
  it('logs in with {username, password}, then sends the Authentication-Token header', async () => {
    await client().getJob(JOB);
    expect(sent).toHaveLength(2);
    const [login, call] = sent as [Request, Request];
    expect(login.method).toBe('POST');
    expect(login.url).toBe(`${root}/login`);
    expect(login.headers.get('content-type')).toBe('application/json');
    expect(await login.json()).toEqual({ username: 'fake-user', password: 'fake-password' });
    expect(login.headers.get('authentication-token')).toBeNull();
    expect(call.headers.get('authentication-token')).toBe(trueSightToken);
  });

  it('GET /job/{jobId}/status: decodes the documented sample field by field', async () => {
    const job = await client().getJob(JOB);
    const [request] = apiRequests() as [Request];
    expect(request.method).toBe('GET');
    expect(request.url).toBe(`${root}/job/${JOB}/status`);
    expect(job.jobId).toBe(JOB);
    expect(job.processName).toBe(':AutoPilot-AD-Utilities:HTTP:Get');
    expect(job.name).toBe('Get');
    expect(job.peerId).toBe('urn:jxta:uuid-59616261646162614E50472050325033E4830C5CEFF54C8284FFA9C2FE3C3B8503');
    expect(job.status).toBe('COMPLETED');
    expect(job.startTime).toBe('Wed Dec 31 17:59:59 CST 1969');
    // CST is UTC-6: one second before the epoch.
    expect(job.startedAt?.toISOString()).toBe('1969-12-31T23:59:59.000Z');
    expect(job.outputParameters.map((p) => p.name)).toEqual(['message body', 'status reason', 'status code', 'header lines']);
    expect(job.outputParameters[1]?.value).toBe('<result>OK</result>');
    expect(job.outputParameters[2]?.value).toBe('<result>200</result>');
    expect(job.raw).toEqual(trueSightSamples.jobStatus);
  });

  it('unwraps the documented <result> output values into text and XML objects', async () => {
    const { outputs } = await client().getJob(JOB);
    expect(Object.keys(outputs)).toEqual(['message body', 'status reason', 'status code', 'header lines']);
    expect(outputs['status reason']).toBe('OK');
    expect(outputs['status code']).toBe('200');
    expect(outputs['message body']).toEqual({
      'message-body':
        '<!doctype html><html itemscope="" itemtype="http://schema.org/WebPage" lang="en-IN"><head><meta content="/images/google_favicon_128.png" itemprop="image"><title>Google</title><script>........',
    });
    expect(outputs['header lines']).toEqual({
      'header-lines': {
        Date: 'Mon, 06 Apr 2015 13:39:45 GMT',
        Expires: '-1',
        'Cache-Control': 'private, max-age=0',
        'Content-Type': 'text/html; charset=ISO-8859-1',
        Server: 'gws',
        'X-XSS-Protection': '1; mode=block',
        'X-Frame-Options': 'SAMEORIGIN',
        'Alternate-Protocol': '80:quic,p=0.5',
        'Accept-Ranges': 'none',
        Vary: 'Accept-Encoding',
        'Transfer-Encoding': 'chunked',
      },
    });
  });

  it('getJobStatus normalizes the documented sample: COMPLETED → succeeded', async () => {
    const status = await client().getJobStatus(JOB);
    expect(status.vendor).toBe('truesight-orchestration');
    expect(status.id).toBe(JOB);
    expect(status.state).toBe('succeeded');
    expect(status.done).toBe(true);
    expect(status.vendorStatus).toBe('COMPLETED');
    expect(status.detail).toBeUndefined();
    expect(status.outputs['status code']).toBe('200');
    expect(status.outputs['status reason']).toBe('OK');
    expect(status.raw.peerId).toBe(trueSightSamples.jobStatus.peerId);
  });

  it('the verbatim documented text is kept beside the fixture, and says the same', () => {
    const verbatim = readFileSync(
      new URL('../../../specs/truesight-orchestration/samples/job-status.verbatim.txt', import.meta.url),
      'utf8',
    );
    expect(() => JSON.parse(verbatim)).toThrow(SyntaxError);
    for (const value of [
      trueSightSamples.jobStatus.processName,
      trueSightSamples.jobStatus.peerId,
      trueSightSamples.jobStatus.startTime,
      trueSightSamples.jobStatus.status,
      ...trueSightSamples.jobStatus.outputParameters.map((p) => p.name),
      ...trueSightSamples.jobStatus.outputParameters.slice(0, 3).map((p) => p.value),
    ]) {
      expect(verbatim).toContain(value);
    }
  });

  it('an unknown job id: "Invalid input. No result generated" → NotFoundError', async () => {
    const error = await client()
      .getJobStatus(trueSightJobIds.missing)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    const e = error as NotFoundError;
    expect(e.operation).toBe('getJobStatus');
    expect(e.status).toBe(200);
    expect(e.message).toBe('truesight-orchestration getJobStatus failed: HTTP 200: Invalid input. No result generated');
    expect(apiRequests()[0]?.url).toBe(`${root}/job/${trueSightJobIds.missing}/status`);
  });

  it('POST /process/{name}/execute?mode=sync: the name is one encoded path segment, outputs decoded', async () => {
    const result = await client().executeProcess(PROCESS, trueSightSamples.executeRequest.inputParameters, { mode: 'sync' });
    const [request] = apiRequests() as [Request];
    expect(request.method).toBe('POST');
    expect(request.url).toBe(`${root}/process/%3AAutoPilot-AD-Utilities%3AHTTP%3AGet/execute?mode=sync`);
    expect(request.headers.get('authentication-token')).toBe(trueSightToken);
    expect(request.headers.get('content-type')).toBe('application/json');
    expect(await request.json()).toEqual(trueSightSamples.executeRequest);
    expect(result.mode).toBe('sync');
    expect(result.outputParameters).toEqual(trueSightSamples.executeSyncResponse);
    expect(result.outputs).toEqual({ 'status reason': 'OK', 'status code': '200' });
  });

  it('POST /process/{name}/execute?mode=async: returns the job id', async () => {
    const result = await client().executeProcess(
      PROCESS,
      { 'adapter name': 'HTTP Adapter', url: 'http://www.google.com' },
      { mode: 'async' },
    );
    const [request] = apiRequests() as [Request];
    expect(request.url).toBe(`${root}/process/%3AAutoPilot-AD-Utilities%3AHTTP%3AGet/execute?mode=async`);
    expect(await request.json()).toEqual(trueSightSamples.executeRequest);
    expect(result).toEqual({ mode: 'async', jobId: 'a3f1c2d4-5b6e-4f70-8a91-b2c3d4e5f607' });
  });

  it('POST /logout sends the token, and the next call logs in again', async () => {
    const c = client();
    await c.getJob(JOB);
    await c.logout();
    await c.getJob(JOB);
    expect(sent.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
      'POST /baocdp/rest/login',
      `GET /baocdp/rest/job/${JOB}/status`,
      'POST /baocdp/rest/logout',
      'POST /baocdp/rest/login',
      `GET /baocdp/rest/job/${JOB}/status`,
    ]);
    expect(sent[2]?.headers.get('authentication-token')).toBe(trueSightToken);
  });

  it('the baoap component is addressed by the component option', async () => {
    server.use(...handlers.truesightOrchestration({ baseUrl, component: 'baoap' }));
    const ap = createTrueSightOrchestrationClient({ baseUrl, component: 'baoap', ...trueSightCredentials }, { retry: false });
    await ap.executeProcess(PROCESS, [], { mode: 'async' });
    expect(sent.map((r) => new URL(r.url).pathname)).toEqual([
      '/baoap/rest/login',
      '/baoap/rest/process/%3AAutoPilot-AD-Utilities%3AHTTP%3AGet/execute',
    ]);
    server.resetHandlers();
  });

  it('401 on login with bad credentials → AuthenticationError', async () => {
    const bad = createTrueSightOrchestrationClient({ baseUrl, username: 'fake-user', password: 'wrong' }, { retry: false });
    const error = await bad.getJob(JOB).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).operation).toBe('login');
    expect((error as AuthenticationError).status).toBe(401);
    expect((error as AuthenticationError).message).toBe(
      'truesight-orchestration login failed: HTTP 401 Unauthorized: Unauthorized',
    );
  });

  it('401 with a wrong static token → AuthenticationError (no login)', async () => {
    const bad = createTrueSightOrchestrationClient({ baseUrl, authToken: 'not-the-token' }, { retry: false });
    const error = await bad.getJob(JOB).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).operation).toBe('getJob');
    expect(sent.map((r) => new URL(r.url).pathname)).toEqual([`/baocdp/rest/job/${JOB}/status`]);
  });

  describe('the documented login answers', () => {
    type Answer = (typeof trueSightSamples.loginAnswers)['bao8'];
    // The documented answers set `Secure` cookies for the page's host: they are served over https from that host.
    const secureBase = 'https://clm-pun-foo.com:38080';
    const secureRoot = `${secureBase}/baocdp/rest`;
    const secureClient = () =>
      createTrueSightOrchestrationClient({ baseUrl: secureBase, ...trueSightCredentials }, { retry: false });
    /** Serves a documented login answer (without the header lines `drop` names) and a status route that wants `token`. */
    const serve = (answer: Answer, token: string, drop: string[] = []) => {
      server.use(
        http.post(`${secureRoot}/login`, () => {
          const headers = new Headers();
          for (const [name = '', value = ''] of answer.headers) if (!drop.includes(name)) headers.append(name, value);
          return HttpResponse.json(answer.body, { status: answer.status, headers });
        }),
        http.get(`${secureRoot}/job/:jobId/status`, ({ request }) =>
          request.headers.get('authentication-token') === token
            ? HttpResponse.json(trueSightSamples.jobStatus)
            : new HttpResponse('Unauthorized', { status: 401 }),
        ),
      );
    };
    const header = (answer: Answer, name: string) => answer.headers.filter(([n]) => n === name).map(([, value]) => value ?? '');
    afterEach(() => server.resetHandlers());

    it.each(['bao8', 'tso82', 'tso2002'] as const)(
      '%s: the token of the Authentication-Token header is sent on',
      async (which) => {
        const answer = trueSightSamples.loginAnswers[which];
        const [token] = header(answer, 'Authentication-Token') as [string];
        serve(answer, token);
        const job = await secureClient().getJob(JOB);
        expect(job.status).toBe('COMPLETED');
        expect(apiRequests()[0]?.headers.get('authentication-token')).toBe(token);
        expect(answer.body).toEqual({ login: 'true' });
      },
    );

    it('bao8: the token is the documented one, joined across the line the page wrapped', () => {
      const [token] = header(trueSightSamples.loginAnswers.bao8, 'Authentication-Token') as [string];
      expect(token.startsWith('/DwG7gAAAAAAAAAASSIUSHVVSysr/')).toBe(true);
      expect(token).toContain('CFK/xvyR3xrux3zZxEPrxnI1/');
      expect(token.endsWith('pjQMQwrJNtC')).toBe(true);
      expect(token).not.toMatch(/\s/);
    });

    it('tso2002: the token also comes as a cookie beside JSESSIONID; without the header, the cookie is used', async () => {
      const answer = trueSightSamples.loginAnswers.tso2002;
      expect(header(answer, 'Set-Cookie')).toEqual([
        'JSESSIONID=FXV7890B4116; Path=/baocdp; Secure; HttpOnly',
        'Authentication-Token=/DwG7trv/o0Ep/tyb/wyx678/cftsOxrp/kwx=; Domain=clm-pun-foo.com; Path=/baocdp; Secure; HttpOnly',
      ]);
      serve(answer, '/DwG7trv/o0Ep/tyb/wyx678/cftsOxrp/kwx=', ['Authentication-Token']);
      await secureClient().getJob(JOB);
      expect(apiRequests()[0]?.headers.get('authentication-token')).toBe('/DwG7trv/o0Ep/tyb/wyx678/cftsOxrp/kwx=');
      // The cookie is a token source only: later calls carry the header the documentation asks for, no Cookie.
      expect(apiRequests()[0]?.headers.get('cookie')).toBeNull();
    });

    it('the verbatim pages say the same as the fixtures', () => {
      const text = (file: string) =>
        readFileSync(new URL(`../../../specs/truesight-orchestration/samples/${file}`, import.meta.url), 'utf8');
      const bao8 = text('login.response.bao8.verbatim.txt');
      const [bao8Token] = header(trueSightSamples.loginAnswers.bao8, 'Authentication-Token') as [string];
      expect(bao8.replace(/\n(?=xvyR3)/, '')).toContain(`Authentication-Token: ${bao8Token}\n`);
      const [tso82Token] = header(trueSightSamples.loginAnswers.tso82, 'Authentication-Token') as [string];
      expect(text('login.response.tso82.verbatim.txt')).toContain(`Authentication-Token: ${tso82Token}\n`);
      const tso2002 = text('login.response.tso2002.verbatim.txt');
      expect(tso2002).toContain('Authentication-Token: <Masked String>');
      expect(tso2002.replace(/;\n/g, '; ')).toContain(
        `Set-Cookie: ${header(trueSightSamples.loginAnswers.tso2002, 'Set-Cookie')[1]}`,
      );
      for (const page of [bao8, text('login.response.tso82.verbatim.txt'), tso2002]) {
        expect(page).toContain('Status Code: 200 OK');
        expect(page.replace(/\s/g, '')).toContain('{"login":"true"}');
      }
    });
  });

  it('sends the documented login request of the REST call examples', async () => {
    const documented = createTrueSightOrchestrationClient({ baseUrl, ...trueSightSamples.loginRequestTso82 }, { retry: false });
    server.use(...handlers.truesightOrchestration({ baseUrl, ...trueSightSamples.loginRequestTso82 }));
    await documented.getJob(JOB);
    expect(await sent[0]?.json()).toEqual({ username: 'admin', password: 'adminABC' });
    server.resetHandlers();
  });

  it('sends the documented XML inputs (with double quotes) as the documented request body', async () => {
    await client().executeProcess(PROCESS, trueSightSamples.executeXmlRequest.inputParameters, { mode: 'async' });
    const body = await apiRequests()[0]?.json();
    expect(body).toEqual(trueSightSamples.executeXmlRequest);
    expect(body.inputParameters[2]).toEqual({
      name: 'param3',
      value:
        '<parent><child attr1="aValue">XML node has an attribute and text data containing " - double-quotes</child></parent>',
      type: 'xml',
    });
    const verbatim = readFileSync(
      new URL('../../../specs/truesight-orchestration/samples/execute-xml.request.verbatim.txt', import.meta.url),
      'utf8',
    );
    // The documented text is not JSON (no comma between the second and third element).
    expect(() => JSON.parse(`{${verbatim}`)).toThrow(SyntaxError);
    expect(JSON.parse(`{${verbatim.replace(/}\n{/, '},\n{')}`)).toEqual(trueSightSamples.executeXmlRequest);
  });

  it('HTTP 420 with a text body → ApiError carrying the server text', async () => {
    server.use(
      http.post(
        `${root}/process/:processName/execute`,
        () =>
          new HttpResponse('Process :M:Missing not found on grid', { status: 420, headers: { 'content-type': 'text/plain' } }),
      ),
    );
    const error = await client()
      .executeProcess(':M:Missing', [], { mode: 'sync' })
      .catch((e: unknown) => e);
    server.resetHandlers();
    expect(error).toBeInstanceOf(ApiError);
    const e = error as ApiError;
    expect(e.status).toBe(420);
    expect(e.operation).toBe('executeProcess');
    expect(e.body).toBe('Process :M:Missing not found on grid');
    expect(e.message).toContain('HTTP 420');
    expect(e.message).toContain(': Process :M:Missing not found on grid');
  });

  it('concurrent first calls share one login', async () => {
    const c = client();
    await Promise.all([c.getJob(JOB), c.getJobStatus(JOB), c.executeProcess(PROCESS, [], { mode: 'async' })]);
    expect(sent.filter((r) => r.url.endsWith('/login'))).toHaveLength(1);
    expect(apiRequests()).toHaveLength(3);
  });
});

const live = {
  url: process.env.JOBWIRE_TRUESIGHT_ORCHESTRATION_URL,
  component: process.env.JOBWIRE_TRUESIGHT_ORCHESTRATION_COMPONENT === 'baoap' ? ('baoap' as const) : ('baocdp' as const),
  username: process.env.JOBWIRE_TRUESIGHT_ORCHESTRATION_USERNAME,
  password: process.env.JOBWIRE_TRUESIGHT_ORCHESTRATION_PASSWORD,
  jobId: process.env.JOBWIRE_TRUESIGHT_ORCHESTRATION_JOB_ID,
  process: process.env.JOBWIRE_TRUESIGHT_ORCHESTRATION_PROCESS,
  writes: process.env.JOBWIRE_LIVE_WRITES === '1',
};

describe.runIf(live.url && live.username && live.password)('TrueSight Orchestration conformance (live)', () => {
  beforeAll(() => server.close());
  const liveClient = () =>
    createTrueSightOrchestrationClient({
      baseUrl: live.url ?? '',
      component: live.component,
      username: live.username ?? '',
      password: live.password ?? '',
    });

  it.runIf(live.jobId)('reads a job and normalizes its status', async () => {
    const c = liveClient();
    const status = await c.getJobStatus(live.jobId ?? '');
    expect(status.id).toBe(live.jobId);
    expect(typeof status.vendorStatus).toBe('string');
    await c.logout();
  });

  it('an unknown job id is a NotFoundError', async () => {
    const c = liveClient();
    await expect(c.getJob('jobwire-no-such-job')).rejects.toBeInstanceOf(NotFoundError);
    await c.logout();
  });

  it.runIf(live.writes && live.process)('executes a process asynchronously and waits for it', async () => {
    const c = liveClient();
    const { jobId } = await c.executeProcess(live.process ?? '', [], { mode: 'async' });
    const final = await c.waitForJob(jobId, { timeoutMs: 5 * 60_000 });
    expect(final.done).toBe(true);
    await c.logout();
  });
});
