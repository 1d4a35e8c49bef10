// Faults a durable watch must survive, on a real redis-server and the vendors' simulators (real HTTP
// servers), all on 127.0.0.1 and started and stopped here:
// - a worker process SIGKILLed while its polls are in flight: another worker takes the watches over;
// - Redis SIGKILLed and restarted (append-only, fsync always) while a worker runs: no watch is lost;
// - every worker down until the watches' deadlines have passed: they end as timeouts, unpolled;
// - a vendor outage (the simulator's seeded chaos): shorter than the error budget it is ridden out,
//   longer it ends the watch with an `error` result — exactly as in-process `waitForJob` does.
// The killed workers run in child processes on the BUILT packages (support/worker-process.mjs): CI
// runs the tests after `turbo build`; locally, build first (assertBuilt says how).
import { existsSync, readFileSync } from 'node:fs';
import alteryx from '@jobwire/alteryx-server/definition';
import { ConnectionError, type JobState, waitForJob } from '@jobwire/core';
import { secretForms } from '@jobwire/core/internal';
import { chaosWithFaultsFirst } from '@jobwire/core/simulator';
import elma from '@jobwire/elma-rpa/definition';
import { Queue } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createWatchQueue, createWatchWorker } from '../src/index.js';
import type { Watch, WatchQueue, WatchResult } from '../src/types.js';
import { chaosWithSequence } from './support/chaos-sequence.js';
import { type RedisServer, redisServerPath, startRedis } from './support/redis-server.js';
import { collectResults, type ResultCollector } from './support/results.js';
import { type SimulatedVendor, startSimulatedVendor } from './support/simulated-vendor.js';
import { type SlowProxy, startSlowProxy } from './support/slow-proxy.js';
import { assertBuilt, startWorkerProcess, type WorkerProcess } from './support/worker-process.js';

// Short delays: a watch polls every 30–300 ms.
const SCHEDULE = { minDelayMs: 30, maxDelayMs: 300, timeoutMs: 40_000 };
// Every third job fails, the others succeed: each vendor's watches end both ways.
const outcome = (sequence: number) => (sequence % 3 === 0 ? 'failed' : 'succeeded');

/** A result collector once its worker is ready. */
async function readyCollector(collector: ResultCollector): Promise<ResultCollector> {
  await collector.worker.ready();
  return collector;
}

/** Everything a test started, stopped in reverse order whatever happened. */
const cleanups: (() => Promise<unknown>)[] = [];
function later<T extends { close(): Promise<unknown> } | { kill(): Promise<unknown> }>(thing: T): T {
  cleanups.push(() => ('kill' in thing ? thing.kill() : thing.close()));
  return thing;
}
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

/** Resolves once `condition()` holds, checked every 10 ms; rejects after `timeoutMs` saying what was awaited. */
async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Resolves once every watch has a result; on failure, says where the missing ones are in BullMQ and
 * what the worker processes warned about.
 */
async function allResults(
  collector: ResultCollector,
  watches: readonly Watch[],
  redis: { connection: { host: string; port: number }; prefix: string },
  workers: readonly WorkerProcess[],
): Promise<void> {
  try {
    await collector.all(
      watches.map((w) => w.id),
      25_000,
    );
  } catch (error) {
    const states: string[] = [];
    for (const watch of watches.filter((w) => !collector.results.has(w.id))) {
      const queue = new Queue(`watch-${watch.vendor}`, redis);
      states.push(`${watch.id}: ${await queue.getJobState(watch.id)}`);
      await queue.close();
    }
    const warnings = workers.flatMap((worker) => worker.warnings);
    throw new Error(
      `${(error as Error).message}\nstates: ${states.join('; ')}\nworker warnings:\n${warnings.slice(0, 20).join('\n')}`,
    );
  }
}

/**
 * Every watch has results, none other does, each is `done` with the job's true state (read from the
 * simulator), and a result delivered more than once (at least once) is the same every time.
 */
