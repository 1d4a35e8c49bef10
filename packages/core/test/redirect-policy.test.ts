/** The redirect policy inside the pipeline: a hop's changes stay in that hop. */
import { describe, expect, it, vi } from 'vitest';
import { createRedactor } from '../src/index.js';
import { createHttpTransport } from '../src/internal.js';

describe('redirect policy', () => {
  it('a retry after a 303 sends the request it started with, Content-Type and body included', async () => {
    const sent: Array<{ method: string; path: string; type: string | null; body: string }> = [];
    let results = 0;
    const fetch = vi.fn(async (request: Request) => {
      const path = new URL(request.url).pathname;
      sent.push({ method: request.method, path, type: request.headers.get('content-type'), body: await request.text() });
      if (path === '/jobs') return new Response(null, { status: 303, headers: { location: '/jobs/1' } });
      return results++ === 0 ? Response.json({ message: 'busy' }, { status: 503 }) : Response.json({ id: 1 });
    });
    const transport = createHttpTransport({
      vendor: 'alteryx-server',
      redactor: createRedactor(),
      fetch,
      retryWrites: { baseDelayMs: 1, maxDelayMs: 1 },
    });
    const answer = await transport.request({
      method: 'POST',
      url: 'http://127.0.0.1/jobs',
      headers: { 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    expect(answer.body).toEqual({ id: 1 });
    expect(sent).toEqual([
      { method: 'POST', path: '/jobs', type: 'application/json', body: '{"a":1}' },
      { method: 'GET', path: '/jobs/1', type: null, body: '' },
      { method: 'POST', path: '/jobs', type: 'application/json', body: '{"a":1}' },
      { method: 'GET', path: '/jobs/1', type: null, body: '' },
    ]);
  });
});
