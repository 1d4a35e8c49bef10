// Hostile-server figures for the README's reliability table (issue 23), against the BUILT packages:
//   memory  — peak RSS of a client process reading a 500 MB answer and a 1 GiB gzip bomb, vs its
//             baseline (target: within 150 MB), one fresh process per vendor and case
//   silent  — time for 2,000 concurrent getJobStatus against a server that never answers to settle
//             (all rejected), with the client's default options (one deadline per call, 60 s)
//   secrets — credentials that reach another origin through redirects (target: 0)
// Loopback only; every child process is killed after a bound. Writes bench/results/hostile.json.
//   node bench/hostile.mjs [--vendor x] [--only memory,silent,secrets] [--calls 2000] [--silent-vendors all]
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { importDist, parseArgs, round, table, writeResult } from './lib/common.mjs';

const SECRET = 'BENCH-hostile-secret-5d2e';
const self = fileURLToPath(import.meta.url);
const serverScript = fileURLToPath(new URL('./hostile-server.mjs', import.meta.url));

/** Each vendor's client with a secret credential, and its status read. */
const VENDORS = {
  'alteryx-server': {
    make: (m, base, o) => m.createAlteryxServerClient({ baseUrl: base, accessToken: SECRET }, o),
    call: (c) => c.getJobStatus('job-1'),
  },
  'aspera-orchestrator': {
    make: (m, base, o) =>
      m.createAsperaOrchestratorClient({ baseUrl: base, auth: { type: 'query', login: 'admin', password: SECRET } }, o),
    call: (c) => c.getJobStatus({ workOrderId: '7' }),
  },
  'truesight-orchestration': {
    make: (m, base, o) => m.createTrueSightOrchestrationClient({ baseUrl: base, authToken: SECRET }, o),
    call: (c) => c.getJobStatus('job-1'),
  },
  'elma-rpa': {
    make: (m, base, o) => m.createElmaRpaClient({ baseUrl: base, authToken: SECRET }, o),
    call: (c) => c.getJobStatus(955),
  },
  'nagra-apubi': {
    make: (m, base, o) => m.createNagraApubiClient({ baseUrl: base, username: 'publisher', password: SECRET }, o),
    call: (c) => c.getJobStatus('task-1'),
  },
};

const maxRssMb = () => process.resourceUsage().maxRSS / 1024; // KiB → MiB
const describe = (error) => `${error?.name}: ${String(error?.message).slice(0, 110)}`;

async function child(args) {
  const vendor = VENDORS[args.values.vendor];
  const mod = await importDist(args.values.vendor);
  const base = args.values.base;
  if (args.values.child === 'memory') {
    const client = vendor.make(mod, base, { retry: false });
    globalThis.gc?.();
    await new Promise((r) => setTimeout(r, 200));
    const baseline = maxRssMb();
    const started = performance.now();
    const outcome = await vendor.call(client).then(
      () => 'resolved (unexpected)',
      (error) => describe(error),
    );
    return { baselineMb: round(baseline, 1), peakMb: round(maxRssMb(), 1), ms: round(performance.now() - started, 0), outcome };
  }
  if (args.values.child === 'silent') {
    const calls = Number(args.values.calls ?? 2000);
    const client = vendor.make(mod, base, {});
    const started = performance.now();
    const errors = {};
    let last = 0;
    await Promise.all(
      Array.from({ length: calls }, () =>
        vendor.call(client).then(
          () => undefined,
          (error) => {
            errors[error?.name] = (errors[error?.name] ?? 0) + 1;
            last = performance.now() - started;
          },
        ),
      ),
    );
    return { calls, settleS: round(last / 1000, 1), errors, peakMb: round(maxRssMb(), 1) };
  }
  // secrets: 20 status reads per vendor through a redirect to the collector (another origin)
  const client = vendor.make(mod, base, { retry: false });
  const outcomes = {};
  for (let i = 0; i < 20; i++) {
    const outcome = await vendor.call(client).then(
      () => 'resolved',
      (error) => error?.name,
    );
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  }
  return { outcomes };
}

