// Durable waits at scale (issue 21): N jobs on one vendor simulator, followed first by in-process
// `waitForJob` (the baseline), then as BullMQ watches (`@jobwire/bullmq`) polled by 1, 2 and 4
// worker processes, all in one run against the very same jobs.
//   node --expose-gc bench/bullmq.mjs [--jobs 20000] [--speedup 2] [--horizon 60000] [--workers 1,2,4]
//        [--vendor alteryx-server] [--concurrency N] [--appendfsync everysec|always|no] [--no-baseline]
//
// Processes (this machine has 2 cores, which they share): this one (the orchestrator: adds the
// watches, runs the result worker, reads Redis's INFO), a redis-server it starts on a free
// 127.0.0.1 port with its own temporary directory (lib/bullmq-redis.mjs), the simulator
// (lib/bullmq-simulator.mjs), and per phase either the baseline process (lib/bullmq-baseline.mjs)
// or N worker processes (lib/bullmq-worker.mjs).
//
// Time dilation as in waiters.mjs: the simulator's clock runs at `speedup` × real time from an
// instant r0 shared by all processes; each wait and watch gets minDelayMs = 1000 / speedup and
// maxDelayMs = 30000 / speedup (core's defaults in dilated time), so it draws the delays it would
// at 1×. Real work (HTTP, Redis, CPU) does not shrink, so lags are reported in real ms.
//
// The schedule: each baseline wait has its own seeded jitter, replayed with core's waiterDelay() to
// get the polls the schedule makes with zero latency. Worker processes use the package's default
// jitter (Math.random, as users get it), shared by all the watches of a process, so their draws
// cannot be replayed one by one; they are compared with the same replayed total, whose spread over
// other seeds is reported (it is the expected count: 20,000 independent draws of the same law).
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { selectCases } from './cases/index.mjs';
import { realNow } from './lib/bullmq-probe.mjs';
import { redisServerPath, startRedis } from './lib/bullmq-redis.mjs';
import {
  distEntry,
  importDist,
  parseArgs,
  resolveFrom,
  round,
  seededRandom,
  summarize,
  table,
  writeResult,
} from './lib/common.mjs';

const args = parseArgs();
const VENDOR = (args.values.vendor ?? 'alteryx-server').split(',')[0]; // one vendor per run
const JOBS = Number(args.values.jobs ?? 20_000);
const SPEEDUP = Number(args.values.speedup ?? 2);
const HORIZON_MS = Number(args.values.horizon ?? 60_000);
const SEED = Number(args.values.seed ?? 20261203);
const WORKERS = String(args.values.workers ?? '1,2,4')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const CONCURRENCY = args.values.concurrency ? Number(args.values.concurrency) : undefined; // the package's default
const APPENDFSYNC = args.values.appendfsync ?? 'everysec';
const BASELINE = !args.flags.has('no-baseline');
const RESULT_CONCURRENCY = 10;
const QUEUED_MS = 5_000; // simulated; + RUNNING_MS = the job's whole life, as in waiters.mjs
const RUNNING_MS = 55_000;
const MIN_DELAY = 1000; // core's defaults, in simulated ms
const MAX_DELAY = 30_000;
const PREFIX = 'jobwire-bench';
// A phase that has not finished after this long is stopped and reported as incomplete.
const PHASE_LIMIT_MS = Number(args.values['phase-limit'] ?? 5 * ((HORIZON_MS + MAX_DELAY) / SPEEDUP) + 60_000);
const libDir = path.join(path.dirname(new URL(import.meta.url).pathname), 'lib');
const MB = (bytes) => round(bytes / 2 ** 20, 1);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const missing = [
  !redisServerPath && 'redis-server is not installed',
  WORKERS.length > 0 && !existsSync(distEntry('bullmq')) && 'packages/bullmq/dist is missing (build @jobwire/bullmq)',
  !selectCases({ values: { vendor: VENDOR } }).length && `${VENDOR} is not built or not a vendor`,
].filter(Boolean);
if (missing.length) {
  writeResult('bullmq', { skipped: missing, results: [] });
  console.log(`\nDurable waits on BullMQ: skipped (${missing.join('; ')})`);
  process.exit(0);
}

/** Polls the AWS-style schedule needs to see a job finishing at `finishAt`, with zero latency. */
function schedulePolls(waiterDelay, finishAt, random) {
  let t = 0;
  for (let poll = 1; ; poll++) {
    if (t >= finishAt) return { polls: poll, seenAt: t };
    t += waiterDelay(poll, MIN_DELAY, MAX_DELAY, random);
  }
}

