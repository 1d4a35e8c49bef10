// Many waiters: 10,000 concurrent waitForJob calls on ONE client against ONE simulator, the jobs
// finishing at random times within 60 s of *simulated* time.
//
// How 60 simulated seconds take a few real ones (time dilation, no fake timers):
// - the simulator (child process, see lib/waiters-simulator.mjs) runs its `now` clock at
//   `speedup` × real time from a shared start instant r0;
// - every waiter gets minDelayMs = 1000 / speedup and maxDelayMs = 30000 / speedup, i.e. core's
//   defaults (1 s, 30 s) expressed in the same dilated time. The AWS-style schedule is linear in
//   (min, max), so every waiter draws exactly the delays it would draw at 1×, just `speedup` times
//   shorter in real time;
// - what does NOT shrink is real work: HTTP round trips and the client's CPU. In simulated time they
//   look `speedup` times longer, which is why latency-type numbers are reported in real ms.
// Patching setTimeout/Date.now globally (fake timers) was rejected: undici's own timers and
// keep-alive would run on the fake clock too, and the waiters must really talk HTTP.
//
// Each waiter gets its own seeded jitter source (`random` option), so the delays it drew can be
// replayed with core's exported waiterDelay() to get the schedule's requests with zero latency.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { loadBuiltDefinition, workspaceVendors } from '../tools/lib/vendors.mjs';
import { selectCases, skippedCases } from './cases/index.mjs';
import { importDist, parseArgs, rootDir, round, seededRandom, summarize, table, writeResult } from './lib/common.mjs';

const args = parseArgs();
const JOBS = Number(args.values.jobs ?? 10_000);
// 2×: at 10× the first-poll burst of 10,000 requests (≈2.5 s real) would look like 25 s simulated.
const SPEEDUP = Number(args.values.speedup ?? 2);
const HORIZON_MS = Number(args.values.horizon ?? 60_000);
const SEED = Number(args.values.seed ?? 20261123);
// --live-heap (needs node --expose-gc): a full GC every second of real time, so the peak is the
// live heap rather than live + not-yet-collected garbage. Diagnostic: it slows the run a little.
const LIVE_HEAP = args.flags.has('live-heap') && typeof globalThis.gc === 'function';
const QUEUED_MS = 5_000; // simulated; + RUNNING_MS = the job's whole life, so finish times are exact
const RUNNING_MS = 55_000;
const MIN_DELAY = 1000; // core's defaults, in simulated ms
const MAX_DELAY = 30_000;
const realNow = () => performance.timeOrigin + performance.now();

/** Polls the AWS-style schedule needs to see a job finishing at `finishAt`, with zero latency. */
function schedulePolls(waiterDelay, finishAt, random) {
  let t = 0;
  for (let poll = 1; ; poll++) {
    if (t >= finishAt) return { polls: poll, seenAt: t };
    t += waiterDelay(poll, MIN_DELAY, MAX_DELAY, random);
  }
}