/** Runs this file as a child with `args`, killed after `boundMs`; resolves with its JSON line. */
function runChild(args, boundMs, nodeFlags = []) {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [...nodeFlags, self, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stdout.on('data', (d) => (out += d));
    proc.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => proc.kill('SIGKILL'), boundMs);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(out.trim().split('\n').at(-1)));
      } catch {
        resolve({ failed: `exit ${code}${code === null ? ' (killed at the bound)' : ''}: ${err.slice(-300)}` });
      }
    });
  });
}

async function main() {
  const args = parseArgs();
  if (args.values.child) {
    process.stdout.write(`${JSON.stringify(await child(args))}\n`);
    process.exit(0);
  }
  const only = new Set((args.values.only ?? 'memory,silent,secrets').split(','));
  const vendors = args.values.vendor ? [args.values.vendor] : Object.keys(VENDORS);
  const silentVendors = args.values['silent-vendors'] === 'all' ? vendors : vendors.slice(0, 1);
  const server = spawn(process.execPath, [serverScript, SECRET], { stdio: ['ignore', 'pipe', 'inherit'] });
  const ready = await new Promise((resolve) => server.stdout.once('data', (d) => resolve(JSON.parse(String(d)))));
  const stats = async () => (await fetch(`${ready.url}/__stats`)).json();
  const result = { server: ready, memory: {}, silent: {}, secrets: {} };
  try {
    if (only.has('memory')) {
      for (const vendor of vendors) {
        for (const scenario of ['big', 'bomb']) {
          const r = await runChild(['--child', 'memory', '--vendor', vendor, '--base', `${ready.url}/${scenario}`], 120_000, [
            '--expose-gc',
          ]);
          result.memory[`${vendor} ${scenario}`] = { ...r, deltaMb: round(r.peakMb - r.baselineMb, 1) };
        }
      }
      result.memory.bigBytesWrittenByServer = (await stats()).bigWritten;
    }
    if (only.has('silent')) {
      for (const vendor of silentVendors) {
        result.silent[vendor] = await runChild(
          ['--child', 'silent', '--vendor', vendor, '--base', `${ready.url}/silent`, '--calls', args.values.calls ?? '2000'],
          150_000,
        );
      }
    }
    if (only.has('secrets')) {
      for (const vendor of vendors) {
        result.secrets[vendor] = await runChild(
          ['--child', 'secrets', '--vendor', vendor, '--base', `${ready.url}/redirect`],
          60_000,
        );
      }
      const s = await stats();
      result.secrets.redirectsServed = s.redirects;
      result.secrets.collectorRequests = s.collectorRequests;
      result.secrets.secretsAtCollector = s.secretsAtCollector;
    }
  } finally {
    server.kill('SIGTERM');
  }
  writeResult('hostile', result);
  const memoryRows = Object.entries(result.memory)
    .filter(([, r]) => typeof r === 'object')
    .map(([name, r]) => [name, r.baselineMb, r.peakMb, r.deltaMb, r.ms, r.outcome ?? r.failed]);
  if (memoryRows.length)
    console.log(`${table(['vendor case', 'baseline MB', 'peak MB', 'Δ MB', 'ms', 'outcome'], memoryRows)}\n`);
  const silentRows = Object.entries(result.silent).map(([v, r]) => [
    v,
    r.calls,
    r.settleS,
    JSON.stringify(r.errors),
    r.peakMb ?? r.failed,
  ]);
  if (silentRows.length) console.log(`${table(['vendor', 'calls', 'settled after s', 'errors', 'peak RSS MB'], silentRows)}\n`);
  if (only.has('secrets')) {
    console.log(
      `secrets: ${result.secrets.redirectsServed} redirects served, ${result.secrets.collectorRequests} requests reached the other origin, secrets found there: ${result.secrets.secretsAtCollector}`,
    );
  }
}

await main();
