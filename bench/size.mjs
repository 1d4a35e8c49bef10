// Size budgets: the min+gzip browser bundle an application gets for create…Client + getJobStatus +
// waitForJob, per REST package, vs. openapi-fetch alone doing the same GET. Built with esbuild's JS
// API (installed with tsup) from the packages' dist, tree-shaken the way an app bundler would, and
// gzipped with node:zlib at level 9. `--check` compares with size-budget.json and exits 1 when a
// package is over its budget (for CI). SOAP packages get a Node bundle size, reported only.
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { allCases, selectCases, skippedCases } from './cases/index.mjs';
import { benchDir, distEntry, loadEsbuild, parseArgs, resolveFrom, rootDir, table, writeResult } from './lib/common.mjs';

const args = parseArgs();
const check = args.flags.has('check');
const esbuild = loadEsbuild();
const budgetFile = JSON.parse(readFileSync(path.join(benchDir, 'size-budget.json'), 'utf8'));

/** Bundles `contents` (resolved from packages/<pkg>) and returns raw / min / min+gzip bytes and the biggest inputs. */
async function measure(contents, resolveDir, platform = 'browser') {
  try {
    return await build(contents, resolveDir, platform, []);
  } catch (error) {
    // A browser bundle that reaches for Node built-ins (even through a dynamic import) breaks app
    // bundlers. Report which, and measure again with them external so there is still a size.
    const builtins = [
      ...new Set((error.errors ?? []).map((e) => /Could not resolve "([^"]+)"/.exec(e.text)?.[1]).filter(Boolean)),
    ];
    if (
      platform !== 'browser' ||
      builtins.length === 0 ||
      !builtins.every((b) => builtinModules.includes(b.replace(/^node:/, '')))
    )
      throw error;
    const external = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
    return { ...(await build(contents, resolveDir, platform, external)), nodeBuiltinsInBrowserBundle: builtins };
  }
}

async function build(contents, resolveDir, platform, external) {
  const result = await esbuild.build({
    external,
    stdin: { contents, resolveDir, sourcefile: 'bench-entry.js', loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform,
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
    legalComments: 'none',
    // An app bundler defines NODE_ENV; nothing in these packages depends on it, but be fair to all.
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const code = result.outputFiles[0].contents;
  const output = Object.values(result.metafile.outputs)[0];
  // Group what ends up in the bundle by package, so an accidental dependency is visible.
  const byPackage = {};
  for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) {
    const m = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(file);
    const pkg = file.includes('bench-entry')
      ? '(entry)'
      : m
        ? m[1]
        : /packages\/([^/]+)\//.test(file)
          ? `@jobwire/${/packages\/([^/]+)\//.exec(file)[1]}`
          : file;
    byPackage[pkg] = (byPackage[pkg] ?? 0) + bytesInOutput;
  }
  return { minBytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length, byPackage };
}

const cases = selectCases(args);
const ofDir = path.join(rootDir, 'packages', 'alteryx-server');
const ofEntry = resolveFrom('packages/alteryx-server', 'openapi-fetch');

const baselineCall =
  cases.find((c) => c.size?.baselineCall)?.size.baselineCall ?? "client.GET('/jobs/{id}', { params: { path: { id } } })";
const baseline = await measure(
  `import createClient from ${JSON.stringify(ofEntry)};
   const client = createClient({ baseUrl: 'https://example.com/api' });
   export const getJob = (id) => ${baselineCall};`,
  ofDir,
);

const results = [
  { name: 'openapi-fetch', role: 'baseline', platform: 'browser', ...baseline, budget: budgetFile.baselines?.['openapi-fetch'] },
];
for (const c of cases) {
  const entry = distEntry(c.pkg);
  const platform = c.protocol === 'soap' ? 'node' : 'browser';
  const connection = JSON.stringify(c.size?.connection ?? { baseUrl: 'https://example.com' });
  const measured = await measure(
    `import { ${c.factory} } from ${JSON.stringify(entry)};
     const client = ${c.factory}(${connection});
     export const status = (id) => client.${c.protocol === 'soap' ? 'getTaskStatus' : 'getJobStatus'}(id);
     export const wait = (id) => client.waitForJob(id);`,
    path.join(rootDir, 'packages', c.pkg),
    platform,
  );
  results.push({
    name: `@jobwire/${c.pkg}`,
    vendor: c.vendor,
    role: c.protocol === 'soap' ? 'report-only (node bundle)' : 'budgeted',
    platform,
    ...measured,
    vsOpenapiFetch: Number((measured.gzipBytes / baseline.gzipBytes).toFixed(2)),
    budget: c.protocol === 'soap' ? undefined : budgetFile.budgets[c.vendor],
  });
}

const over = results.filter((r) => (r.budget !== undefined && r.gzipBytes > r.budget) || r.nodeBuiltinsInBrowserBundle);
const missingBudget = results.filter((r) => r.role === 'budgeted' && r.budget === undefined);
const file = writeResult('size', {
  unit: 'bytes',
  method:
    'esbuild bundle+minify (format esm, target es2022) of an entry that creates the client and calls getJobStatus + waitForJob; gzip level 9 (node:zlib)',
  skipped: skippedCases(args),
  casesKnown: allCases.map((c) => c.vendor),
  results,
});

console.log(`\nBundle size (min+gzip bytes, browser unless noted) → ${path.relative(rootDir, file)}`);
console.log(
  table(
    ['bundle', 'platform', 'min', 'min+gzip', '× openapi-fetch', 'budget', 'ok', 'largest parts (min bytes)'],
    results.map((r) => [
      r.name,
      r.platform,
      r.minBytes,
      r.gzipBytes,
      r.vsOpenapiFetch ?? 1,
      r.budget ?? '',
      r.nodeBuiltinsInBrowserBundle
        ? `NODE: ${r.nodeBuiltinsInBrowserBundle.join(' ')}`
        : r.budget === undefined
          ? ''
          : r.gzipBytes <= r.budget
            ? 'yes'
            : 'OVER',
      Object.entries(r.byPackage)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
    ]),
  ),
);
if (check) {
  for (const r of missingBudget) console.error(`size: ${r.name} has no budget in bench/size-budget.json`);
  for (const r of over) {
    if (r.nodeBuiltinsInBrowserBundle)
      console.error(`size: ${r.name} imports Node built-ins in a browser bundle: ${r.nodeBuiltinsInBrowserBundle.join(', ')}`);
    if (r.gzipBytes > r.budget) console.error(`size: ${r.name} is ${r.gzipBytes} B min+gzip, over its budget of ${r.budget} B`);
  }
  if (over.length || missingBudget.length) process.exitCode = 1;
}
