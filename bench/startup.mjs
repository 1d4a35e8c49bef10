// Start-up: wall time of `node -e "import('<entry>')"` for each built package vs. `node -e 0` and vs.
// importing openapi-fetch alone (the baseline a REST user would otherwise pick). hyperfine is not
// installed here, so each command is run many times with spawnSync, the commands rotating every
// round (so machine drift hits all alike), and medians compared. The import is a dynamic import()
// of the dist entry by file URL, which is what `import('@jobwire/<vendor>')` resolves to.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { selectCases, skippedCases } from './cases/index.mjs';
import { distEntry, parseArgs, resolveFrom, rootDir, round, summarize, table, writeResult } from './lib/common.mjs';

const args = parseArgs();
const RUNS = Number(args.values.runs ?? 30);
const WARMUP = 3;

const importOf = (file) => `import(${JSON.stringify(pathToFileURL(file).href)}).catch((e)=>{console.error(e);process.exit(1)})`;
const cases = selectCases(args);
const commands = [
  { name: 'node -e 0', code: '0' },
  { name: 'openapi-fetch', code: importOf(resolveFrom('packages/alteryx-server', 'openapi-fetch')) },
  { name: 'fast-xml-parser', code: importOf(resolveFrom('packages/xml', 'fast-xml-parser')) },
  { name: '@jobwire/core', code: importOf(distEntry('core')) },
  ...cases.map((c) => ({ name: `@jobwire/${c.pkg}`, vendor: c.vendor, protocol: c.protocol, code: importOf(distEntry(c.pkg)) })),
];

function runOnce(code) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-e', code], { stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`node -e ${code} failed: ${r.stderr}`);
  return ms;
}

const times = commands.map(() => []);
for (let round_ = 0; round_ < WARMUP + RUNS; round_++) {
  // Rotate the starting command each round.
  for (let k = 0; k < commands.length; k++) {
    const i = (k + round_) % commands.length;
    const ms = runOnce(commands[i].code);
    if (round_ >= WARMUP) times[i].push(ms);
  }
}

const stats = commands.map((c, i) => ({ ...c, ms: summarize(times[i]) }));
const base = stats[0].ms.median;
const openapiFetch = stats[1].ms.median;
const results = stats.map((s) => ({
  name: s.name,
  vendor: s.vendor,
  protocol: s.protocol,
  medianMs: round(s.ms.median, 2),
  p10Ms: round(s.ms.p10, 2),
  p90Ms: round(s.ms.p90, 2),
  importCostMs: round(s.ms.median - base, 2),
  vsNodeE0: round(s.ms.median / base),
  vsOpenapiFetch: round(s.ms.median / openapiFetch),
  target: s.protocol === 'rest' ? 1.3 : undefined,
}));
const file = writeResult('startup', {
  unit: 'ms wall time of a whole `node -e` process',
  method: `${RUNS} runs each after ${WARMUP} warm-up rounds, commands rotated every round, medians; spawnSync timing`,
  runs: RUNS,
  skipped: skippedCases(args),
  results,
});

console.log(`\nStart-up (median ms of \`node -e "import(…)"\`, ${RUNS} runs each) → ${path.relative(rootDir, file)}`);
console.log(
  table(
    ['import', 'median ms', 'import cost ms', '× node -e 0', '× openapi-fetch', 'target'],
    results.map((r) => [r.name, r.medianMs, r.importCostMs, r.vsNodeE0, r.vsOpenapiFetch, r.target ? `≤ ${r.target}` : '']),
  ),
);