const stats = (values, digits = 0) => {
  const q = summarize(values);
  return { median: round(q.median, digits), p90: round(q.p90, digits), p99: round(q.p99, digits), max: round(q.max, digits) };
};
const sum = (a) => a.reduce((x, y) => x + y, 0);

/** Forks a child with an IPC channel; `next(type)` resolves with its next message of that type. */
function child(file, execArgv = []) {
  const proc = fork(path.join(libDir, file), [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv });
  const waiting = [];
  const inbox = [];
  proc.on('message', (message) => {
    const i = waiting.findIndex((w) => w.type === message.type);
    if (i >= 0) waiting.splice(i, 1)[0].resolve(message);
    else inbox.push(message);
  });
  proc.next = (type) => {
    const i = inbox.findIndex((m) => m.type === type);
    if (i >= 0) return Promise.resolve(inbox.splice(i, 1)[0]);
    return new Promise((resolve, reject) => {
      waiting.push({ type, resolve });
      proc.once('exit', (code, signal) => reject(new Error(`${file} exited (${code ?? signal}) before "${type}"`)));
    });
  };
  return proc;
}

// ---- setup: Redis, the simulator and its jobs, the schedule --------------------------------------
const core = await importDist('core');
const bullmq = WORKERS.length > 0 ? await importDist('bullmq') : undefined;
const ioredisModule = await import(pathToFileURL(resolveFrom('packages/bullmq', 'ioredis')).href);
const Redis = ioredisModule.Redis ?? ioredisModule.default?.Redis ?? ioredisModule.default;

const redis = await startRedis({ appendfsync: APPENDFSYNC });
const admin = new Redis({ ...redis.connection, maxRetriesPerRequest: null });
const info = async (section) =>
  Object.fromEntries(
    (await admin.info(section))
      .split('\r\n')
      .filter((line) => line.includes(':'))
      .map((line) => line.split(':', 2)),
  );
const usedMemory = async () => Number((await info('memory')).used_memory);
const redisCpuMs = async () => {
  const cpu = await info('cpu');
  return (Number(cpu.used_cpu_user) + Number(cpu.used_cpu_sys)) * 1000;
};

const sim = child('bullmq-simulator.mjs');
const setupStarted = realNow();
sim.send({
  vendor: VENDOR,
  jobs: JOBS,
  horizonMs: HORIZON_MS,
  speedup: SPEEDUP,
  seed: SEED,
  queuedMs: QUEUED_MS,
  runningMs: RUNNING_MS,
});
const { jobs, settings } = await sim.next('ready');
const setupMs = realNow() - setupStarted;
const index = new Map(jobs.map((job, i) => [job.id, i]));
const ids = jobs.map((job) => job.id);

const ideal = jobs.map((job, i) => schedulePolls(core.waiterDelay, job.finishAt, seededRandom(SEED + i)));
const scheduleTotal = sum(ideal.map((x) => x.polls));
// The same schedule with other seeds: how far the expected total moves from one draw of jitter to another.
const otherSeedTotals = [1, 2, 3, 4, 5].map((k) =>
  sum(jobs.map((job, i) => schedulePolls(core.waiterDelay, job.finishAt, seededRandom(SEED + k * 1_000_003 + i)).polls)),
);
const fewestTotal = sum(jobs.map((job) => schedulePolls(core.waiterDelay, job.finishAt, () => 1).polls));
const scheduleGapRealMs = ideal.map((x, i) => (x.seenAt - jobs[i].finishAt) / SPEEDUP);
const finishReal = (r0, i) => r0 + jobs[i].finishAt / SPEEDUP;
const waitOptions = { minDelayMs: MIN_DELAY / SPEEDUP, maxDelayMs: MAX_DELAY / SPEEDUP };

/** Starts the simulator's clock at r0 (a little ahead) and returns its counters at that moment. */
async function goAt(r0) {
  sim.send({ type: 'go', r0 });
  return sim.next('count');
}
async function simCount() {
  sim.send({ type: 'count' });
  return sim.next('count');
}