const cases = selectCases(args);
const results = [];
// Several vendors: one process each (the same flags), so one vendor's heap and RSS do not carry
// over into the next one's baseline; the parts are merged into one results file.
if (cases.length > 1) {
  const { spawnSync } = await import('node:child_process');
  const { readFileSync } = await import('node:fs');
  const passOn = process.argv
    .slice(2)
    .filter((a, i, all) => a !== '--vendor' && all[i - 1] !== '--vendor' && !a.startsWith('--vendor='));
  for (const c of cases) {
    const part = path.join(rootDir, 'bench', 'results', 'tmp', `waiters-${c.vendor}.json`);
    const r = spawnSync(
      process.execPath,
      [...process.execArgv, process.argv[1], ...passOn, '--vendor', c.vendor, '--part', part],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    if (r.status !== 0) throw new Error(`waiters for ${c.vendor} failed (${r.status ?? r.signal})`);
    results.push(...JSON.parse(readFileSync(part, 'utf8')).results);
  }
}
for (const c of cases.length > 1 ? [] : cases) {
  const core = await importDist('core');
  const child = fork(path.join(rootDir, 'bench', 'lib', 'waiters-simulator.mjs'), [], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  child.send({
    vendor: c.vendor,
    jobs: JOBS,
    horizonMs: HORIZON_MS,
    speedup: SPEEDUP,
    seed: SEED,
    queuedMs: QUEUED_MS,
    runningMs: RUNNING_MS,
  });
  const [ready] = await once(child, 'message');
  const jobs = ready.jobs;
  const index = new Map(jobs.map((job, i) => [job.id, i]));

  const requests = new Uint32Array(JOBS);
  const lastRequestAt = new Float64Array(JOBS);
  let otherRequests = 0;
  const jobOf =
    c.waiters.jobIdOf ??
    ((request) => {
      for (const segment of new URL(request.url).pathname.split('/')) {
        const i = index.get(decodeURIComponent(segment));
        if (i !== undefined) return i;
      }
      return undefined;
    });
  const countingFetch = async (request) => {
    const at = realNow();
    const i = await jobOf(request, index);
    if (i === undefined) otherRequests++;
    else {
      requests[i]++;
      lastRequestAt[i] = at;
    }
    return globalThis.fetch(request);
  };
  // Retries inside the transport are invisible to waitForJob: count them through the logger option.
  const retries = {};
  const logger = {
    warn: (_message, fields) => {
      const key = String(fields?.error ?? 'unknown')
        .replace(/[0-9a-f]{24}/g, '<id>')
        .replace(/\d+/g, 'N')
        .slice(0, 120);
      retries[key] = (retries[key] ?? 0) + 1;
    },
  };
  // The client comes from the vendor's definition, connected with the simulator's settings.
  const definition = await loadBuiltDefinition(workspaceVendors().find((v) => v.id === c.vendor));
  const client = definition.connect(ready.settings, { fetch: countingFetch, logger });

  // Memory: baseline after a GC (when --expose-gc), then sampled every 25 ms real time.
  globalThis.gc?.();
  const base = process.memoryUsage();
  let peakHeap = base.heapUsed;
  let peakRss = base.rss;
  let peakLiveHeap = 0;
  const liveSampler = LIVE_HEAP
    ? setInterval(() => {
        globalThis.gc();
        peakLiveHeap = Math.max(peakLiveHeap, process.memoryUsage().heapUsed);
      }, 1000)
    : undefined;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
    if (m.rss > peakRss) peakRss = m.rss;
  }, 25);

  const resolvedAt = new Float64Array(JOBS);
  const polls = new Uint32Array(JOBS);
  const states = {};
  const errors = {};
  const r0 = realNow() + 20;
  child.send({ type: 'go', r0 });
  while (realNow() < r0) await new Promise((resolve) => setImmediate(resolve));
  const started = realNow();
  const waits = jobs.map((job, i) =>
    client
      .waitForJob(job.id, {
        minDelayMs: MIN_DELAY / SPEEDUP,
        maxDelayMs: MAX_DELAY / SPEEDUP,
        random: seededRandom(SEED + i),
        onPoll: (event) => {
          polls[i] = event.poll;
        },
      })
      .then(
        (status) => {
          resolvedAt[i] = realNow();
          states[status.state] = (states[status.state] ?? 0) + 1;
        },
        (error) => {
          resolvedAt[i] = realNow();
          errors[error?.name ?? 'Error'] = (errors[error?.name ?? 'Error'] ?? 0) + 1;
        },
      ),
  );
  await Promise.all(waits);
  const wallMs = realNow() - started;
  clearInterval(sampler);
  clearInterval(liveSampler);
  const after = process.memoryUsage();
  globalThis.gc?.();
  const afterGc = process.memoryUsage();
  const maxRssKB = process.resourceUsage().maxRSS;

  child.send({ type: 'stop' });
  const [stopped] = await once(child, 'message');

  // Schedule replay and per-job timings.
  const scheduleRequests = [];
  const fewestRequests = [];
  const perJob = [];
  const finishToResolveSim = [];
  const scheduleGapSim = [];
  const idealGapSim = [];
  const responseMs = [];
  let clientRequests = 0;
  for (let i = 0; i < JOBS; i++) {
    const { finishAt } = jobs[i];
    const ideal = schedulePolls(core.waiterDelay, finishAt, seededRandom(SEED + i));
    scheduleRequests.push(ideal.polls);
    fewestRequests.push(schedulePolls(core.waiterDelay, finishAt, () => 1).polls);
    perJob.push(requests[i]);
    clientRequests += requests[i];
    const toSim = (real) => (real - r0) * SPEEDUP;
    finishToResolveSim.push(toSim(resolvedAt[i]) - finishAt);
    scheduleGapSim.push(toSim(lastRequestAt[i]) - finishAt);
    idealGapSim.push(ideal.seenAt - finishAt);
    responseMs.push(resolvedAt[i] - lastRequestAt[i]);
  }
  const sum = (a) => a.reduce((x, y) => x + y, 0);
  const s = (a, digits = 0) => {
    const q = summarize(a);
    return {
      median: round(q.median, digits),
      p90: round(q.p90, digits),
      p99: round(q.p99, digits),
      max: round(q.max, digits),
      mean: round(q.mean, 2),
    };
  };
  const MB = (bytes) => round(bytes / 2 ** 20, 1);
  results.push({
    vendor: c.vendor,
    jobs: JOBS,
    speedup: SPEEDUP,
    simulatedHorizonMs: HORIZON_MS,
    waiterOptions: { minDelayMs: MIN_DELAY, maxDelayMs: MAX_DELAY, note: 'simulated ms; passed divided by speedup' },
    outcomes: states,
    rejections: errors,
    transportRetries: retries,
    wallMs: round(wallMs, 0),
    simulatedSpanMs: round(wallMs * SPEEDUP, 0),
    memory: {
      baselineHeapMB: MB(base.heapUsed),
      peakHeapMB: MB(peakHeap),
      peakHeapOverBaselineMB: MB(peakHeap - base.heapUsed),
      endHeapMB: MB(after.heapUsed),
      endHeapAfterGcMB: globalThis.gc ? MB(afterGc.heapUsed) : undefined,
      peakLiveHeapMB: LIVE_HEAP ? MB(peakLiveHeap) : undefined,
      baselineRssMB: MB(base.rss),
      peakRssMB: MB(Math.max(peakRss, maxRssKB * 1024)),
      sampledEveryMs: 25,
      heapTargetMB: 150,
      // The V8 old-space limit this process ran under (run.mjs sets it to the target), or null.
      oldSpaceLimitMB: Number(process.execArgv.find((a) => a.startsWith('--max-old-space-size='))?.split('=')[1]) || null,
    },
    simulator: { maxRssMB: round(stopped.maxRssKB / 1024, 1), cpuUserMs: round(stopped.cpuUserMs, 0) },
    requests: {
      total: clientRequests + otherRequests,
      jobStatus: clientRequests,
      other: otherRequests,
      seenBySimulator: stopped.requests,
      perJob: s(perJob, 2),
      schedulePerJob: round(sum(scheduleRequests) / JOBS, 3),
      fewestPossiblePerJob: round(sum(fewestRequests) / JOBS, 3),
      ratioToSchedule: round((clientRequests + otherRequests) / sum(scheduleRequests)),
      ratioToFewestPossible: round((clientRequests + otherRequests) / sum(fewestRequests)),
      target: 1.1,
    },
    finishToResolve: {
      simulatedMs: s(finishToResolveSim),
      scheduleOnlySimulatedMs: s(idealGapSim),
      lastPollStartedAfterFinishSimulatedMs: s(scheduleGapSim),
      lastPollToResolveRealMs: s(responseMs, 1),
      note: 'simulatedMs = resolve − finish on the simulated clock; scheduleOnly = the same with zero-latency polls and the same jitter; lastPollToResolveRealMs = real time from the request that saw the job finished to the waiter resolving (HTTP + client work under load)',
    },
  });
}

