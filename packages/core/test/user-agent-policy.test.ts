/** The user-agent policy: `jobwire-<vendor>/<version>` or the user's own, never over a request's own, never in browsers. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRedactor } from '../src/index.js';
import { createHttpTransport, type HttpTransportOptions } from '../src/internal.js';
import { type LocalServer, startLocalServer } from './local-server.js';

function observed(options: Partial<HttpTransportOptions> = {}) {
  const seen: Array<string | null> = [];
  const fetch = vi.fn(async (request: Request) => {
    seen.push(request.headers.get('user-agent'));
    return Response.json({ ok: true });
  });
  const transport = createHttpTransport({ vendor: 'alteryx-server', redactor: createRedactor(), fetch, ...options });
  return { transport, seen };
}

describe('user-agent policy', () => {
  let server: LocalServer | undefined;
  afterEach(async () => {
    vi.unstubAllGlobals();
    await server?.close();
    server = undefined;
  });

  it('sends jobwire-<vendor>/<version> on the wire, through the global fetch, on every attempt', async () => {
    let calls = 0;
    server = await startLocalServer((_request, response) => {
      response.writeHead(calls++ === 0 ? 503 : 200, { 'content-type': 'application/json' });
      response.end('{"ok":true}');
    });
    const transport = createHttpTransport({
      vendor: 'alteryx-server',
      redactor: createRedactor(),
      version: '1.2.3',
      retry: { baseDelayMs: 1, maxDelayMs: 1 },
    });
    const answer = await transport.request({ url: `${server.url}/jobs/1` });
    expect(answer.body).toEqual({ ok: true });
    expect(server.requests.map((r) => r.headers['user-agent'])).toEqual([
      'jobwire-alteryx-server/1.2.3',
      'jobwire-alteryx-server/1.2.3',
    ]);
  });

  it("sends the user's userAgent instead of the default, with or without a version", async () => {
    const withVersion = observed({ version: '1.2.3', userAgent: 'acme-scheduler/7' });
    await withVersion.transport.fetch(new Request('http://127.0.0.1/a'));
    const without = observed({ userAgent: 'acme-scheduler/7' });
    await without.transport.request({ url: 'http://127.0.0.1/a' });
    expect(withVersion.seen).toEqual(['acme-scheduler/7']);
    expect(without.seen).toEqual(['acme-scheduler/7']);
  });

  it('leaves a request that has a User-Agent of its own alone', async () => {
    const { transport, seen } = observed({ version: '1.2.3' });
    await transport.fetch(new Request('http://127.0.0.1/a', { headers: { 'User-Agent': 'mine/1' } }));
    await transport.request({ url: 'http://127.0.0.1/b', headers: { 'user-agent': 'mine/2' } });
    expect(seen).toEqual(['mine/1', 'mine/2']);
  });

  it('sets none without a version or a userAgent (the runtime default stays)', async () => {
    const { transport, seen } = observed();
    await transport.fetch(new Request('http://127.0.0.1/a'));
    expect(seen).toEqual([null]);
  });

  it('sets none in a browser page or worker: User-Agent is not CORS-safelisted and would cost a preflight', async () => {
    vi.stubGlobal('document', {});
    const page = observed({ version: '1.2.3', userAgent: 'acme-scheduler/7' });
    await page.transport.fetch(new Request('http://127.0.0.1/a'));
    vi.unstubAllGlobals();
    vi.stubGlobal('WorkerGlobalScope', class {});
    const worker = observed({ version: '1.2.3' });
    await worker.transport.fetch(new Request('http://127.0.0.1/a'));
    expect(page.seen).toEqual([null]);
    expect(worker.seen).toEqual([null]);
  });
});