/** What every phase reports the same way, from per-job completion times and the followers' probes. */
function measure({ r0, completedAt, reports, simBefore, simAfter }) {
  const done = completedAt.filter((t) => t > 0);
  const end = Math.max(...done);
  const spanS = (end - r0) / 1000;
  const polls = sum(reports.map((r) => r.polls));
  const perSecond = [];
  for (const r of reports)
    r.perSecond.forEach((n, s) => {
      perSecond[s] = (perSecond[s] ?? 0) + n;
    });
  // When the first poll that saw each job done returned (a redelivered watch may have seen it twice):
  // from there to completion is the follower's own cost (in-process: a resolve; BullMQ: the result
  // added, the watch completed, the result worker's fetch and handler).
  const doneSeenAt = new Float64Array(JOBS);
  for (const r of reports)
    for (const [ref, , returnedAt] of r.doneSeen) {
      const i = index.get(ref);
      if (i !== undefined && (doneSeenAt[i] === 0 || returnedAt < doneSeenAt[i])) doneSeenAt[i] = returnedAt;
    }
  const lag = [];
  const lagSim = [];
  const afterDonePoll = [];
  completedAt.forEach((t, i) => {
    if (t === 0) return;
    lag.push(t - finishReal(r0, i));
    lagSim.push((t - finishReal(r0, i)) * SPEEDUP);
    if (doneSeenAt[i] > 0) afterDonePoll.push(t - doneSeenAt[i]);
  });
  return {
    completed: done.length,
    wallMs: round(end - r0, 0),
    polls: {
      total: polls,
      perJob: round(polls / JOBS, 3),
      perSecondMean: round(polls / spanS, 0),
      perSecondPeak: Math.max(0, ...perSecond.map((n) => n ?? 0)),
      ratioToSchedule: round(polls / scheduleTotal),
      ratioToFewestPossible: round(polls / fewestTotal),
      simulatorRequests: simAfter.requests - simBefore.requests,
      errors: reports.reduce((all, r) => {
        for (const [k, v] of Object.entries(r.errors)) all[k] = (all[k] ?? 0) + v;
        return all;
      }, {}),
    },
    finishToCompleteRealMs: stats(lag),
    finishToCompleteSimulatedMs: stats(lagSim),
    donePollToCompleteRealMs: stats(afterDonePoll, 1),
    cpuMs: { simulator: round(simAfter.cpuMs - simBefore.cpuMs, 0) },
  };
}

// ---- the baseline: in-process waitForJob ----------------------------------------------------------
async function baselinePhase() {
  const proc = child('bullmq-baseline.mjs', ['--expose-gc']);
  proc.send({ vendor: VENDOR, settings, ids, seed: SEED, ...waitOptions });
  await proc.next('ready');
  const redisCpu0 = await redisCpuMs();
  const r0 = realNow() + 500;
  const simBefore = await goAt(r0);
  proc.send({ r0 });
  const report = await proc.next('stopped');
  const simAfter = await simCount();
  const m = measure({ r0, completedAt: report.resolvedAt, reports: [report], simBefore, simAfter });
  const schedule = ideal.map((x) => x.polls);
  return {
    phase: 'baseline',
    followers: 'in-process waitForJob (1 process)',
    processes: 1,
    ...m,
    outcomes: report.states,
    rejections: report.rejections,
    pollsPerJobRecorded: stats(report.pollsPerJob, 2),
    schedulePerJob: stats(schedule, 2),
    cpuMs: { ...m.cpuMs, followers: round(report.memory.cpuMs, 0), redis: round((await redisCpuMs()) - redisCpu0, 0) },
    memory: [memoryOf(report.memory)],
  };
}

function memoryOf(m) {
  return {
    baseHeapMB: MB(m.baseHeap),
    peakHeapMB: MB(m.peakHeap),
    endHeapAfterGcMB: m.endHeapAfterGc === undefined ? undefined : MB(m.endHeapAfterGc),
    peakRssMB: MB(m.peakRss),
  };
}

