/**
 * The README's snippets are the files in examples/: this runs each one against the samples
 * (msw) and checks that the README still shows it verbatim.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { elmaRpaCredentials, elmaRpaSamples, elmaRpaTaskIds, handlers } from '@jobwire/testkit';
import { HttpResponse, http, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

const baseUrl = 'http://elma.test:48080';
const server = setupServer(...handlers.elmaRpa({ baseUrl }));
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const EXAMPLES = [
  'connect.ts',
  'get-status.ts',
  'create-and-wait.ts',
  'cancel.ts',
  'download.ts',
  'callback-receiver.ts',
  'process-context.ts',
  'simulator.ts',
];

beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
  vi.stubEnv('ELMA_URL', baseUrl);
  vi.stubEnv('ELMA_AUTH_TOKEN', elmaRpaCredentials.authToken);
  vi.stubEnv('ELMA_POLL_MS', '1');
});
beforeEach(() => {
  vi.resetModules();
  vi.stubEnv('ELMA_TASK_ID', String(elmaRpaTaskIds.done));
});
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

async function run(example: string): Promise<{ lines: string[]; module: Record<string, unknown> }> {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
  });
  const module = (await import(`../examples/${example}`)) as Record<string, unknown>;
  return { lines, module };
}

describe('README examples', () => {
  it.each(EXAMPLES)('the README shows examples/%s verbatim', (file) => {
    const source = readFileSync(new URL(`../examples/${file}`, import.meta.url), 'utf8').trim();
    expect(readme).toContain(source);
  });

  it('get-status.ts prints the normalized status of the documented DONE task', async () => {
    const { lines } = await run('get-status.ts');
    expect(lines).toEqual([
      'task 955: succeeded (ELMA says "DONE")',
      'output stringvalue_out:  (changed script)',
      'output filevalue_out: null',
      'output datetimevalue_out: 2020-06-29T11:08:29.2068223Z',
      'output boolvalue_out: true',
      'output doublevalue_out: 0.1',
      'output intvalue_out: 7',
    ]);
  });

  it('get-status.ts shows the error line of a failed task', async () => {
    vi.stubEnv('ELMA_TASK_ID', String(elmaRpaTaskIds.failed));
    const { lines } = await run('get-status.ts');
    expect(lines.slice(0, 2)).toEqual([
      'task 956: failed (ELMA says "ERROR")',
      "detail: [ERR] 2020/06/29 14:10:05 | [ELMA.RPA.Player.PlayerService] | Element 'Save' was not found on the screen.",
    ]);
  });

  it('create-and-wait.ts creates a task and waits for it with progress', async () => {
    let polls = 0;
    const at = (status: string) => ({ status: 200, task: { ...elmaRpaSamples.taskInQueue.task, status } });
    server.use(
      http.post(`${baseUrl}/v1/orchestra/task/status`, () => {
        polls += 1;
        if (polls === 1) return HttpResponse.json(at('QUEUE'));
        if (polls === 2) return HttpResponse.json(at('EXECUTING'));
        return HttpResponse.json(elmaRpaSamples.taskDone);
      }),
    );
    const { lines } = await run('create-and-wait.ts');
    expect(lines).toEqual([
      'created task 955 (PREPARE)',
      '… queued (QUEUE)',
      '… running (EXECUTING)',
      '… succeeded (DONE)',
      'finished: succeeded',
      'outputs: {"stringvalue_out":" (changed script)","filevalue_out":null,"datetimevalue_out":"2020-06-29T11:08:29.2068223Z","boolvalue_out":true,"doublevalue_out":0.1,"intvalue_out":7}',
    ]);
  });

  it.each([
    [elmaRpaTaskIds.done, 'cancel accepted: task 955 is PREPARE'],
    [
      elmaRpaTaskIds.failed,
      'too late: elma-rpa cancelTask failed: HTTP 409 (status in the body; HTTP 200): task 956 is not in the queue',
    ],
    [
      elmaRpaTaskIds.otherSystem,
      'not ours: elma-rpa cancelTask failed: HTTP 403 (status in the body; HTTP 200): a task can be deleted only by the system that created it',
    ],
    [
      elmaRpaTaskIds.missing,
      'no such task: elma-rpa cancelTask failed: HTTP 404 (status in the body; HTTP 200): task 4040 not found',
    ],
  ])('cancel.ts with task %i', async (id, line) => {
    vi.stubEnv('ELMA_TASK_ID', String(id));
    expect((await run('cancel.ts')).lines).toEqual([line]);
  });

  it('download.ts saves the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'elma-example-'));
    try {
      vi.stubEnv('ELMA_DOWNLOAD_TO', join(dir, 'profile.txt'));
      expect((await run('download.ts')).lines).toEqual(['saved profile.txt: 33 bytes (application/octet-stream)']);
      expect(readFileSync(join(dir, 'profile.txt'), 'utf8')).toBe('profile created for Ada Lovelace\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('process-context.ts prints the process and its typed input and output variables', async () => {
    expect((await run('process-context.ts')).lines).toEqual([
      'Creating a user account v21, uploaded 2020-06-05T05:44:12Z by Thomas Miller',
      'in  stringvalue_in: string (User name)',
      'in  filevalue_in: file (Photo)',
      'in  datetimevalue_in: datetime (Start date)',
      'in  intvalue_in: int[] (Groups)',
      'in  mailvalue_inout: mail (Notification mail)',
      'out mailvalue_inout: mail',
      'out stringvalue_out: string',
      'out boolvalue_out: bool',
      'out doublevalue_out: double',
    ]);
  });

  it('callback-receiver.ts creates a task with a secret callback URL and reports confirmed callbacks only', async () => {
    vi.stubEnv('ELMA_CALLBACK_PORT', '0');
    vi.stubEnv('ELMA_CALLBACK_KEY', 'an-example-key-of-at-least-32-bytes!');
    server.use(http.post(/^http:\/\/127\.0\.0\.1:\d+\//, () => passthrough()));
    const { lines, module } = await run('callback-receiver.ts');
    const receiver = module.server as Server;
    const callbacks = module.receiver as { callbackUrl(): string };
    try {
      if (!receiver.listening) await new Promise((resolve) => receiver.once('listening', resolve));
      const { port } = receiver.address() as AddressInfo;
      const local = (url: string) => {
        const parsed = new URL(url);
        return `http://127.0.0.1:${port}${parsed.pathname}${parsed.search}`;
      };
      const url = local(callbacks.callbackUrl());
      expect((await fetch(url, { method: 'POST', body: JSON.stringify(elmaRpaSamples.taskDone) })).status).toBe(204);
      expect((await fetch(url, { method: 'POST', body: 'oops' })).status).toBe(400);
      // No token, or a made-up one: refused before the body is read or the Orchestrator asked.
      const forged = url.replace(/token=[^&]+/, 'token=forged');
      expect((await fetch(forged, { method: 'POST', body: JSON.stringify(elmaRpaSamples.taskDone) })).status).toBe(403);
      const outputs =
        '{"stringvalue_out":" (changed script)","filevalue_out":null,"datetimevalue_out":"2020-06-29T11:08:29.2068223Z","boolvalue_out":true,"doublevalue_out":0.1,"intvalue_out":7}';
      expect(lines).toEqual(['created task 955; ELMA will call back', `task 955 finished: succeeded ${outputs}`]);
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });

  it("simulator.ts runs a task on the package's simulator to its end", async () => {
    server.use(http.post(/^http:\/\/127\.0\.0\.1:\d+\//, () => passthrough()));
    const { lines } = await run('simulator.ts');
    expect(lines).toEqual(['task 1000: succeeded (DONE), result_out: processed by Creating profiles']);
  });
});
