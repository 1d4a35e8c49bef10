import { afterEach, describe, expect, it } from 'vitest';
import { type Authenticator, createRedactor, RedirectError } from '../src/index.js';
import { createHttpTransport } from '../src/internal.js';
import { type LocalServer, startLocalServer } from './local-server.js';
import { rejection } from './rejection.js';

const SECRET = 'tok-SECRET-42';
const servers: LocalServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(handler: Parameters<typeof startLocalServer>[0]): Promise<LocalServer> {
  const server = await startLocalServer(handler);
  servers.push(server);
  return server;
}

/** A server that answers every request with `status` and `Location: location()`, or 200 JSON. */
const redirecting = (status: number, location: () => string) =>
  start((_req, res) => {
    res.writeHead(status, { location: location() });
    res.end('moved');
  });
const ok = () =>
  start((req, res, body) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ method: req.method, body }));
  });

const tokenAuth: Authenticator = {
  apply: async (headers) => {
    headers.set('authentication-token', SECRET);
    headers.set('cookie', `session=${SECRET}`);
  },
};

function transport(options: Partial<Parameters<typeof createHttpTransport>[0]> = {}) {
  return createHttpTransport({
    vendor: 'truesight-orchestration',
    redactor: createRedactor([SECRET, 'pw-hunter2']),
    authenticator: tokenAuth,
    retry: false,
    ...options,
  });
}

describe('redirects', () => {
  it('follows a same-origin redirect of a read, credentials kept', async () => {
    const server = await start((req, res) => {
      if (req.url === '/old') {
        res.writeHead(301, { location: '/new' });
        res.end();
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
      }
    });
    const { body } = await transport().request({ url: `${server.url}/old` });
    expect(body).toEqual({ ok: true });
    expect(server.requests.map((r) => r.url)).toEqual(['/old', '/new']);
    expect(server.requests[1]?.headers['authentication-token']).toBe(SECRET);
  });

  it('refuses a redirect to another origin with a RedirectError naming it; nothing reaches it', async () => {
    const other = await ok();
    const server = await redirecting(302, () => `${other.url}/steal?x=1`);
    const error = await rejection(transport().request({ url: `${server.url}/job/1/status` }, { operation: 'getJobStatus' }));
    expect(error).toBeInstanceOf(RedirectError);
    const e = error as RedirectError;
    expect(e.targetOrigin).toBe(other.url);
    expect(e.status).toBe(302);
    expect(e.location).toBe(`${other.url}/steal?x=1`);
    expect(e.message).toBe(
      `truesight-orchestration getJobStatus: HTTP 302 redirect to ${other.url} not followed: it leads to another origin, ${other.url}; allow it with allowedRedirectOrigins`,
    );
    expect(other.requests).toHaveLength(0);
  });

  it('follows a redirect to an allowed origin without any credential (headers, cookies, query, user info)', async () => {
    const other = await ok();
    const server = await redirecting(302, () => `${other.url}/file?password=pw-hunter2&login=admin&api_key=k&name=a&x=${SECRET}`);
    const t = transport({ allowedRedirectOrigins: [`${other.url}/ignored-path`] });
    const { body } = await t.request({
      url: `${server.url}/download?password=pw-hunter2`,
      headers: { accept: 'application/json', 'x-api-key': 'k2', 'x-trace': 'abc' },
    });
    expect(body).toEqual({ method: 'GET', body: '' });
    expect(other.requests).toHaveLength(1);
    const seen = other.requests[0];
    expect(seen?.url).toBe('/file?name=a');
    expect(seen?.headers['authentication-token']).toBeUndefined();
    expect(seen?.headers.cookie).toBeUndefined();
    expect(seen?.headers['x-api-key']).toBeUndefined();
    expect(seen?.headers['x-trace']).toBe('abc');
    expect(JSON.stringify(seen)).not.toContain(SECRET);
    expect(JSON.stringify(seen)).not.toContain('pw-hunter2');
  });

  it('never sends a body to another origin, even an allowed one (ELMA-style auth_tkn reads)', async () => {
    const other = await ok();
    const server = await redirecting(307, () => `${other.url}/x`);
    const t = transport({ allowedRedirectOrigins: [other.url] });
    const error = await rejection(
      t.request({ method: 'POST', url: `${server.url}/read`, body: `{"auth_tkn":"${SECRET}"}` }, { idempotent: true }),
    );
    expect(error).toBeInstanceOf(RedirectError);
    expect((error as Error).message).toContain(`a body is never sent to another origin (${other.url})`);
    expect(other.requests).toHaveLength(0);
  });

  it('does not send a write again on a 307/308 without retryWrites', async () => {
    let first = true;
    const server = await start((req, res) => {
      if (first) {
        first = false;
        res.writeHead(308, { location: '/elsewhere' });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ method: req.method }));
    });
    const error = await rejection(transport().request({ method: 'POST', url: `${server.url}/run`, body: '{"a":1}' }));
    expect(error).toBeInstanceOf(RedirectError);
    expect((error as Error).message).toContain('a POST is not sent again to a redirect target unless retryWrites allows it');
    expect(server.requests).toHaveLength(1);
  });

  it('sends a write again, body and all, on a same-origin 307 when retryWrites allows it', async () => {
    const server = await start((req, res, body) => {
      if (req.url === '/run') {
        res.writeHead(307, { location: '/run2' });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ method: req.method, body }));
    });
    const t = transport({ retryWrites: true });
    const viaRequest = await t.fetch(new Request(`${server.url}/run`, { method: 'POST', body: '{"a":1}' }));
    expect(await viaRequest.json()).toEqual({ method: 'POST', body: '{"a":1}' });
    const { body } = await t.request({ method: 'POST', url: `${server.url}/run`, body: '{"b":2}' });
    expect(body).toEqual({ method: 'POST', body: '{"b":2}' });
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /run', 'POST /run2', 'POST /run', 'POST /run2']);
  });

  it('reads the result of a write after a 303 with a GET', async () => {
    const server = await start((req, res, body) => {
      if (req.method === 'POST') {
        res.writeHead(303, { location: '/result' });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ method: req.method, body, contentType: req.headers['content-type'] ?? null }));
    });
    const { body } = await transport().request({
      method: 'POST',
      url: `${server.url}/run`,
      body: '{"a":1}',
      headers: { 'content-type': 'application/json' },
    });
    expect(body).toEqual({ method: 'GET', body: '', contentType: null });
  });

  it('gives up after 5 hops', async () => {
    const server = await start((req, res) => {
      res.writeHead(302, { location: `/loop${Number(req.url?.slice(5) || 0) + 1}` });
      res.end();
    });
    const error = await rejection(transport().request({ url: `${server.url}/loop0` }));
    expect(error).toBeInstanceOf(RedirectError);
    expect((error as Error).message).toContain('more than 5 redirects');
    expect(server.requests).toHaveLength(6);
  });

  it('refuses a redirect to a non-HTTP scheme', async () => {
    const server = await redirecting(302, () => 'file:///etc/passwd');
    const error = await rejection(transport().request({ url: server.url }));
    expect(error).toBeInstanceOf(RedirectError);
    expect((error as Error).message).toContain('file: is not HTTP');
  });
});
