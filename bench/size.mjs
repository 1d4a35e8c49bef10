// Size budgets: the min+gzip browser bundle an application gets for create…Client + getJobStatus +
// waitForJob, per REST package, vs. openapi-fetch alone doing the same GET. Built with esbuild's JS
// API (installed with tsup) from the packages' dist, tree-shaken the way an app bundler would, and
// gzipped with node:zlib at level 9. `--check` compares with size-budget.json and exits 1 when a
// package is over its budget (for CI). SOAP packages get a Node bundle size, reported only.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
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

/**
 * Bundles with code splitting, as app bundlers do with `import()`: what the entry loads up front
 * (the entry file and the chunks it imports statically) is the budgeted size; chunks reached only
 * through `import()` (e.g. the XML parser of a client whose XML path is optional) are reported
 * apart as `lazy`. Each file is gzipped on its own, as it would be served.
 */
async function build(contents, resolveDir, platform, external) {
  // Splitting needs a real entry file; it lives next to the package so it resolves the same way.
  const entryFile = path.join(resolveDir, `.bench-size-entry-${process.pid}.mjs`);
  writeFileSync(entryFile, contents);
  let result;
  try {
    result = await esbuild.build({
      external,
      entryPoints: [entryFile],
      outdir: path.join(benchDir, 'results', 'tmp', 'size-out'),
      bundle: true,
      splitting: true,
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
  } finally {
    rmSync(entryFile, { force: true });
  }
  const outputs = result.metafile.outputs;
  const code = new Map(result.outputFiles.map((f) => [path.relative(process.cwd(), f.path), f.contents]));
  const entryOut = Object.keys(outputs).find((k) => outputs[k].entryPoint);
  // Files loaded up front: the entry and, transitively, its static imports.
  const upfront = new Set();
  const visit = (file) => {
    if (upfront.has(file)) return;
    upfront.add(file);
    for (const i of outputs[file].imports) if (i.kind === 'import-statement' && outputs[i.path]) visit(i.path);
  };
  visit(entryOut);
  const lazy = Object.keys(outputs).filter((k) => !upfront.has(k) && !k.endsWith('.map'));
  const sizes = (files) =>
    files.reduce(
      (acc, f) => {
        const bytes = code.get(f);
        return { min: acc.min + bytes.length, gzip: acc.gzip + gzipSync(bytes, { level: 9 }).length };
      },
      { min: 0, gzip: 0 },
    );
  const initial = sizes([...upfront]);
  const later = sizes(lazy);
  // Group what is loaded up front by package, so an accidental dependency is visible.
  const byPackage = {};
  for (const file of upfront) {
    for (const [input, { bytesInOutput }] of Object.entries(outputs[file].inputs)) {
      const m = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(input);
      const pkg = input.includes('.bench-size-entry')
        ? '(entry)'
        : m
          ? m[1]
          : /packages\/([^/]+)\//.test(input)
            ? `@jobwire/${/packages\/([^/]+)\//.exec(input)[1]}`
            : input;
      byPackage[pkg] = (byPackage[pkg] ?? 0) + bytesInOutput;
    }
  }
  return {
    minBytes: initial.min,
    gzipBytes: initial.gzip,
    files: upfront.size,
    lazy: lazy.length ? { files: lazy.length, minBytes: later.min, gzipBytes: later.gzip } : undefined,
    byPackage,
  };
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
    budget: c.protocol === 'soap' ? undefined : c.size?.budget,
    target: c.protocol === 'soap' ? undefined : budgetFile.target,
  });
}

const over = results.filter((r) => (r.budget !== undefined && r.gzipBytes > r.budget) || r.nodeBuiltinsInBrowserBundle);
const missingBudget = results.filter((r) => r.role === 'budgeted' && r.budget === undefined);
const file = writeResult('size', {
  unit: 'bytes',
  method:
    'esbuild bundle+minify+splitting (format esm, target es2022) of an entry that creates the client and calls getJobStatus + waitForJob; min+gzip = the files loaded up front (entry + static chunks), each gzipped at level 9 (node:zlib); chunks reached only through import() are reported as lazy',
  skipped: skippedCases(args),
  casesKnown: allCases.map((c) => c.vendor),
  results,
});

console.log(`\nBundle size (min+gzip bytes, browser unless noted) → ${path.relative(rootDir, file)}`);
console.log(
  table(
    [
      'bundle',
      'platform',
      'min',
      'min+gzip',
      '× openapi-fetch',
      'budget',
      'ok',
      'lazy chunks min+gzip',
      'largest parts up front (min bytes)',
    ],
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
      r.lazy ? `${r.lazy.gzipBytes} (${r.lazy.files})` : '',
      Object.entries(r.byPackage)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
    ]),
  ),
);
if (check) {
  for (const r of missingBudget) console.error(`size: ${r.name} has no budget (size.budget in bench/cases/${r.vendor}.mjs)`);
  for (const r of over) {
    if (r.nodeBuiltinsInBrowserBundle)
      console.error(`size: ${r.name} imports Node built-ins in a browser bundle: ${r.nodeBuiltinsInBrowserBundle.join(', ')}`);
    if (r.gzipBytes > r.budget) console.error(`size: ${r.name} is ${r.gzipBytes} B min+gzip, over its budget of ${r.budget} B`);
  }
  if (over.length || missingBudget.length) process.exitCode = 1;
}
