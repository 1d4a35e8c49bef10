/**
 * The README's snippets are the files in examples/: this runs each one against the documented
 * samples (msw) and checks that the README still shows it verbatim.
 */
import { readFileSync } from 'node:fs';
import { handlers, trueSightCredentials, trueSightJobIds, trueSightSamples } from '@jobwire/testkit';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

const baseUrl = 'http://truesight.test:38080';
const root = `${baseUrl}/baocdp/rest`;
const server = setupServer(...handlers.truesightOrchestration({ baseUrl }));
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const EXAMPLES = ['connect.ts', 'get-status.ts', 'run-and-wait.ts', 'run-sync.ts', 'stop-waiting.ts', 'errors.ts'];

beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
  vi.stubEnv('TSO_URL', baseUrl);
  vi.stubEnv('TSO_USERNAME', trueSightCredentials.username);
  vi.stubEnv('TSO_PASSWORD', trueSightCredentials.password);
  vi.stubEnv('TSO_POLL_MS', '1');
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

/** The job status sample with another status, for jobs still running. */
const withStatus = (status: string) => ({ ...trueSightSamples.jobStatus, status, outputParameters: [] });

describe('README examples', () => {
  it.each(EXAMPLES)('the README shows examples/%s verbatim', (file) => {
    const source = readFileSync(new URL(`../examples/${file}`, import.meta.url), 'utf8').trim();
    expect(readme).toContain(source);
  });

  it('get-status.ts prints the normalized status of the documented sample', async () => {
    expect(await run('get-status.ts')).toEqual([
      'a3f1c2d4-5b6e-4f70-8a91-b2c3d4e5f607: succeeded (TrueSight says "COMPLETED")',
      'status code: 200, reason: OK',
      'started: Wed Dec 31 17:59:59 CST 1969',
    ]);
  });

  it('run-and-wait.ts starts a job and waits for its end with progress', async () => {
    let polls = 0;
    server.use(
      http.get(`${root}/job/:jobId/status`, () =>
        HttpResponse.json(++polls < 3 ? withStatus('Assigned') : trueSightSamples.jobStatus),
      ),
    );
    expect(await run('run-and-wait.ts')).toEqual([
      'started job a3f1c2d4-5b6e-4f70-8a91-b2c3d4e5f607',
      '… running (Assigned)',
      '… succeeded (COMPLETED)',
      'finished: succeeded, status code 200',
    ]);
  });

  it('run-sync.ts prints the decoded outputs', async () => {
    expect(await run('run-sync.ts')).toEqual(['status reason: "OK"', 'status code: "200"']);
  });

  it('stop-waiting.ts reports a job that finished in time', async () => {
    expect(await run('stop-waiting.ts')).toEqual(['finished: succeeded']);
  });

  it('stop-waiting.ts stops waiting when its signal fires', async () => {
    vi.stubEnv('TSO_GIVE_UP_MS', '30');
    server.use(http.get(`${root}/job/:jobId/status`, () => HttpResponse.json(withStatus('Assigned'))));
    expect(await run('stop-waiting.ts')).toEqual(['stopped waiting; the job runs on']);
    vi.stubEnv('TSO_GIVE_UP_MS', '600000');
  });

  it('errors.ts explains a job that does not exist', async () => {
    vi.stubEnv('TSO_JOB_ID', trueSightJobIds.missing);
    expect(await run('errors.ts')).toEqual([
      'no such job: truesight-orchestration getJob failed: HTTP 200: Invalid input. No result generated',
    ]);
  });

  it('errors.ts explains wrong credentials', async () => {
    vi.stubEnv('TSO_PASSWORD', 'wrong');
    expect(await run('errors.ts')).toEqual(['wrong user name or password']);
    vi.stubEnv('TSO_PASSWORD', trueSightCredentials.password);
  });
});
