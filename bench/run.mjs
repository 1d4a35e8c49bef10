// `pnpm bench`: runs every benchmark, each in its own Node process (so one benchmark's heap, JIT
// state and open sockets cannot colour the next one's numbers), then prints one summary against
// issue 11's targets. Each benchmark writes bench/results/<name>.json and prints its own table.
//   node bench/run.mjs [--only overhead,startup,size,waiters] [--vendor alteryx-server] [--quick]
// --quick shrinks every benchmark (smoke test; the numbers are not the ones to publish).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { benchDir, parseArgs, readResult, table } from './lib/common.mjs';

const args = parseArgs();
const only = args.values.only?.split(',');
const quick = args.flags.has('quick');
const vendor = args.values.vendor ? ['--vendor', args.values.vendor] : [];

/** Issue 11: 10,000 waiters in ≤ 150 MB of heap. */
const WAITERS_HEAP_MB = 150;

const benchmarks = [
  { name: 'size', argv: [] },
  { name: 'startup', argv: quick ? ['--runs', '5'] : [] },
  { name: 'overhead', argv: quick ? ['--calls', '2000', '--warmup', '200'] : [] },
  // Issue 26: the per-call cost of instrumentation (none, no-op, OpenTelemetry without and with an SDK).
  { name: 'tracing', argv: quick ? ['--calls', '1000', '--warmup', '100'] : [] },
  // --expose-gc: a GC before the heap baseline, and the heap after the run, mean the same thing each time.
  // --max-old-space-size: the client process gets issue 11's 150 MB heap target as V8's limit. Left
  // alone on a 24 GB machine, V8 defers collection and `heapUsed` counts hundreds of MB of garbage;
  // under the limit it collects, and the waiters either fit (peak heap reported) or the run dies.
  {
    name: 'waiters',
    node: ['--expose-gc', `--max-old-space-size=${WAITERS_HEAP_MB}`],
    argv: quick ? ['--jobs', '1000', '--speedup', '5'] : [],
  },
  // Issue 27: the APUBI server kit under hostile peers (time to first byte, RSS).
  { name: 'listening', argv: quick ? ['--seconds', '1'] : [] },
  { name: 'listening-elma', argv: quick ? ['--seconds', '1'] : [] },
  // Issue 22: the `jobwire` CLI's start-up against the vendor's import, and its npm install.
  { name: 'cli', argv: quick ? ['--runs', '5', '--skip-install'] : [] },
  // Issue 21: durable waits on BullMQ (in-process baseline, then 1, 2, 4 worker processes; needs
  // redis-server). The suite follows 5,000 jobs; the 20,000 of the README: `node --expose-gc bench/bullmq.mjs`.
  {
    name: 'bullmq',
    node: ['--expose-gc'],
    argv: quick ? ['--jobs', '1000', '--speedup', '5', '--workers', '1,2'] : ['--jobs', '5000'],
  },
];

let failed = false;
const fresh = new Set(); // benchmarks that completed in this run: the summary never shows an older results file
for (const b of benchmarks) {
  if (only && !only.includes(b.name)) continue;
  const r = spawnSync(process.execPath, [...(b.node ?? []), path.join(benchDir, `${b.name}.mjs`), ...b.argv, ...vendor], {
    stdio: 'inherit',
  });
  if (r.status !== 0) {
    failed = true;
    console.error(`bench: ${b.name} exited with ${r.status ?? r.signal}`);
  } else fresh.add(b.name);
}
const result = (name) => (fresh.has(name) ? readResult(name) : undefined);

// One line per measured target, read back from the results files.
const rows = [];
const verdict = (ok) => (ok ? 'ok' : 'MISSED');
for (const r of result('overhead')?.results ?? []) {
  rows.push([
    r.vendor,
    `${r.call} overhead (× hand-written)`,
    r.network.ratio,
    `≤ ${r.target}`,
    verdict(r.network.ratio <= r.target),
  ]);
}
for (const r of result('tracing')?.results ?? []) {
  const api = r.inMemory['otel-api'];
  if (api)
    rows.push([r.vendor, 'openTelemetry() without SDK, in-memory (× none)', api.vsNone, '≤ 1.01', verdict(api.vsNone <= 1.01)]);
  const sdk = r.inMemory['otel-sdk'];
  if (sdk) rows.push([r.vendor, 'openTelemetry() with SDK, in-memory (× none)', sdk.vsNone, 'report', '']);
}
const startup = result('startup')?.results ?? [];
for (const r of startup.filter((x) => x.vendor)) {
  rows.push([
    r.vendor,
    'start-up (× openapi-fetch import)',
    r.vsOpenapiFetch,
    r.target ? `≤ ${r.target}` : 'report',
    r.target ? verdict(r.vsOpenapiFetch <= r.target) : '',
  ]);
}
for (const r of (result('size')?.results ?? []).filter((x) => x.vendor)) {
  rows.push([
    r.vendor,
    `bundle min+gzip B (${r.platform})`,
    r.gzipBytes,
    r.target ? `≤ ${r.target} (CI budget ${r.budget})` : 'report',
    r.target ? verdict(r.gzipBytes <= r.target) : '',
  ]);
}
for (const r of result('waiters')?.results ?? []) {
  rows.push([
    r.vendor,
    `${r.jobs} waiters: peak heap MB${r.memory.oldSpaceLimitMB ? ` (V8 limit ${r.memory.oldSpaceLimitMB})` : ''}`,
    r.memory.peakHeapMB,
    `≤ ${r.memory.heapTargetMB}`,
    verdict(r.memory.peakHeapMB <= r.memory.heapTargetMB),
  ]);
  rows.push([
    r.vendor,
    `${r.jobs} waiters: requests × schedule`,
    r.requests.ratioToSchedule,
    `≤ ${r.requests.target}`,
    verdict(r.requests.ratioToSchedule <= r.requests.target),
  ]);
}
for (const r of result('bullmq')?.results ?? []) {
  rows.push([
    result('bullmq').vendor,
    `${result('bullmq').jobs} watches, ${r.phase}: polls × schedule`,
    r.polls.ratioToSchedule,
    '≤ 1.1',
    verdict(r.polls.ratioToSchedule <= 1.1),
  ]);
}
if (rows.length) {
  console.log('\nSummary against issue 11 targets (details in bench/results/*.json)');
  console.log(table(['vendor', 'measure', 'value', 'target', ''], rows));
}
// Missed targets are findings, not failures: only a benchmark that crashed fails the run.
// (The size budget is enforced separately by `node bench/size.mjs --check`.)
process.exitCode = failed ? 1 : 0;