async function expectTrueResults(
  collector: ResultCollector,
  watches: readonly Watch[],
  vendors: readonly SimulatedVendor[],
): Promise<void> {
  expect([...collector.results.keys()].sort()).toEqual(watches.map((w) => w.id).sort());
  const truths = new Map<string, JobState>();
  for (const watch of watches) {
    const vendor = vendors.find((v) => v.id === watch.vendor);
    const truth = await vendor?.stateOf(String(watch.ref));
    expect(truth === 'succeeded' || truth === 'failed', `${watch.id}: the simulator's job has ended`).toBe(true);
    truths.set(watch.id, truth as JobState);
    const delivered = collector.results.get(watch.id) ?? [];
    expect(delivered.length).toBeGreaterThanOrEqual(1);
    const [result] = delivered as [WatchResult];
    for (const again of delivered.slice(1)) expect(again).toEqual(result);
    expect(result.id).toBe(watch.id);
    expect(result.vendor).toBe(watch.vendor);
    expect(result.ref).toEqual(watch.ref);
    expect(result.outcome).toBe('done');
    if (result.outcome !== 'done') continue;
    expect(result.status.state).toBe(truth);
    expect(result.status.done).toBe(true);
    expect(result.status.vendor).toBe(watch.vendor);
    expect(result.status.id).toBe(watch.ref);
    expect(result.polls).toBeGreaterThanOrEqual(1);
  }
  // Both ends occur for every vendor, so a worker reporting one state for all would fail.
  for (const vendor of vendors) {
    const ends = new Set(watches.filter((w) => w.vendor === vendor.id).map((w) => truths.get(w.id)));
    expect([...ends].sort()).toEqual(['failed', 'succeeded']);
  }
}

