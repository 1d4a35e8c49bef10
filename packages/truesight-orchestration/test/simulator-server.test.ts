import type { SimOutcome } from '@jobwire/core/simulator';
import { createSpecValidator, type OpenApiDocument } from '@jobwire/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import openapi from '../src/generated/openapi.json' with { type: 'json' };
import { startTrueSightSimulator } from '../src/simulator.js';

// The simulator as a server, over real HTTP without the client (test/simulator.test.ts has the
// client against it): every JSON answer checked against the spec's own schemas.
const spec = createSpecValidator(openapi as unknown as OpenApiDocument);
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function start(outcome: SimOutcome = 'succeeded', escapeOutputs = false) {
  let clock = 1_000_000;
  const sim = await startTrueSightSimulator({ queuedMs: 100, runningMs: 1000, outcome, now: () => clock, escapeOutputs });
  close = sim.close;
  const root = `${sim.url}/baocdp/rest`;
  /** Calls the simulator and checks a JSON answer against the spec's response schema for `path`. */
  const call = async (method: string, path: string, url: string, init: RequestInit = {}) => {
    const response = await fetch(`${root}${url}`, { method, ...init });
    const body: unknown = await response.json();
    const check = spec.checkResponse({ method, path, status: response.status, body });
    expect({ url, status: response.status, problems: check.problems, undocumented: check.undocumented }).toEqual({
      url,
      status: response.status,
      problems: [],
      undocumented: [],
    });
    return { status: response.status, headers: response.headers, body: body as Record<string, unknown> };
  };
  const login = await call('POST', '/login', '/login', {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(sim.credentials),
  });
  const token = login.headers.get('authentication-token') ?? '';
  const auth = { 'authentication-token': token, 'content-type': 'application/json' };
  return { sim, root, call, auth, token, advance: (ms: number) => (clock += ms) };
}

const PROCESS = encodeURIComponent(':AutoPilot-AD-Utilities:HTTP:Get');
const inputs = JSON.stringify({ inputParameters: [{ name: 'url', value: 'http://www.google.com' }] });

