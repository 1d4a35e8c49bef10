import { afterEach, describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  createElmaRpaClient,
  InvalidStateError,
  NotFoundError,
  PermissionError,
  ServerError,
} from '../src/index.js';
import { type ElmaRpaSimulatorOptions, startElmaRpaSimulator } from '../src/simulator.js';

// The client against the package's simulator; simulator-server.test.ts checks the server's answers alone.
const PROCESS = 'c39f99de-cb8f-4661-a206-b282a4830cbf';
const OTHER_SYSTEM = '2b0c7a9e-5d4f-4e3a-9b8c-1d2e3f4a5b6c';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function start(options: ElmaRpaSimulatorOptions = {}) {
  let clock = 1_700_000_000_000;
  const sim = await startElmaRpaSimulator({ queuedMs: 100, runningMs: 1000, now: () => clock, ...options });
  close = sim.close;
  const client = createElmaRpaClient({ baseUrl: sim.url, ...sim.credentials }, { retry: false });
  return { sim, client, advance: (ms: number) => (clock += ms) };
}

describe('ELMA RPA simulator', () => {
  it('listens on 127.0.0.1 and moves a task PREPARE → QUEUE → EXECUTING → DONE with outputs and a file', async () => {
    const { sim, client, advance } = await start();
    expect(new URL(sim.url).hostname).toBe('127.0.0.1');
    expect(await client.getSystemStatus()).toEqual({ approved: true, status: 200 });

    const task = await client.createTask({ process: PROCESS, context: { Name_in: 'Ada' } });
    expect(task.status).toBe('PREPARE');
    expect(task.system).toBe(sim.credentials.authToken);
    expect((await client.getJobStatus(task.id)).vendorStatus).toBe('PREPARE');
    advance(50);
    expect((await client.getJobStatus(task.id)).vendorStatus).toBe('QUEUE');
    advance(50);
    const running = await client.getJobStatus(task.id);
    expect([running.state, running.vendorStatus]).toEqual(['running', 'EXECUTING']);
    expect(running.raw.metrics.startTime).toBe('2023-11-14T22:13:20Z');
    expect(running.raw.metrics.endTime).toBeUndefined();
    advance(1000);

    const done = await client.getJobStatus(task.id);
    expect([done.state, done.vendorStatus, done.done]).toEqual(['succeeded', 'DONE', true]);
    expect(done.outputs).toEqual({
      result_out: 'processed by Creating profiles',
      file_out: 'report.txt',
      finished_out: '2023-11-14T22:13:21Z',
    });
    expect(done.raw.ctx).toBe('{"Name_in":"Ada"}');
    expect(done.raw.metrics).toEqual({ startTime: '2023-11-14T22:13:20Z', endTime: '2023-11-14T22:13:21Z' });

    const file = await client.downloadTaskFile(task.id, 'report.txt');
    expect(new TextDecoder().decode(await file.arrayBuffer())).toBe(`task ${task.id}: Creating profiles done\n`.repeat(3));
  });

  it('reports ERROR as a failure whose detail is the [ERR] line of the log', async () => {
    const { client, advance } = await start({ outcome: 'failed' });
    const task = await client.createTask({ process: PROCESS, context: {} });
    advance(5000);
    const status = await client.getJobStatus(task.id);
    expect(status.state).toBe('failed');
    expect(status.vendorStatus).toBe('ERROR');
    expect(status.detail).toBe(
      "[ERR] 2023/11/14 22:13:21 | [ELMA.RPA.Player.PlayerService] | Element 'Save' was not found on the screen.",
    );
    expect(status.outputs).toEqual({});
    await expect(client.downloadTaskFile(task.id, 'report.txt')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('cancels only queued tasks: queued → CANCEL, running → InvalidStateError', async () => {
    const { client, advance } = await start();
    const queued = await client.createTask({ process: PROCESS, context: {} });
    const cancelled = await client.cancelTask(queued.id);
    expect(cancelled.status).toBe('CANCEL');
    const status = await client.getJobStatus(queued.id);
    expect([status.state, status.done]).toEqual(['cancelled', true]);
    expect(status.raw.metrics).toEqual({});

    const running = await client.createTask({ process: PROCESS, context: {} });
    advance(500);
    const error = await client.cancelTask(running.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidStateError);
    expect((error as InvalidStateError).message).toContain(`task ${running.id} is not in the queue (status EXECUTING)`);
  });

  it('lets only the creating system cancel, and only approved systems in', async () => {
    const sim = await startElmaRpaSimulator({ queuedMs: 1000, now: () => 0 });
    close = sim.close;
    const owner = createElmaRpaClient({ baseUrl: sim.url, ...sim.credentials }, { retry: false });
    const other = createElmaRpaClient({ baseUrl: sim.url, authToken: OTHER_SYSTEM }, { retry: false });
    const task = await owner.createTask({ process: PROCESS, context: {} });

    const unknown = await other.getTask(task.id).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(AuthenticationError);
    expect((unknown as AuthenticationError).message).toContain('the system is not registered');

    await other.registerSystem({ name: 'Other', desc: 'second system' });
    const pending = await other.getSystemStatus().catch((e: unknown) => e);
    expect(pending).toBeInstanceOf(PermissionError);
    expect((pending as PermissionError).message).toContain('the system is not approved');

    expect(sim.approveSystem(OTHER_SYSTEM)).toBe(true);
    expect((await other.getTask(task.id)).status).toBe('PREPARE');
    const refused = await other.cancelTask(task.id).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PermissionError);
    expect((refused as PermissionError).message).toContain('only by the system that created it');
  });

  it('answers an unknown task with HTTP 200 and {"status": 404}', async () => {
    const { client } = await start();
    const error = await client.getTask(424242).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).message).toContain('task 424242 not found');
    expect((error as NotFoundError).headers['x-jobwire-http-status']).toBe('200');
  });

  it('refuses unknown and inactive processes', async () => {
    const { client } = await start();
    await expect(client.createTask({ process: 'nope', context: {} })).rejects.toBeInstanceOf(NotFoundError);
    const inactive = await client
      .createTask({ process: 'e5b1c0aa-9f3d-4b2e-8c7a-1d2e3f4a5b6c', context: {} })
      .catch((e: unknown) => e);
    expect((inactive as Error).message).toContain('is not active');
  });

  it('lists its processes page by page', async () => {
    const { client } = await start();
    expect((await client.listProcesses()).processes.map((p) => p.name)).toEqual(['Creating profiles', 'Monthly report']);
    const second = await client.listProcesses({ page: 2, limit: 1 });
    expect(second.total).toBe(2);
    expect(second.processes.map((p) => p.name)).toEqual(['Monthly report']);
  });

  it('POSTs {status, task} to the callback when the task ends', async () => {
    const { createServer } = await import('node:http');
    const received: string[] = [];
    const receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += String(chunk);
      });
      request.on('end', () => {
        received.push(body);
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const { client, advance } = await start();
      const address = receiver.address() as { port: number };
      const task = await client.createTask({ process: PROCESS, callback: `http://127.0.0.1:${address.port}/done`, context: {} });
      advance(5000);
      await expect.poll(() => received.length, { timeout: 2000 }).toBe(1);
      const parsed = client.parseTaskCallback(received[0]);
      expect(parsed.id).toBe(task.id);
      expect(parsed.status).toBe('DONE');
      expect(parsed.outputContext?.result_out).toBe('processed by Creating profiles');
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });

  it('streams a large file without the client buffering it', async () => {
    const sim = await startElmaRpaSimulator({ queuedMs: 0, runningMs: 0, fileSize: 3 * 1024 * 1024 });
    close = sim.close;
    const client = createElmaRpaClient({ baseUrl: sim.url, ...sim.credentials });
    const task = await client.createTask({ process: PROCESS, context: {} });
    const file = await client.downloadTaskFile(task.id, 'report.txt');
    let total = 0;
    const reader = file.body.getReader();
    for (let part = await reader.read(); !part.done; part = await reader.read()) total += part.value.byteLength;
    expect(total).toBe(3 * 1024 * 1024);
  });
});

describe('chaos error shapes', () => {
  it('a 503 is a ServerError when retries are off', async () => {
    const sim = await startElmaRpaSimulator({ chaos: { seed: 1, rate: 1, kinds: ['unavailable'] } });
    close = sim.close;
    const client = createElmaRpaClient({ baseUrl: sim.url, ...sim.credentials }, { retry: false });
    await expect(client.getTask(1)).rejects.toBeInstanceOf(ServerError);
  });
});