describe.skipIf(!redisServerPath)('faults', () => {
  let redis: RedisServer;
  let prefixes = 0;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  /** Each test's own key prefix, so no test sees another's watches. */
  const nextPrefix = () => `faults${++prefixes}`;

  describe('a worker process SIGKILLed mid-poll', () => {
    beforeAll(() => assertBuilt(['core', 'bullmq', 'alteryx-server', 'elma-rpa']));

    it('hands its watches to another worker: each completes once, with its true state', { timeout: 45_000 }, async () => {
      const prefix = nextPrefix();
      const connection = redis.connection;
      // Jobs run ~1.5 s; status answers are held back 700 ms by a proxy, so the kill lands during polls.
      const vendors = [
        later(await startSimulatedVendor(alteryx, { queuedMs: 200, runningMs: 1300, outcome })),
        later(await startSimulatedVendor(elma, { queuedMs: 200, runningMs: 1300, outcome })),
      ];
      const proxies: SlowProxy[] = [];
      for (const vendor of vendors) proxies.push(later(await startSlowProxy(vendor.simulator.url, 700)));
      const proxied = Object.fromEntries(vendors.map((v, i) => [v.id, { ...v.settings, url: proxies[i]?.url }]));

      const queue: WatchQueue = later(createWatchQueue({ connection, prefix }));
      const watches: Watch[] = [];
      for (const vendor of vendors) {
        for (const id of await vendor.startJobs(10)) watches.push(await queue.watch(vendor.id, id, SCHEDULE));
      }
      expect(watches.every((w) => w.created)).toBe(true);
      const collector = later(await readyCollector(collectResults(connection, prefix)));

      // Ten polls at once per vendor: every watch's first poll is in flight together.
      const limits = { [alteryx.id]: { concurrency: 10 }, [elma.id]: { concurrency: 10 } };
      const options = { redisPort: redis.port, prefix, vendors: proxied, limits, lockDurationMs: 1000 };
      const first: WorkerProcess = later(startWorkerProcess(options));
      await first.ready;
      // Credentials reach the worker through its environment, never its command line (which `ps` shows; Linux's /proc).
      if (existsSync('/proc/self/cmdline')) {
        const commandLine = readFileSync(`/proc/${first.pid}/cmdline`, 'utf8');
        expect(commandLine).toContain('worker-process.mjs');
        for (const vendor of vendors) {
          for (const secret of Object.values(vendor.simulator.credentials)) {
            for (const form of secretForms(secret)) expect(commandLine).not.toContain(form);
          }
        }
      }
      await first.pollsStarted(watches.length);
      await until(() => proxies.every((p) => p.inFlight > 0), 'each proxy holds requests');
      await first.kill();

      // Proven mid-poll: requests the proxies received and never answered, polls the worker began
      // and never ended, and their watches still held (active) by the dead worker.
      expect(proxies.map((p) => p.inFlight).every((n) => n > 0)).toBe(true);
      const interrupted = first.polls.filter((p) => !p.ended);
      expect(interrupted.length).toBeGreaterThan(0);
      const interruptedWatches = watches.filter((w) => interrupted.some((p) => p.vendor === w.vendor && p.ref === w.ref));
      expect(interruptedWatches.length).toBe(interrupted.length);
      for (const watch of interruptedWatches) {
        const vendorQueue = later(new Queue(`watch-${watch.vendor}`, { connection, prefix }));
        expect(await vendorQueue.getJobState(watch.id)).toBe('active');
      }

      for (const proxy of proxies) proxy.delayMs = 0;
      const second = later(startWorkerProcess(options));
      await second.ready;
      await allResults(collector, watches, { connection, prefix }, [first, second]);
      await expectTrueResults(collector, watches, vendors);
      // The interrupted watches finished through the second worker: it polled each of them.
      for (const watch of interruptedWatches) {
        expect(second.polls.some((p) => p.vendor === watch.vendor && p.ref === watch.ref)).toBe(true);
      }
      expect(await second.close()).toBe(0);
      expect(second.stderr()).toBe('');
    });

    it('with no worker until the deadline has passed: each watch ends as a timeout, with no poll after it', {
      timeout: 30_000,
    }, async () => {
      const prefix = nextPrefix();
      const connection = redis.connection;
      // Jobs that run for a minute, watches that give up after 2 s.
      const vendors = [
        later(await startSimulatedVendor(alteryx, { queuedMs: 200, runningMs: 60_000, outcome })),
        later(await startSimulatedVendor(elma, { queuedMs: 200, runningMs: 60_000, outcome })),
      ];
      const proxies: SlowProxy[] = [];
      for (const vendor of vendors) proxies.push(later(await startSlowProxy(vendor.simulator.url, 700)));
      const proxied = Object.fromEntries(vendors.map((v, i) => [v.id, { ...v.settings, url: proxies[i]?.url }]));
      const jobs = await Promise.all(vendors.map(async (vendor) => ({ vendor, ids: await vendor.startJobs(5) })));
      const collector = later(await readyCollector(collectResults(connection, prefix)));
      const options = { redisPort: redis.port, prefix, vendors: proxied, lockDurationMs: 1000 };
      const first = later(startWorkerProcess(options));
      await first.ready;
      // The watches' clocks start once the worker is up, so it is killed well before their deadlines.
      const queue = later(createWatchQueue({ connection, prefix }));
      const watches: Watch[] = [];
      const timeoutMs = 2000;
      for (const { vendor, ids } of jobs) {
        for (const id of ids) watches.push(await queue.watch(vendor.id, id, { ...SCHEDULE, timeoutMs }));
      }
      const lastDeadline = Date.now() + timeoutMs;
      await first.pollsStarted(watches.length);
      await until(() => proxies.every((p) => p.inFlight > 0), 'each proxy holds requests');
      await first.kill();
      expect(first.polls.some((p) => !p.ended)).toBe(true);
      expect(collector.results.size).toBe(0); // the first worker ended no watch

      // Every deadline passes while no worker runs; then a worker comes back.
      await until(() => Date.now() > lastDeadline, 'the last deadline has passed', timeoutMs + 5000);
      const second = later(startWorkerProcess(options));
      await second.ready;
      await allResults(collector, watches, { connection, prefix }, [first, second]);
      expect([...collector.results.keys()].sort()).toEqual(watches.map((w) => w.id).sort());
      for (const watch of watches) {
        const [result] = collector.results.get(watch.id) as [WatchResult];
        expect(result.outcome).toBe('timeout');
        if (result.outcome !== 'timeout') continue;
        expect(result.error.name).toBe('WaitTimeoutError');
        expect(result.error.message).toContain(`did not finish within ${timeoutMs} ms`);
        expect(result.finishedAt).toBeGreaterThanOrEqual(result.startedAt + timeoutMs);
      }
      // As waitForJob's deadline would: nothing more is asked of the vendor once it has passed.
      expect(second.polls).toEqual([]);
      expect(await second.close()).toBe(0);
    });
  });

  describe('Redis SIGKILLed and restarted (append-only, fsync always)', () => {
    let ownRedis: RedisServer;
    beforeAll(async () => {
      assertBuilt(['core', 'bullmq', 'alteryx-server', 'elma-rpa']);
      ownRedis = await startRedis(); // its own: the restart must not disturb the other tests
    });
    afterAll(async () => {
      await ownRedis?.stop();
    });

    it('loses no watch: the worker reconnects and every watch completes with its true state', { timeout: 45_000 }, async () => {
      const prefix = 'restart';
      const connection = ownRedis.connection;
      const vendors = [
        later(await startSimulatedVendor(alteryx, { queuedMs: 200, runningMs: 1800, outcome })),
        later(await startSimulatedVendor(elma, { queuedMs: 200, runningMs: 1800, outcome })),
      ];
      const queue = later(createWatchQueue({ connection, prefix }));
      const watches: Watch[] = [];
      for (const vendor of vendors) {
        for (const id of await vendor.startJobs(10)) watches.push(await queue.watch(vendor.id, id, SCHEDULE));
      }
      const collector = later(await readyCollector(collectResults(connection, prefix)));
      const worker = later(
        startWorkerProcess({
          redisPort: ownRedis.port,
          prefix,
          vendors: Object.fromEntries(vendors.map((v) => [v.id, v.settings])),
          lockDurationMs: 1000,
        }),
      );
      await worker.ready;
      await worker.pollsStarted(watches.length); // every watch is under way

      // Down longer than a lock lasts (1 s): the polls in flight lose their locks, as in a real outage.
      await ownRedis.kill();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await ownRedis.restart();

      // Every watch not yet finished is still in Redis after the restart.
      const unfinished = watches.filter((w) => !collector.results.has(w.id));
      expect(unfinished.length).toBeGreaterThan(0);
      for (const vendor of vendors) {
        const vendorQueue = later(new Queue(`watch-${vendor.id}`, { connection, prefix }));
        for (const watch of unfinished.filter((w) => w.vendor === vendor.id)) {
          expect(await vendorQueue.getJobState(watch.id), watch.id).not.toBe('unknown');
        }
      }

      await allResults(collector, watches, { connection, prefix }, [worker]);
      await expectTrueResults(collector, watches, vendors);
      // The worker rode the outage out rather than dying.
      expect(await worker.close()).toBe(0);
      expect(worker.stderr()).toBe('');
    });
  });

  describe('a vendor outage (seeded chaos: 503s, dropped connections)', () => {
    // One request per poll (no client retries), so the outage is counted in polls, as waitForJob counts it.
    const BUDGET = { ...SCHEDULE, minDelayMs: 20, maxDelayMs: 50, maxConsecutiveErrors: 3 };

    it('shorter than the error budget: ridden out (done, true state); longer: an error result with the last error, as waitForJob rejects', {
      timeout: 30_000,
    }, async () => {
      const prefix = nextPrefix();
      const connection = redis.connection;
      const vendor = later(
        await startSimulatedVendor(
          elma,
          { queuedMs: 10, runningMs: 10, outcome: (n) => (n === 1 ? 'succeeded' : 'failed') },
          { retry: false },
        ),
      );
      const [succeeded, failed] = (await vendor.startJobs(2)) as [string, string];
      // Both jobs have ended before the outage starts: what the watches read after it is final.
      await until(
        async () => (await vendor.stateOf(succeeded)) === 'succeeded' && (await vendor.stateOf(failed)) === 'failed',
        'jobs ended',
      );
      const queue = later(createWatchQueue({ connection, prefix }));
      const collector = later(await readyCollector(collectResults(connection, prefix)));
      const worker = later(
        createWatchWorker({ connection, prefix, sources: { [vendor.id]: vendor.session }, lockDurationMs: 5000 }),
      );
      await worker.ready();

      // 3 failed polls in a row (the budget), then an answer: done with the true state.
      vendor.simulator.setChaos(chaosWithFaultsFirst(3));
      const ridden = await queue.watch(vendor.id, succeeded, BUDGET);
      await collector.all([ridden.id], 15_000);
      const [riddenResult] = collector.results.get(ridden.id) as [WatchResult];
      expect(riddenResult.outcome).toBe('done');
      if (riddenResult.outcome === 'done') expect(riddenResult.status.state).toBe('succeeded');
      expect(riddenResult.polls).toBe(4);
      expect(vendor.simulator.faultCount).toBe(3);
      // waitForJob, same options, same fault sequence: the same end after the same polls.
      vendor.simulator.setChaos(chaosWithFaultsFirst(3));
      let waitPolls = 0;
      const waited = await waitForJob(vendor.session.client, succeeded, { ...BUDGET, onPoll: () => waitPolls++ });
      expect(waited.state).toBe('succeeded');
      expect(waitPolls).toBe(4);
      expect(vendor.simulator.faultCount).toBe(6);

      // 4 failed polls in a row, one more than the budget: 503, dropped connection, 503, dropped
      // connection. The watch ends with the last error (a ConnectionError, not the first 503).
      const overBudget = chaosWithSequence(['unavailable', 'drop', 'unavailable', 'drop']);
      vendor.simulator.setChaos(overBudget);
      const broken = await queue.watch(vendor.id, failed, BUDGET);
      await collector.all([broken.id], 15_000);
      const [brokenResult] = collector.results.get(broken.id) as [WatchResult];
      expect(brokenResult.outcome).toBe('error');
      expect(brokenResult.polls).toBe(4);
      expect(vendor.simulator.faultCount).toBe(10);
      vendor.simulator.setChaos(overBudget);
      const rejected = await waitForJob(vendor.session.client, failed, BUDGET).then(
        () => undefined,
        (error: unknown) => error as Error & { status?: number },
      );
      expect(rejected).toBeInstanceOf(ConnectionError);
      expect(vendor.simulator.faultCount).toBe(14);
      if (brokenResult.outcome !== 'error' || !rejected) return;
      expect(rejected.name).toBe('ConnectionError');
      expect(brokenResult.error.name).toBe(rejected.name);
      expect(brokenResult.error.status).toBeUndefined();
      expect(brokenResult.error.message).toBe(rejected.message);
      expect(brokenResult.lastStatus).toBeUndefined();
      vendor.simulator.setChaos(undefined);
    });
  });
});
