// Tracing overhead (issue 26): the same getJobStatus per vendor through clients that differ only in
// `instrumentation`:
//   none      no instrumentation: core composes no instrumentation policy (the baseline)
//   noop      a hand-written contract implementation that does nothing: the cost of core's two
//             policies alone (and of the contract's calls)
//   otel-api  @jobwire/opentelemetry's openTelemetry() with no SDK registered: @opentelemetry/api's
//             no-op tracer (what a library user who never set up OpenTelemetry pays) — ≤ 1.01× none
//   otel-sdk  openTelemetry({ tracerProvider }) with an SDK BasicTracerProvider, a SimpleSpanProcessor
//             and an in-memory exporter: spans built, ended and exported on every call
// No global context manager is registered (it would also change what `otel-api` pays): the SDK
// variant measures span creation and export, not AsyncLocalStorage.
// All variants run interleaved in one process (the order rotates every round) so CPU frequency,
// GC and the server hit them alike; medians compared. Two passes like overhead.mjs: `network`
// (worker-thread node:http server on 127.0.0.1) and `inMemory` (a stub fetch, the library's CPU alone).
// The otel variants are skipped (and said so) until packages/opentelemetry is built and its
// @opentelemetry/* devDependencies are installed.
//   node bench/tracing.mjs [--calls 3000] [--warmup 300] [--vendor alteryx-server]
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { selectCases, skippedCases } from './cases/index.mjs';
import { distEntry, importDist, parseArgs, rootDir, round, summarize, table, writeResult } from './lib/common.mjs';
import { startSampleServer } from './lib/sample-worker.mjs';

const args = parseArgs();
const CALLS = Number(args.values.calls ?? 3000); // per variant
const WARMUP = Number(args.values.warmup ?? 300);
/** The in-memory exporter keeps every span: emptied this often so the heap does not grow through the run. */
const EXPORTER_RESET_EVERY = 200;

/** A contract implementation that does nothing: what core's policies cost by themselves. */
const noopInstrumentation = () => {
  const attempt = { headers: () => undefined, end: () => {} };
  const call = { run: (fn) => fn(), startAttempt: () => attempt, end: () => {} };
  const wait = { run: (fn) => fn(), poll: () => {}, end: () => {} };
  return { startCall: () => call, startWait: () => wait };
};

/** @jobwire/opentelemetry and the SDK pieces, or why they could not be loaded. */
async function loadOpenTelemetry() {
  if (!existsSync(distEntry('opentelemetry'))) return { missing: 'packages/opentelemetry/dist is not built' };
  try {
    const mod = await importDist('opentelemetry');
    // Resolved as Node resolves it for @jobwire/opentelemetry (the SDK has no exports map: its CommonJS main).
    const require = createRequire(path.join(rootDir, 'packages/opentelemetry/package.json'));
    const sdk = await import(pathToFileURL(require.resolve('@opentelemetry/sdk-trace-base')).href);
    const exporter = new sdk.InMemorySpanExporter();
    const processor = new sdk.SimpleSpanProcessor(exporter);
    // SDK 2.x takes its processors in the constructor; 1.x had addSpanProcessor.
    const provider = new sdk.BasicTracerProvider({ spanProcessors: [processor] });
    if (typeof provider.addSpanProcessor === 'function' && !provider._config?.spanProcessors)
      provider.addSpanProcessor(processor);
    const version = (name) =>
      JSON.parse(readFileSync(path.join(rootDir, 'packages/opentelemetry/node_modules', name, 'package.json'), 'utf8')).version;
    return {
      openTelemetry: mod.openTelemetry,
      provider,
      exporter,
      versions: {
        '@opentelemetry/api': version('@opentelemetry/api'),
        '@opentelemetry/sdk-trace-base': version('@opentelemetry/sdk-trace-base'),
      },
    };
  } catch (error) {
    return { missing: `could not load @jobwire/opentelemetry or the SDK: ${error?.message ?? error}` };
  }
}

/**
 * The vendor's module with its factory given `instrumentation` on top of the options the case
 * passes: the cases stay as they are, every variant makes its client the same way.
 */
function withInstrumentation(mod, factory, instrumentation) {
  if (!instrumentation) return mod;
  return { ...mod, [factory]: (connection, options) => mod[factory](connection, { ...options, instrumentation }) };
}