// ---- N worker processes ----------------------------------------------------------------------------
async function workersPhase(n) {
  await admin.flushall();
  const procs = Array.from({ length: n }, () => child('bullmq-worker.mjs', ['--expose-gc']));
  for (const p of procs)
    p.send({ vendor: VENDOR, settings, connection: redis.connection, prefix: PREFIX, concurrency: CONCURRENCY });
  await Promise.all(procs.map((p) => p.next('ready')));

  const completedAt = new Array(JOBS).fill(0);
  const resultPolls = new Array(JOBS).fill(0);
  const outcomes = {};
  let completed = 0;
  let duplicates = 0;
  let unknown = 0;
  let allDone;
  const finished = new Promise((resolve) => {
    allDone = resolve;
  });
  const results = await bullmq.createResultWorker({
    connection: redis.connection,
    prefix: PREFIX,
    concurrency: RESULT_CONCURRENCY,
    async handle(result) {
      const at = realNow();
      const i = index.get(typeof result.ref === 'string' ? result.ref : JSON.stringify(result.ref));
      if (i === undefined) return void unknown++;
      if (completedAt[i] > 0) return void duplicates++;
      completedAt[i] = at;
      resultPolls[i] = result.polls;
      const key = result.outcome === 'done' ? result.status.state : result.outcome;
      outcomes[key] = (outcomes[key] ?? 0) + 1;
      if (++completed === JOBS) allDone();
    },
  });
  await results.ready();
  const queue = await bullmq.createWatchQueue({ connection: redis.connection, prefix: PREFIX });

  // Redis memory: empty (queues' connections open), then with every watch added and none polled yet.
  await sleep(200);
  const emptyBytes = await usedMemory();
  const addStarted = realNow();
  let notCreated = 0;
  for (let from = 0; from < JOBS; from += 500) {
    const batch = await Promise.all(ids.slice(from, from + 500).map((id) => queue.watch(VENDOR, id, waitOptions)));
    notCreated += batch.filter((w) => !w.created).length;
  }
  const addMs = realNow() - addStarted;
  await sleep(200);
  const pendingBytes = await usedMemory();
  let peakBytes = pendingBytes;
  const memoryTimer = setInterval(async () => {
    peakBytes = Math.max(peakBytes, await usedMemory().catch(() => 0));
  }, 1000);

  const redisCpu0 = await redisCpuMs();
  const ownCpu0 = process.cpuUsage();
  const r0 = realNow() + 300;
  const simBefore = await goAt(r0);
  while (realNow() < r0) await new Promise((resolve) => setImmediate(resolve));
  for (const p of procs) p.send({ type: 'start', r0 });
  const startedAfterMs = await Promise.all(procs.map((p) => p.next('started').then(() => realNow() - r0)));
  let limitTimer;
  const timedOut = await Promise.race([
    finished.then(() => false),
    new Promise((resolve) => {
      limitTimer = setTimeout(resolve, PHASE_LIMIT_MS, true);
    }),
  ]);
  clearTimeout(limitTimer);
  clearInterval(memoryTimer);
  const redisCpu = (await redisCpuMs()) - redisCpu0;
  const ownCpu = process.cpuUsage(ownCpu0);

  for (const p of procs) p.send({ type: 'stop' });
  const reports = await Promise.all(procs.map((p) => p.next('stopped')));
  const simAfter = await simCount();
  await results.close();
  await queue.close();
  const m = measure({ r0, completedAt, reports, simBefore, simAfter });
  return {
    phase: `${n} worker${n > 1 ? 's' : ''}`,
    followers: `${n} worker process${n > 1 ? 'es' : ''} (createWatchWorker, concurrency ${CONCURRENCY ?? 'default'})`,
    processes: n,
    timedOut,
    ...m,
    outcomes,
    resultsDuplicated: duplicates,
    resultsUnknown: unknown,
    watchesNotCreated: notCreated,
    pollsRecordedByWatches: sum(resultPolls),
    workerStartedAfterR0Ms: startedAfterMs.map((ms) => round(ms, 0)),
    addWatchesMs: round(addMs, 0),
    redis: {
      emptyUsedMemoryBytes: emptyBytes,
      pendingUsedMemoryBytes: pendingBytes,
      bytesPerWatch: round((pendingBytes - emptyBytes) / JOBS, 0),
      peakUsedMemoryMB: MB(peakBytes),
      appendfsync: APPENDFSYNC,
    },
    cpuMs: {
      ...m.cpuMs,
      followers: round(sum(reports.map((r) => r.memory.cpuMs)), 0),
      redis: round(redisCpu, 0),
      // This process during the phase: the result worker (and INFO every second).
      resultWorker: round((ownCpu.user + ownCpu.system) / 1000, 0),
    },
    memory: reports.map((r) => memoryOf(r.memory)),
    warnings: reports.map((r) => r.warnings),
    closeMs: reports.map((r) => round(r.closeMs, 0)),
  };
}