describe('TrueSight simulator answers as the spec says', () => {
  it('listens on 127.0.0.1; login returns {"login":"true"} and the token in Authentication-Token', async () => {
    const { sim, token } = await start();
    expect(new URL(sim.url).hostname).toBe('127.0.0.1');
    expect(token).toMatch(/^AQIC5wM2LY4Sfc[0-9a-f]{40}\.\*$/);
  });

  for (const [outcome, final] of [
    ['succeeded', 'COMPLETED'],
    ['failed', 'COMPENSATED'],
    ['cancelled', 'CANCELLED'],
  ] as const) {
    it(`an async job that ends ${outcome}: ASSIGNED → ${final}, every answer valid`, async () => {
      const { call, auth, advance } = await start(outcome);
      const started = await call('POST', '/process/{processName}/execute', `/process/${PROCESS}/execute?mode=async`, {
        headers: auth,
        body: inputs,
      });
      const jobId = String(started.body.jobId);
      expect(jobId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      const seen: string[] = [];
      for (const step of [0, 100, 1000]) {
        advance(step);
        const status = await call('GET', '/job/{jobId}/status', `/job/${jobId}/status`, { headers: auth });
        seen.push(String(status.body.status));
        expect(status.body.processName).toBe(':AutoPilot-AD-Utilities:HTTP:Get');
        expect(status.body.name).toBe('Get');
        expect(status.body.startTime).toBe('Thu Jan 01 00:16:40 UTC 1970');
      }
      expect(seen).toEqual(['ASSIGNED', 'ASSIGNED', final]);
    });
  }

  it('a sync run answers the output parameters at once', async () => {
    const { call, auth } = await start();
    const outputs = await call('POST', '/process/{processName}/execute', `/process/${PROCESS}/execute?mode=sync`, {
      headers: auth,
      body: inputs,
    });
    expect(outputs.body).toContainEqual({ name: 'status code', value: '<result>200</result>' });
    expect(outputs.body).toContainEqual({ name: 'process', value: '<result>:AutoPilot-AD-Utilities:HTTP:Get</result>' });
  });

  it('escapeOutputs sends the values entity-escaped, as other server versions do', async () => {
    const { call, auth } = await start('succeeded', true);
    const outputs = await call('POST', '/process/{processName}/execute', `/process/${PROCESS}/execute`, {
      headers: auth,
      body: inputs,
    });
    expect(outputs.body).toContainEqual({ name: 'status reason', value: '&lt;result&gt;OK&lt;/result&gt;' });
  });
});

describe('TrueSight simulator errors', () => {
  it('refuses bad credentials and unknown tokens with 401 "Unauthorized"', async () => {
    const { root } = await start();
    const login = await fetch(`${root}/login`, { method: 'POST', body: JSON.stringify({ username: 'x', password: 'y' }) });
    expect([login.status, await login.text(), login.headers.get('authentication-token')]).toEqual([401, 'Unauthorized', null]);
    const status = await fetch(`${root}/job/abc/status`, { headers: { 'authentication-token': 'nope' } });
    expect([status.status, await status.text()]).toEqual([401, 'Unauthorized']);
  });

  it('answers an unknown job id with 200 "Invalid input. No result generated"', async () => {
    const { root, auth } = await start();
    const response = await fetch(`${root}/job/no-such-job/status`, { headers: auth });
    expect([response.status, await response.text()]).toEqual([200, 'Invalid input. No result generated']);
  });

  it('logout ends the token; tokens also expire after their lifetime', async () => {
    const { root, auth, advance, call } = await start();
    expect((await fetch(`${root}/logout`, { method: 'POST', headers: auth })).status).toBe(200);
    expect((await fetch(`${root}/job/abc/status`, { headers: auth })).status).toBe(401);
    const again = await call('POST', '/login', '/login', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'sim-user', password: 'sim-password' }),
    });
    const fresh = { 'authentication-token': again.headers.get('authentication-token') ?? '' };
    expect((await fetch(`${root}/job/abc/status`, { headers: fresh })).status).toBe(200);
    advance(24 * 60 * 60 * 1000);
    expect((await fetch(`${root}/job/abc/status`, { headers: fresh })).status).toBe(401);
  });

  it('405 for a known path with another method (there is no cancel call); 404 page elsewhere', async () => {
    const { sim, root, auth } = await start();
    const del = await fetch(`${root}/job/abc/status`, { method: 'DELETE', headers: auth });
    expect([del.status, await del.text()]).toEqual([405, 'Method not allowed']);
    const other = await fetch(`${sim.url}/baoxyz/rest/login`, { method: 'POST' });
    expect(other.status).toBe(404);
    expect(other.headers.get('content-type')).toContain('text/html');
  });

  it('a malformed execute body is 400 "Invalid input…"', async () => {
    const { root, auth } = await start();
    const response = await fetch(`${root}/process/${PROCESS}/execute?mode=async`, {
      method: 'POST',
      headers: auth,
      body: '{"inputParameters":5}',
    });
    expect([response.status, await response.text()]).toEqual([400, 'Invalid input. No result generated']);
  });

  it('injects the chaos it is asked for (503 with Retry-After), and counts it', async () => {
    const sim = await startTrueSightSimulator({ chaos: { seed: 7, rate: 1, kinds: ['unavailable'] } });
    close = sim.close;
    expect(sim.credentials).toEqual({ username: 'sim-user', password: 'sim-password' });
    const response = await fetch(`${sim.url}/baocdp/rest/login`, { method: 'POST', body: JSON.stringify(sim.credentials) });
    expect([response.status, response.headers.get('retry-after')]).toEqual([503, '1']);
    expect(sim.faultCount).toBe(1);
  });
});