if (args.values.part) {
  const { mkdirSync, writeFileSync } = await import('node:fs');
  mkdirSync(path.dirname(args.values.part), { recursive: true });
  writeFileSync(args.values.part, JSON.stringify({ results }));
  process.exit(0);
}
const file = writeResult('waiters', {
  method:
    'one client, one simulator (child process), jobs finishing uniformly at random in [0, horizon) of simulated time; simulated clock = speedup × real time; waiter delays divided by speedup; per-waiter seeded jitter replayed with core.waiterDelay for the schedule',
  skipped: skippedCases(args),
  results,
});
console.log(
  `\nMany waiters (${JOBS} concurrent waitForJob, ${HORIZON_MS / 1000} s simulated at ${SPEEDUP}× real time) → ${path.relative(rootDir, file)}`,
);
console.log(
  table(
    [
      'vendor',
      'wall s',
      'peak heap MB',
      'peak RSS MB',
      'req/job',
      'schedule req/job',
      'ratio',
      'finish→resolve sim s (med/p99)',
      'last poll→resolve ms (med/p99)',
      'rejected',
    ],
    results.map((r) => [
      r.vendor,
      round(r.wallMs / 1000, 1),
      `${r.memory.peakHeapMB} (+${r.memory.peakHeapOverBaselineMB})${r.memory.oldSpaceLimitMB ? ` ≤${r.memory.oldSpaceLimitMB}` : ''}`,
      r.memory.peakRssMB,
      r.requests.perJob.mean,
      r.requests.schedulePerJob,
      r.requests.ratioToSchedule,
      `${round(r.finishToResolve.simulatedMs.median / 1000, 2)} / ${round(r.finishToResolve.simulatedMs.p99 / 1000, 2)}`,
      `${r.finishToResolve.lastPollToResolveRealMs.median} / ${r.finishToResolve.lastPollToResolveRealMs.p99}`,
      Object.values(r.rejections).reduce((a, b) => a + b, 0),
    ]),
  ),
);
