import { createJobStatus, createWaitState, NotFoundError, RateLimitError, ServerError, waitForJob } from '@jobwire/core';
import { seededRandom } from '@jobwire/core/simulator';
import { Queue } from 'bullmq';
import { describe, expect, it } from 'vitest';
import {
  createWatchWorker,
  type StatusReader,
  UnknownVendorError,
  type WatchOptions,
  type WatchWorkerOptions,
  watchId,
} from '../src/index.js';
import { fakeSource, type Step } from './support/fake-source.js';
import { redisServerPath } from './support/redis-server.js';
import { useRedis } from './support/use-redis.js';

// Watches driven by scripted sources on a real Redis: the schedule is waitForJob's, dedupe, deadline,
// errors, which worker takes what, limits, and a graceful close.
const fast: WatchOptions = { minDelayMs: 20, maxDelayMs: 50 };
const serverError = (vendor: string) => new ServerError('HTTP 503 busy', { vendor, operation: 'getJobStatus', status: 503 });

describe.skipIf(!redisServerPath)('watches', () => {
  const fixture = useRedis();
  const { closers } = fixture;

  const setup = fixture.follow;

  const keysUnder = (prefix: string) => fixture.client.keys(`${prefix}:*`);

  it('takes the same delays as waitForJob for the same random and the same poll outcomes', async () => {
    const vendor = 'fake-vendor';
    const steps: Step[] = [
      'queued',
      'queued',
      { error: serverError(vendor) },
      { error: new RateLimitError('HTTP 429', { vendor, operation: 'getJobStatus', status: 429, retryAfterMs: 45 }) },
      'running',
      'running',
      'running',
      'running',
      'succeeded',
    ];
    const options = { ...fast, maxConsecutiveErrors: 3 };

    const direct = fakeSource(vendor);
    direct.script('job-1', steps);
    const expected: Array<{ delayMs: number; delayReason: string }> = [];
    const final = await waitForJob({ vendor, getJobStatus: (ref, o) => direct.getJobStatus(ref, o) }, 'job-1', {
      ...options,
      random: seededRandom(7),
      onPoll: (event) => {
        if (event.nextDelayMs !== undefined) expected.push({ delayMs: event.nextDelayMs, delayReason: event.delayReason ?? '' });
      },
    });

    const delays: Array<{ delayMs: number; delayReason: string }> = [];
    const watched = fakeSource(vendor);
    watched.script('job-1', steps);
    const { queue, results } = setup(
      { [vendor]: watched },
      {
        random: seededRandom(7),
        logger: {
          debug: (_message, meta) => {
            if (typeof meta?.delayMs === 'number') delays.push({ delayMs: meta.delayMs, delayReason: String(meta.delayReason) });
          },
        },
      },
    );
    const watch = await queue.watch(vendor, 'job-1', options);
    const result = await results.result(watch.id);

    expect(expected).toHaveLength(steps.length - 1);
    expect(expected.map((delay) => delay.delayReason)).toContain('retry-after');
    expect(expected.map((delay) => delay.delayReason)).toContain('error');
    expect(delays).toEqual(expected);
    expect(watched.polls).toBe(direct.polls);
    expect(result.polls).toBe(steps.length);
    expect(result.outcome).toBe('done');
    if (result.outcome === 'done') {
      expect(result.status.state).toBe(final.state);
      expect(result.status.vendorStatus).toBe(final.vendorStatus);
    }
  }, 60_000);

  it('adds one watch per vendor job: the same vendor and ref again is that watch (created false)', async () => {
    const { prefix, queue } = setup(); // no worker: the watches stay where they were added
    const first = await queue.watch('fake-vendor', 'job-7', { ...fast, timeoutMs: 60_000 });
    const again = await queue.watch('fake-vendor', 'job-7', { minDelayMs: 500 });
    const other = await queue.watch('fake-vendor', 'job-8');
    const object = await queue.watch('fake-vendor', { workOrderId: 17, stepId: 2 });
    const reordered = await queue.watch('fake-vendor', { stepId: 2, workOrderId: 17 });
    expect(first).toEqual({ id: watchId('fake-vendor', 'job-7'), vendor: 'fake-vendor', ref: 'job-7', created: true });
    expect(again).toEqual({ id: first.id, vendor: 'fake-vendor', ref: 'job-7', created: false });
    expect(other.created).toBe(true);
    expect(other.id).not.toBe(first.id);
    expect(object.created).toBe(true);
    expect(reordered.created).toBe(false);
    expect(reordered.id).toBe(object.id);

    const bull = new Queue('watch-fake-vendor', { connection: fixture.redis.connection, prefix });
    closers.push(() => bull.close());
    const counts = await bull.getJobCounts();
    expect(Object.values(counts).reduce((sum, count) => sum + count, 0)).toBe(3);
    const job = await bull.getJob(first.id);
    // The first watch's options stand.
    expect(job?.data.state.schedule.minDelayMs).toBe(20);
    expect(job?.data.state.deadline).toBe((job?.data.state.startedAt ?? 0) + 60_000);
    expect(job?.data.format).toBe('jobwire-watch/1');
    expect(await queue.result('fake-vendor', 'job-7')).toBeUndefined();
  });

  it('ends a watch past its deadline with a timeout result carrying the WaitTimeoutError', async () => {
    const source = fakeSource();
    source.script('slow', ['queued', 'running']);
    const { queue, results } = setup({ [source.vendor]: source });
    const watch = await queue.watch(source.vendor, 'slow', { ...fast, timeoutMs: 300 });
    const result = await results.result(watch.id);
    expect(result.outcome).toBe('timeout');
    if (result.outcome !== 'timeout') return;
    expect(result.error.name).toBe('WaitTimeoutError');
    expect(result.error.message).toBe('fake-vendor: job slow did not finish within 300 ms (last status: RUNNING)');
    expect(result.error).not.toHaveProperty('stack');
    expect(result.lastStatus?.state).toBe('running');
    expect(result.lastStatus).not.toHaveProperty('raw');
    expect(result.polls).toBe(source.polls);
    expect(result.polls).toBeGreaterThanOrEqual(2);
    expect(await queue.result(source.vendor, 'slow')).toEqual(result);
  }, 30_000);

  it('ends a watch taken up after its deadline (every worker was down) without polling', async () => {
    const source = fakeSource();
    source.script('late', ['succeeded']);
    const { prefix, results, startWorker } = setup();
    const bull = new Queue('watch-fake-vendor', { connection: fixture.redis.connection, prefix });
    closers.push(() => bull.close());
    const id = watchId(source.vendor, 'late');
    // Added 5 s ago with a 1 s deadline, as if it had waited in Redis while no worker ran.
    const state = createWaitState(source.vendor, 'late', { ...fast, timeoutMs: 1000 }, Date.now() - 5000);
    await bull.add('watch', { format: 'jobwire-watch/1', state }, { jobId: id });
    startWorker({ [source.vendor]: source });
    const result = await results.result(id);
    expect(result.outcome).toBe('timeout');
    if (result.outcome !== 'timeout') return;
    expect(result.error.name).toBe('WaitTimeoutError');
    expect(result.error.message).toBe('fake-vendor: job late did not finish within 1000 ms');
    expect(result.lastStatus).toBeUndefined();
    expect(result.polls).toBe(0);
    expect(source.polls).toBe(0);
  }, 30_000);

  it('ends a watch on a non-transient error with an error result: name, redacted message, status, request id', async () => {
    const source = fakeSource();
    const notFound = new NotFoundError('HTTP 404 no such job', {
      vendor: source.vendor,
      operation: 'getJobStatus',
      status: 404,
      requestId: 'req-42',
    });
    source.script('gone', ['running', { error: notFound }]);
    const { queue, results } = setup({ [source.vendor]: source });
    const watch = await queue.watch(source.vendor, 'gone', fast);
    const result = await results.result(watch.id);
    expect(result.outcome).toBe('error');
    if (result.outcome !== 'error') return;
    expect(result.error).toEqual({ name: 'NotFoundError', message: 'HTTP 404 no such job', status: 404, requestId: 'req-42' });
    expect(result.lastStatus?.state).toBe('running');
    expect(result.polls).toBe(2);
    expect(source.polls).toBe(2);
  }, 30_000);

  it('rides out transient errors within maxConsecutiveErrors and fails on one more', async () => {
    const source = fakeSource();
    const error = { error: serverError(source.vendor) };
    source.script('bumpy', [error, error, error, 'succeeded']);
    source.script('broken', [error, error, error, error, 'succeeded']);
    const { queue, results } = setup({ [source.vendor]: source });
    const bumpy = await queue.watch(source.vendor, 'bumpy', { ...fast, maxConsecutiveErrors: 3 });
    const broken = await queue.watch(source.vendor, 'broken', { ...fast, maxConsecutiveErrors: 3 });
    const ridden = await results.result(bumpy.id);
    const failed = await results.result(broken.id);
    expect(ridden.outcome).toBe('done');
    expect(ridden.polls).toBe(4);
    if (ridden.outcome === 'done') expect(ridden.status.state).toBe('succeeded');
    expect(failed.outcome).toBe('error');
    expect(failed.polls).toBe(4);
    if (failed.outcome === 'error') expect(failed.error).toEqual({ name: 'ServerError', message: 'HTTP 503 busy', status: 503 });
  }, 30_000);

  it('leaves the watches of a vendor it has no source for to a worker that has one', async () => {
    const a = fakeSource('vendor-a');
    const b = fakeSource('vendor-b');
    a.script('1', ['succeeded']);
    b.script('1', ['succeeded']);
    const { prefix, queue, results, startWorker } = setup({ 'vendor-a': a });
    const watchB = await queue.watch('vendor-b', '1', fast);
    const watchA = await queue.watch('vendor-a', '1', fast);
    await results.result(watchA.id);
    const bull = new Queue('watch-vendor-b', { connection: fixture.redis.connection, prefix });
    closers.push(() => bull.close());
    expect(await bull.getJobState(watchB.id)).toBe('waiting');
    expect(b.polls).toBe(0);
    expect(await queue.result('vendor-b', '1')).toBeUndefined();

    startWorker({ 'vendor-b': b });
    const resultB = await results.result(watchB.id);
    expect(resultB.outcome).toBe('done');
    expect(b.polls).toBe(1);
    expect(a.polls).toBe(1);
  }, 30_000);

  it('passes concurrency and the rate limit to BullMQ: polls in flight and polls per window stay within them', async () => {
    const source = fakeSource();
    const refs = Array.from({ length: 8 }, (_, index) => `job-${index}`);
    for (const ref of refs) source.script(ref, ['succeeded']);
    const { queue, results } = setup(
      { [source.vendor]: source },
      {
        limits: { [source.vendor]: { concurrency: 1, rate: { max: 2, durationMs: 1000 } } },
      },
    );
    const watches = await Promise.all(refs.map((ref) => queue.watch(source.vendor, ref, fast)));
    await Promise.all(watches.map((watch) => results.result(watch.id)));
    expect(source.polls).toBe(8);
    expect(source.maxInFlight).toBe(1);
    // BullMQ's limiter counts in fixed windows: any 1 s holds polls of two windows at most, 2 × max.
    const starts = source.pollStarts;
    for (const start of starts) expect(starts.filter((t) => t >= start && t < start + 1000).length).toBeLessThanOrEqual(4);
  }, 30_000);

  it('close() lets a poll in flight finish and reschedule its watch; another worker finishes it', async () => {
    const source = fakeSource();
    source.script('held', ['running', 'succeeded']);
    const { prefix, queue, results, worker, startWorker } = setup({ [source.vendor]: source });
    const began = source.hold();
    const watch = await queue.watch(source.vendor, 'held', { ...fast, minDelayMs: 200, maxDelayMs: 200 });
    await began;
    const order: string[] = [];
    const closed = worker?.close().then(() => order.push('closed'));
    // The poll is still held: close() waits for it.
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual([]);
    order.push('released');
    source.release();
    await closed;
    expect(order).toEqual(['released', 'closed']);

    const bull = new Queue('watch-fake-vendor', { connection: fixture.redis.connection, prefix });
    closers.push(() => bull.close());
    expect(await bull.getJobState(watch.id)).toBe('delayed');
    const job = await bull.getJob(watch.id);
    expect(job?.data.state.polls).toBe(1);
    expect(job?.data.state.last?.state).toBe('running');

    startWorker({ [source.vendor]: source });
    const result = await results.result(watch.id);
    expect(result.outcome).toBe('done');
    expect(result.polls).toBe(2);
    expect(source.polls).toBe(2);
  }, 30_000);

  it('ends a watch whose last attempt failed (not the vendor: its own bookkeeping) with an error result', async () => {
    // A watch whose state has lost its schedule makes the step itself throw, as Redis trouble would.
    // The job is added by hand with one attempt, so the first failure is the last.
    const source = fakeSource();
    source.script('odd', ['running']);
    const { prefix, results } = setup({ [source.vendor]: source });
    const bull = new Queue('watch-fake-vendor', { connection: fixture.redis.connection, prefix });
    closers.push(() => bull.close());
    const id = watchId(source.vendor, 'odd');
    const { schedule: _schedule, ...state } = createWaitState(source.vendor, 'odd', fast);
    await bull.add('watch', { format: 'jobwire-watch/1', state }, { jobId: id, attempts: 1 });
    const result = await results.result(id);
    expect(result.outcome).toBe('error');
    if (result.outcome !== 'error') return;
    expect(result.error.name).toBe('TypeError');
    expect(result.polls).toBe(0);
    expect(result.vendor).toBe(source.vendor);
    expect(result.ref).toBe('odd');
    expect(source.polls).toBe(1);
    expect(await bull.getJobState(id)).toBe('failed');
  }, 30_000);

  it('stores statuses as plain JSON: no raw answer, a BigInt output as its text', async () => {
    const vendor = 'fake-vendor';
    const source: StatusReader = {
      async getJobStatus(ref) {
        const raw = { secretish: 'raw answer' };
        return createJobStatus({
          vendor,
          id: String(ref),
          state: 'succeeded',
          vendorStatus: 'DONE',
          outputs: { n: 2n ** 70n, s: 'x' },
          raw,
        });
      },
    };
    const { queue, results } = setup({ [vendor]: source });
    const watch = await queue.watch(vendor, 'big', fast);
    const result = await results.result(watch.id);
    expect(result.outcome).toBe('done');
    if (result.outcome !== 'done') return;
    expect(result.status).toEqual({
      vendor,
      id: 'big',
      state: 'succeeded',
      done: true,
      vendorStatus: 'DONE',
      outputs: { n: '1180591620717411303424', s: 'x' },
    });
  }, 30_000);

  it('refuses bad options with RangeError or TypeError before anything is written', async () => {
    const { prefix, queue } = setup();
    await expect(queue.watch('fake-vendor', 'a', { minDelayMs: 0 })).rejects.toThrow(RangeError);
    await expect(queue.watch('fake-vendor', 'a', { minDelayMs: 100, maxDelayMs: 50 })).rejects.toThrow(RangeError);
    await expect(queue.watch('fake-vendor', 'a', { timeoutMs: Number.POSITIVE_INFINITY })).rejects.toThrow(RangeError);
    await expect(queue.watch('fake-vendor', 'a', { maxConsecutiveErrors: 1.5 })).rejects.toThrow(RangeError);
    await expect(queue.watch('Fake:Vendor', 'a')).rejects.toThrow(RangeError);
    await expect(queue.watch('fake-vendor', '')).rejects.toThrow(TypeError);
    await expect(queue.watch('fake-vendor', {})).rejects.toThrow(TypeError);
    await expect(queue.watch('fake-vendor', { id: Number.NaN })).rejects.toThrow(TypeError);
    await expect(queue.watch('fake-vendor', 42 as unknown as string)).rejects.toThrow(TypeError);

    const source = fakeSource();
    const worker = (options: Partial<WatchWorkerOptions>) => () =>
      createWatchWorker({ connection: fixture.redis.connection, prefix, sources: { [source.vendor]: source }, ...options });
    expect(worker({ sources: {} })).toThrow(RangeError);
    expect(worker({ sources: { 'fake-vendor': {} as StatusReader } })).toThrow(TypeError);
    expect(worker({ limits: { 'fake-vendor': { concurrency: 0 } } })).toThrow(RangeError);
    expect(worker({ limits: { 'fake-vendor': { rate: { max: 0, durationMs: 1000 } } } })).toThrow(RangeError);
    expect(worker({ limits: { 'fake-vendor': { rate: { max: 5, durationMs: Number.NaN } } } })).toThrow(RangeError);
    expect(worker({ lockDurationMs: 10 })).toThrow(RangeError);
    expect(worker({ limits: { 'other-vendor': { concurrency: 2 } } })).toThrow(UnknownVendorError);
    expect(worker({ limits: { 'other-vendor': { concurrency: 2 } } })).toThrow('other-vendor: limits given, but no source');

    expect(await keysUnder(prefix)).toEqual([]);
    expect(source.polls).toBe(0);
  });
});