/** Times each variant once per round, rotating the order, `calls` rounds; µs per call. */
async function interleave(fns, calls, warmup, afterRound) {
  for (let i = 0; i < warmup; i++) for (const fn of fns) await fn();
  const times = fns.map(() => new Float64Array(calls));
  for (let i = 0; i < calls; i++) {
    for (let k = 0; k < fns.length; k++) {
      const v = (i + k) % fns.length;
      const t = performance.now();
      await fns[v]();
      times[v][i] = performance.now() - t;
    }
    afterRound?.(i);
  }
  return times.map((arr) => summarize(Array.from(arr, (ms) => ms * 1000)));
}

async function measureCase(c, variants, otel) {
  const mod = await importDist(c.pkg);
  const o = c.overhead;
  const body = readFileSync(path.join(rootDir, o.sample), 'utf8');
  const server = await startSampleServer({ body, contentType: o.contentType });
  const afterRound = otel.exporter ? (i) => i % EXPORTER_RESET_EVERY === 0 && otel.exporter.reset() : undefined;
  try {
    const baseUrl = `${server.origin}${o.basePath}`;
    const stubFetch = (request) => {
      void (request instanceof Request ? request : new Request(request));
      return Promise.resolve(new Response(body, { status: 200, headers: { 'content-type': o.contentType } }));
    };
    const pass = async (fetchImpl) => {
      const clients = variants.map((v) =>
        o.createClient(withInstrumentation(mod, c.factory, v.instrumentation), baseUrl, fetchImpl),
      );
      // Every variant decodes the same state (a variant that failed would be timing an error path).
      const states = await Promise.all(clients.map(async (client) => (await o.call(client, o.jobId))?.state));
      if (new Set(states).size !== 1) throw new Error(`${c.vendor}: variants read different states: ${states.join(', ')}`);
      const stats = await interleave(
        clients.map((client) => () => o.call(client, o.jobId)),
        CALLS,
        WARMUP,
        afterRound,
      );
      const base = stats[0].median;
      return Object.fromEntries(
        variants.map((v, i) => [
          v.name,
          {
            median: round(stats[i].median, 1),
            p90: round(stats[i].p90, 1),
            p99: round(stats[i].p99, 1),
            vsNone: round(stats[i].median / base),
          },
        ]),
      );
    };
    const network = await pass(undefined);
    const inMemory = await pass(stubFetch);
    // What the SDK variant exported for one call: proof that spans were made, and their names.
    let spansPerCall;
    if (otel.exporter) {
      otel.exporter.reset();
      const sdkClient = o.createClient(withInstrumentation(mod, c.factory, variants.at(-1).instrumentation), baseUrl, stubFetch);
      await o.call(sdkClient, o.jobId);
      spansPerCall = otel.exporter.getFinishedSpans().map((s) => s.name);
      otel.exporter.reset();
    }
    return { vendor: c.vendor, call: c.protocol === 'soap' ? 'getTaskStatus' : 'getJobStatus', network, inMemory, spansPerCall };
  } finally {
    await server.close();
  }
}

const otel = await loadOpenTelemetry();
const variants = [
  { name: 'none', instrumentation: undefined },
  { name: 'noop', instrumentation: noopInstrumentation() },
];
if (otel.openTelemetry) {
  variants.push({ name: 'otel-api', instrumentation: otel.openTelemetry() });
  variants.push({ name: 'otel-sdk', instrumentation: otel.openTelemetry({ tracerProvider: otel.provider }) });
}

const cases = selectCases(args);
const results = [];
for (const c of cases) results.push(await measureCase(c, variants, otel));
const file = writeResult('tracing', {
  unit: 'µs per call (sequential, one in flight)',
  method:
    'all variants interleaved in one process (order rotates each round), warm-up first, medians; vsNone = median / median of the client without instrumentation; network = worker-thread node:http server on 127.0.0.1; inMemory = stub fetch returning the same Response',
  callsPerVariant: CALLS,
  variants: variants.map((v) => v.name),
  ...(otel.missing ? { otelSkipped: otel.missing } : { otelVersions: otel.versions }),
  target: { 'otel-api': '≤ 1.01 × none' },
  skipped: skippedCases(args),
  results,
});

console.log(`\nTracing overhead (median µs per call, ${CALLS} calls each, interleaved) → ${path.relative(rootDir, file)}`);
if (otel.missing) console.log(`otel variants skipped: ${otel.missing}`);
const names = variants.map((v) => v.name);
console.log(
  table(
    ['vendor', 'pass', ...names.map((n) => `${n} µs`), ...names.slice(1).map((n) => `${n}/none`)],
    results.flatMap((r) =>
      ['network', 'inMemory'].map((p) => [
        r.vendor,
        p,
        ...names.map((n) => r[p][n].median),
        ...names.slice(1).map((n) => r[p][n].vsNone),
      ]),
    ),
  ),
);