// ---- run ----------------------------------------------------------------------------------------------
const phases = [];
try {
  if (BASELINE) phases.push(await baselinePhase());
  for (const n of WORKERS) phases.push(await workersPhase(n));
} finally {
  sim.send({ type: 'stop' });
  await sim.next('stopped').catch(() => undefined);
  admin.disconnect();
  await redis.stop();
}

for (const p of phases) {
  const all = p.cpuMs.followers + p.cpuMs.simulator + p.cpuMs.redis + (p.cpuMs.resultWorker ?? 0);
  p.cpuMsPerPoll = {
    followers: round(p.cpuMs.followers / p.polls.total),
    all: round(all / p.polls.total),
    note: 'all = followers + simulator + redis-server + result worker',
  };
}
const base = phases.find((p) => p.phase === 'baseline');
for (const p of phases) {
  if (!base || p === base) continue;
  p.vsBaseline = {
    pollsPerSecond: round(p.polls.perSecondMean / base.polls.perSecondMean),
    polls: round(p.polls.total / base.polls.total),
    lagMedian: round(p.finishToCompleteRealMs.median / base.finishToCompleteRealMs.median),
    lagP99: round(p.finishToCompleteRealMs.p99 / base.finishToCompleteRealMs.p99),
    cpuPerPoll: round(p.cpuMsPerPoll.all / base.cpuMsPerPoll.all),
  };
}
const file = writeResult('bullmq', {
  method:
    'one simulator (child process) with N jobs finishing uniformly at random in [0, horizon) of simulated time (clock = speedup × real time, restarted per phase so every phase follows the same jobs); phase 1: in-process core.waitForJob on every job (baseline, own process); then a BullMQ watch per job (@jobwire/bullmq) polled by 1, 2, 4 worker processes, results taken by a result worker in the orchestrator; polls counted in one wrapper around the vendor client in every follower process; schedule = core.waiterDelay replayed with each baseline wait’s seeded jitter',
  vendor: VENDOR,
  jobs: JOBS,
  speedup: SPEEDUP,
  simulatedHorizonMs: HORIZON_MS,
  waitOptions: { minDelayMs: MIN_DELAY, maxDelayMs: MAX_DELAY, note: 'simulated ms; passed divided by speedup' },
  setupMs: round(setupMs, 0),
  schedule: {
    total: scheduleTotal,
    perJob: round(scheduleTotal / JOBS, 3),
    otherSeedsPerJob: otherSeedTotals.map((t) => round(t / JOBS, 3)),
    fewestPossiblePerJob: round(fewestTotal / JOBS, 3),
    gapAfterFinishRealMs: stats(scheduleGapRealMs),
    note: 'polls with zero latency; gap = the schedule alone between a job’s finish and the poll that sees it',
  },
  resultWorkerConcurrency: RESULT_CONCURRENCY,
  results: phases,
});

console.log(
  `\nDurable waits on BullMQ: ${JOBS} jobs on ${VENDOR}, ${HORIZON_MS / 1000} s simulated at ${SPEEDUP}× → ${path.relative(process.cwd(), file)}`,
);
console.log(
  table(
    [
      'followers',
      'done',
      'wall s',
      'polls/s mean (peak)',
      'polls/job',
      '× schedule',
      'finish→complete ms med / p99',
      'done poll→complete ms med / p99',
      'peak heap MB per process',
      'Redis B/watch',
      'CPU s followers / sim / redis / results',
      'CPU ms/poll (all)',
    ],
    phases.map((p) => [
      p.phase,
      p.completed,
      round(p.wallMs / 1000, 1),
      `${p.polls.perSecondMean} (${p.polls.perSecondPeak})`,
      p.polls.perJob,
      p.polls.ratioToSchedule,
      `${p.finishToCompleteRealMs.median} / ${p.finishToCompleteRealMs.p99}`,
      `${p.donePollToCompleteRealMs.median} / ${p.donePollToCompleteRealMs.p99}`,
      p.memory.map((x) => x.peakHeapMB).join(', '),
      p.redis?.bytesPerWatch,
      [p.cpuMs.followers, p.cpuMs.simulator, p.cpuMs.redis, p.cpuMs.resultWorker ?? 0]
        .map((ms) => round(ms / 1000, 1))
        .join(' / '),
      p.cpuMsPerPoll.all,
    ]),
  ),
);
console.log(
  `schedule: ${round(scheduleTotal / JOBS, 3)} polls/job (other seeds ${otherSeedTotals.map((t) => round(t / JOBS, 3)).join(', ')})`,
);
