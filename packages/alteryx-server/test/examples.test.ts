/**
 * The README's snippets are the files in examples/: this runs each one against the documented
 * samples (msw) and checks that the README still shows it verbatim.
 */
import { readFileSync } from 'node:fs';
import { alteryxServerCredentials, alteryxServerJobIds, handlers } from '@jobwire/testkit';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

const baseUrl = 'http://alteryx.test/webapi';
const server = setupServer(...handlers.alteryxServer({ baseUrl }));
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
  vi.stubEnv('ALTERYX_URL', baseUrl);
  vi.stubEnv('ALTERYX_CLIENT_ID', alteryxServerCredentials.clientId);
  vi.stubEnv('ALTERYX_CLIENT_SECRET', alteryxServerCredentials.clientSecret);
  vi.stubEnv('ALTERYX_POLL_MS', '1');
});
beforeEach(() => {
  vi.resetModules();
});
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

async function run(example: string): Promise<string[]> {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
  });
  await import(`../examples/${example}`);
  return lines;
}

describe('README examples', () => {
  it.each(['connect.ts', 'get-status.ts', 'run-and-wait.ts', 'cancel.ts'])('the README shows examples/%s verbatim', (file) => {
    const source = readFileSync(new URL(`../examples/${file}`, import.meta.url), 'utf8').trim();
    expect(readme).toContain(source);
  });

  it('get-status.ts prints the normalized status of the documented sample', async () => {
    expect(await run('get-status.ts')).toEqual([
      'string: unknown (Alteryx says "string")',
      'detail: string',
      'output string: {"fileName":"string","availableFormats":["string"]}',
    ]);
  });

  it('run-and-wait.ts queues a job and waits for its end with progress', async () => {
    let polls = 0;
    const job = (status: string, disposition: string) => ({ id: '66ebd18d3d6200007e000d8c', status, disposition, messages: [] });
    server.use(
      http.get(`${baseUrl}/v3/jobs/:jobId`, () =>
        HttpResponse.json(++polls < 3 ? job('Running', 'None') : job('Completed', 'Success')),
      ),
    );
    expect(await run('run-and-wait.ts')).toEqual([
      'queued job 66ebd18d3d6200007e000d8c',
      '… running (Running)',
      '… succeeded (Completed)',
      'finished: succeeded — Success',
    ]);
  });

  it('cancel.ts cancels a running job', async () => {
    vi.stubEnv('ALTERYX_JOB_ID', alteryxServerJobIds.running);
    expect(await run('cancel.ts')).toEqual(['cancelled: Cancelled Successfully.']);
  });

  it('cancel.ts explains a job that already finished', async () => {
    vi.stubEnv('ALTERYX_JOB_ID', alteryxServerJobIds.finished);
    expect(await run('cancel.ts')).toEqual([
      "too late: alteryx-server cancelJob failed: HTTP 400 Bad Request: This job is not in 'Queued' or 'Running' state.",
    ]);
  });
});
