#!/usr/bin/env node
// Install as a user would: packs every package (`pnpm pack`, which turns `workspace:` ranges into
// real versions), checks what each tarball contains, then installs each package alone (with only
// the @jobwire tarballs it depends on, pointed at through npm `overrides`) into a scratch project
// outside the workspace with npm — no workspace links — and
//   - runs a small script as ESM (.mjs) and as CommonJS (.cjs): through the vendor's definition,
//     start its demo job on the vendor's simulator (started here, from the workspace build), read
//     its status, wait for it;
//   - type-checks a typed usage example with `tsc --noEmit`, skipLibCheck false, under every
//     resolution a user's project may have: NodeNext (as an ES module and as CommonJS), Bundler and
//     node10 (module commonjs); the example imports every subpath of every @jobwire package
//     installed and fails when a key type is `any`; first without the package's optional peers
//     (APUBI's `soap`), then with them; no @types package may come with ours;
//   - for the CLI, runs the installed `jobwire` bin (`--help`, `demo`) and loads its library entry
//     from ESM and CJS; for the testkit (installed with one vendor package), starts and stops that
//     vendor's simulator from ESM and CJS.
// Needs `pnpm build` first. Writes .tmp/check-install.json; exits non-zero listing every failure.
// Usage: node tools/check-install.mjs [--keep] [package-folder ...]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBuiltDefinition, workspaceVendors } from './lib/vendors.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const keep = args.includes('--keep');
const only = args.filter((arg) => !arg.startsWith('--'));
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const typeRoots = join(root, 'node_modules/@types');

// Every vendor package of the workspace (its package.json says `"jobwire": { "vendor": … }`): each is
// exercised through its own definition (`@jobwire/<vendor>/definition`), so nothing here names one.
const VENDORS = workspaceVendors()
  .map((vendor) => vendor.dir)
  .filter((dir) => only.length === 0 || only.includes(dir));

const failures = [];
const fail = (where, message) => {
  failures.push(`${where}: ${message}`);
  console.log(`  ✗ ${where}: ${message}`);
};
const ok = (where, message) => console.log(`  ✓ ${where}${message ? `: ${message}` : ''}`);

function run(command, commandArgs, options = {}) {
  const result = spawnSync(command, commandArgs, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  return {
    code: result.status ?? 1,
    out: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`,
  };
}

/** Async spawn, so the parent's simulators keep answering while the child runs. */
function runAsync(command, commandArgs, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, out });
    });
  });
}

const pnpmCommand = () =>
  process.env.npm_execpath && /pnpm/.test(process.env.npm_execpath)
    ? [process.execPath, [process.env.npm_execpath]]
    : ['npx', ['-y', 'pnpm@10.34.9']];

// ---------------------------------------------------------------------------------------------
const allDirs = readdirSync(join(root, 'packages')).filter((dir) => existsSync(join(root, 'packages', dir, 'package.json')));
const manifests = Object.fromEntries(
  allDirs.map((dir) => [dir, JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8'))]),
);

/** The @jobwire packages a package needs, transitively (from the workspace manifests). */
function closure(name, seen = new Set()) {
  if (seen.has(name)) return seen;
  seen.add(name);
  const manifest = Object.values(manifests).find((m) => m.name === name);
  for (const dep of Object.keys(manifest?.dependencies ?? {})) if (dep.startsWith('@jobwire/')) closure(dep, seen);
  return seen;
}

// The packages named (all when none is), with the @jobwire packages they depend on.
const wanted = new Set(
  allDirs.filter((dir) => only.length === 0 || only.includes(dir)).flatMap((dir) => [...closure(manifests[dir].name)]),
);
const packageDirs = allDirs.filter((dir) => wanted.has(manifests[dir].name));
for (const dir of packageDirs) {
  if (!existsSync(join(root, 'packages', dir, 'dist'))) {
    console.error(`packages/${dir}/dist is missing: run pnpm build first`);
    process.exit(1);
  }
}

const scratch = mkdtempSync(join(tmpdir(), 'jobwire-install-'));
const tarballDir = join(scratch, 'tarballs');
mkdirSync(tarballDir);
console.log(`scratch: ${scratch}`);

// 1. Pack ---------------------------------------------------------------------------------------
console.log('\n# pack');
const tarballs = {};
const report = { scratch, packages: {} };
const [pnpmBin, pnpmArgs] = pnpmCommand();
for (const dir of packageDirs) {
  const before = new Set(readdirSync(tarballDir));
  const packed = run(pnpmBin, [...pnpmArgs, 'pack', '--pack-destination', tarballDir], { cwd: join(root, 'packages', dir) });
  const created = readdirSync(tarballDir).filter((file) => file.endsWith('.tgz') && !before.has(file));
  if (packed.code !== 0 || created.length !== 1) {
    fail(dir, `pnpm pack failed:\n${packed.out}`);
    continue;
  }
  tarballs[manifests[dir].name] = join(tarballDir, created[0]);
}

// 2. Contents -----------------------------------------------------------------------------------
console.log('\n# tarball contents');
const MUST = [
  'package/package.json',
  'package/README.md',
  'package/CHANGELOG.md',
  'package/LICENSE',
  'package/dist/index.js',
  'package/dist/index.d.ts',
];
for (const dir of packageDirs) {
  const name = manifests[dir].name;
  const tarball = tarballs[name];
  if (!tarball) continue;
  const listing = run('tar', ['tzvf', tarball]).out.trim().split('\n');
  const files = listing.map((line) => line.split(/\s+/).slice(5).join(' ')).sort();
  const unpacked = listing.reduce((sum, line) => sum + Number(line.split(/\s+/)[2] ?? 0), 0);
  const must = [...MUST, 'package/dist/index.cjs', 'package/dist/index.d.cts'];
  const allowed = (file) =>
    /^package\/(package\.json|README\.md|CHANGELOG\.md|LICENSE)$/.test(file) ||
    (/^package\/dist\/[^/]+\.(js|cjs|mjs|d\.ts|d\.cts|d\.mts|map)$/.test(file) && !/\.(test|spec)\./.test(file)) ||
    // REST packages export their OpenAPI document as `./openapi.json` (intended).
    (manifests[dir].exports?.['./openapi.json'] !== undefined && file === 'package/src/generated/openapi.json');
  const missing = must.filter((file) => !files.includes(file));
  const extra = files.filter((file) => !allowed(file));
  const packedManifest = JSON.parse(run('tar', ['xzOf', tarball, 'package/package.json']).out);
  const problems = [];
  if (missing.length) problems.push(`missing ${missing.join(', ')}`);
  if (extra.length) problems.push(`unexpected ${extra.join(', ')}`);
  const ranges = { ...packedManifest.dependencies, ...packedManifest.peerDependencies, ...packedManifest.optionalDependencies };
  const workspaceRanges = Object.entries(ranges).filter(([, range]) => String(range).startsWith('workspace:'));
  if (workspaceRanges.length) problems.push(`workspace: ranges left in the packed manifest: ${workspaceRanges.map(([n]) => n)}`);
  for (const field of ['repository', 'license', 'keywords', 'engines', 'files', 'description']) {
    if (packedManifest[field] === undefined) problems.push(`package.json has no "${field}"`);
  }
  const minNode = Number(/>=\s*(\d+)/.exec(packedManifest.engines?.node ?? '')?.[1] ?? 0);
  if (minNode < 20) problems.push(`engines.node should be >= 20 (is ${JSON.stringify(packedManifest.engines?.node)})`);
  const size = statSync(tarball).size;
  report.packages[name] = { tarball: tarball.split('/').pop(), size, unpacked, files };
  if (problems.length) fail(name, problems.join('; '));
  else ok(name, `${(size / 1024).toFixed(1)} kB packed, ${(unpacked / 1024).toFixed(1)} kB unpacked, ${files.length} files`);
}

// 3. Install each package alone and use it --------------------------------------------------------
/** A package's peer dependencies, the optional ones only or the required ones only. */
function peersOf(name, optional) {
  const manifest = Object.values(manifests).find((m) => m.name === name) ?? {};
  return Object.fromEntries(
    Object.entries(manifest.peerDependencies ?? {}).filter(
      ([peer]) => (manifest.peerDependenciesMeta?.[peer]?.optional === true) === optional,
    ),
  );
}

/**
 * Installs `name` (with `alongside`) alone in a new project, with its required peers; its optional
 * peers only with `optionalPeers` (a user installs those only for what needs them: APUBI's
 * `client.soap()` needs `soap`).
 */
async function install(label, name, alongside = [], { optionalPeers = false } = {}) {
  const project = join(scratch, label);
  mkdirSync(project);
  const needed = [...new Set([name, ...alongside].flatMap((dep) => [...closure(dep)]))];
  const specs = Object.fromEntries(needed.map((dep) => [dep, `file:${tarballs[dep]}`]));
  const peers = { ...peersOf(name, false), ...(optionalPeers ? peersOf(name, true) : {}) };
  const dependencies = { ...peers, ...Object.fromEntries([name, ...alongside].map((dep) => [dep, specs[dep]])) };
  writeFileSync(
    join(project, 'package.json'),
    `${JSON.stringify({ name: `install-check-${label}`, private: true, dependencies, overrides: specs }, null, 2)}\n`,
  );
  const started = Date.now();
  const result = await runAsync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: project,
    timeoutMs: 300_000,
  });
  if (result.code !== 0) {
    fail(label, `npm install failed:\n${result.out}`);
    return undefined;
  }
  // Proof of "no workspace links": every @jobwire package is a real folder inside the project.
  for (const dep of needed) {
    const folder = join(project, 'node_modules', dep);
    const real = run('realpath', [folder]).out.trim();
    if (!real.startsWith(project)) fail(label, `${dep} resolves outside the project (${real})`);
  }
  ok(label, `npm install ${needed.join(' + ')} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  // No type package comes with ours (issue 22: @types/sax brought @types/node@26 into Node 20
  // projects): the user's own @types/node stays the only one.
  const typePackages = existsSync(join(project, 'node_modules/@types')) ? readdirSync(join(project, 'node_modules/@types')) : [];
  if (!optionalPeers && typePackages.length) fail(label, `installs type packages: ${typePackages.map((t) => `@types/${t}`)}`);
  return project;
}

const usageRuntime = (vendor, format) => {
  const head =
    format === 'esm'
      ? `import { definition } from '@jobwire/${vendor}/definition';\nimport * as vendor from '@jobwire/${vendor}';\nimport { JobwireError } from '@jobwire/core';\n`
      : `const { definition } = require('@jobwire/${vendor}/definition');\nconst vendor = require('@jobwire/${vendor}');\nconst { JobwireError } = require('@jobwire/core');\n`;
  return `${head}
const settings = JSON.parse(process.env.JOBWIRE_CHECK_SETTINGS);
async function main() {
  // The root entry: one create…Client factory, and core's public API re-exported (one package is enough).
  const factories = Object.keys(vendor).filter((name) => /^create\\w+Client$/.test(name));
  if (factories.length === 0 || vendor.JobwireError !== JobwireError) throw new Error('the root entry lacks a factory or core');
  const session = definition.connect(settings);
  const id = await session.startJob(definition.start.demo);
  const first = await session.getJobStatus(id);
  const final = await session.waitForJob(id, { timeoutMs: 30000, minDelayMs: 100, maxDelayMs: 300 });
  // One @jobwire/core in the tree: the vendor's errors are the user's JobwireError.
  const missing = await session.getJobStatus('999999').catch((error) => error);
  if (!(missing instanceof JobwireError)) throw new Error(\`not a JobwireError: \${missing}\`);
  console.log(JSON.stringify({ format: '${format}', id, first: first.state, final: final.state, done: final.done, missing: missing.name }));
}
main().catch((error) => { console.error(error); process.exit(1); });
`;
};

// Type-level checks shared by every typed example. A type that is `any` — or the error type an
// import a library's .d.ts cannot resolve leaves behind (issue 22: TrueSight's `OutputValue` became
// that under node10, silently with skipLibCheck) — is assignable to a unique symbol; a real type is
// not. So each key type is assigned to one under `@ts-expect-error`: when it is `any` the directive
// is unused, which fails the check. (A conditional `IsAny<T>` cannot see the error type: a
// conditional type over it is the error type again, which satisfies any constraint.)
const TYPE_HELPERS = `declare const anyProbe: unique symbol;
/** Only \`any\` (and \`never\`) is assignable to this. */
type AnyProbe = typeof anyProbe;
type IsAny<T> = 0 extends 1 & T ? true : false;
/** The names of a module's value exports that are typed \`any\` (never when there is none). */
type AnyExports<M> = { [K in keyof M]-?: IsAny<M[K]> extends true ? K : never }[keyof M];
/** Fails to compile, naming what is \`any\`, unless given never. */
type NoneAny<T extends never> = T;
`;

// Key types that must stay types (not `any`) in every resolution mode, by module; `$` is the
// module's namespace import. Value exports of every subpath are checked without a list (AnyExports).
const KEY_TYPES = {
  '@jobwire/core': ['$.JobStatus', '$.JobState', '$.ClientOptions', '$.WaitOptions', '$.JobSource'],
  '@jobwire/core/definition': ['$.VendorDefinition', '$.Settings', '$.VendorSession'],
  '@jobwire/core/internal': ['$.HttpTransport', '$.ErrorResponse'],
  '@jobwire/core/simulator': ['$.Simulator', '$.SimRequest'],
  '@jobwire/core/node': ['$.RequestBodyLimits'],
  '@jobwire/xml': ['$.XmlNode', '$.XmlElement'],
  // Issue 22: `OutputValue` (the XML parser's XmlNode) became `any` under node10 with skipLibCheck.
  '@jobwire/truesight-orchestration': ['$.OutputValue', "$.TrueSightJob['outputs'][string]"],
  // client.soap()'s type is APUBI's own (no node-soap types): it resolves without `soap` installed.
  '@jobwire/nagra-apubi': [
    '$.NagraApubiClient',
    '$.ApubiClient',
    "Awaited<ReturnType<$.NagraApubiClient['soap']>>",
    "Awaited<ReturnType<$.ApubiClient['GetTaskStatusAsync']>>[0]",
  ],
  '@jobwire/elma-rpa/node': ['$.ElmaCallbackReceiver'],
};

/** Every public subpath of a package (its `exports` keys but ./package.json), as import specifiers. */
const subpathsOf = (name) =>
  Object.keys(Object.values(manifests).find((m) => m.name === name)?.exports ?? { '.': '' })
    .filter((key) => key !== './package.json')
    .map((key) => (key === '.' ? name : `${name}/${key.slice(2)}`));

/**
 * The typed example, in the import syntax of one resolution mode: `esm` (NodeNext, .mts), `cjs`
 * (NodeNext, .cts), `bundler` and `node10` (.ts). It imports every subpath of every @jobwire package
 * installed (the package and the @jobwire packages it depends on), JSON documents included.
 */
const usageTyped = (vendor, mode) => {
  const modules = [...closure(`@jobwire/${vendor}`)].flatMap(subpathsOf);
  const imports = modules.map((specifier, i) => {
    if (!specifier.endsWith('.json')) return `import * as m${i} from '${specifier}';`;
    if (mode === 'esm') return `import m${i} from '${specifier}' with { type: 'json' };`;
    if (mode === 'bundler') return `import m${i} from '${specifier}';`;
    return `import m${i} = require('${specifier}');`;
  });
  const checks = modules.flatMap((specifier, i) => {
    if (specifier.endsWith('.json')) {
      // An OpenAPI document, typed from its JSON (resolveJsonModule).
      return [
        `// @ts-expect-error ${specifier} is typed from its JSON, not any`,
        `export const json${i}: AnyProbe = null as unknown as typeof m${i};`,
        `export const openapi${i}: string = m${i}.openapi;`,
      ];
    }
    const keyTypes = (KEY_TYPES[specifier] ?? []).flatMap((type, k) => [
      `// @ts-expect-error ${specifier}: ${type} is a type, not any`,
      `export const key${i}_${k}: AnyProbe = null as unknown as ${type.replaceAll('$', `m${i}`)};`,
    ]);
    return [`type _values${i} = NoneAny<AnyExports<typeof m${i}>>;`, ...keyTypes];
  });
  return `${imports.join('\n')}
import { type JobState, type JobStatus, JobwireError, waitForJob } from '@jobwire/core';
import type { Settings, VendorDefinition } from '@jobwire/core/definition';
import { definition } from '@jobwire/${vendor}/definition';
import * as vendor from '@jobwire/${vendor}';

${TYPE_HELPERS}
// Every subpath resolves, and nothing it exports is \`any\`.
${checks.join('\n')}

declare const settings: Settings;

export async function main(): Promise<JobState> {
  const described: VendorDefinition = definition;
  const session = described.connect(settings);
  const id: string = await session.startJob(definition.start.demo);
  const status: JobStatus = await session.getJobStatus(id);
  const done: boolean = status.done;
  const vendorStatus: string = status.vendorStatus;
  const final = await session.waitForJob(id, {
    timeoutMs: 60_000,
    onProgress: (s: JobStatus) => void s.state,
  });
  // The vendor's root entry re-exports core's public API, typed the same.
  const viaVendor: typeof waitForJob = vendor.waitForJob;
  const viaCore = await viaVendor(session.client, id, { timeoutMs: 1_000 });
  try {
    await session.getJobStatus('missing');
  } catch (error) {
    if (error instanceof vendor.JobwireError && error instanceof JobwireError) return error.vendor === '${vendor}' ? 'unknown' : 'failed';
  }
  void done;
  void vendorStatus;
  void viaCore;
  // @ts-expect-error a JobState is one of six words
  const wrong: JobState = 'done';
  void wrong;
  return final.state;
}
`;
};

/** tsc's output, each unused `@ts-expect-error` (a key type that is `any`) followed by what it expected. */
function explained(project, out) {
  return out.replace(/^(\S+)\((\d+),\d+\): error TS2578: .*$/gm, (line, file, number) => {
    const directive = readFileSync(join(project, file), 'utf8').split('\n')[Number(number) - 1] ?? '';
    return `${line}\n    ${directive.replace(/^\s*\/\/ @ts-expect-error /, 'expected: ')}`;
  });
}

/**
 * The consumer type check, one tsc run per resolution mode a user's project may have, never with
 * skipLibCheck (every installed .d.ts is checked, so an import a library's types cannot resolve is
 * an error here, not a silent `any`). Node types: the workspace's @types/node (Node 20).
 */
function typecheck(label, project, vendor) {
  const base = {
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    resolveJsonModule: true,
    target: 'ES2022',
    lib: ['ES2022', 'DOM'],
    typeRoots: [typeRoots],
    types: ['node'],
  };
  const configs = {
    // NodeNext: an ES module and a CommonJS one, each under the package's `exports` conditions.
    NodeNext: {
      compilerOptions: { ...base, module: 'NodeNext', moduleResolution: 'NodeNext' },
      files: { 'usage.mts': 'esm', 'usage.cts': 'cjs' },
    },
    Bundler: {
      compilerOptions: { ...base, module: 'ESNext', moduleResolution: 'Bundler' },
      files: { 'usage-bundler.ts': 'bundler' },
    },
    // node10 (most CommonJS projects): no `exports`; subpaths through `typesVersions`.
    node10: {
      compilerOptions: { ...base, module: 'commonjs', moduleResolution: 'node10' },
      files: { 'usage-node10.ts': 'node10' },
    },
  };
  for (const [resolution, { compilerOptions, files }] of Object.entries(configs)) {
    for (const [file, mode] of Object.entries(files)) writeFileSync(join(project, file), usageTyped(vendor, mode));
    const config = join(project, `tsconfig.${resolution.toLowerCase()}.json`);
    writeFileSync(config, JSON.stringify({ compilerOptions, files: Object.keys(files) }, null, 2));
    const result = run(process.execPath, [tsc, '-p', config], { cwd: project });
    const what = `tsc --noEmit, moduleResolution ${resolution}, skipLibCheck false (${Object.keys(files).join(', ')})`;
    if (result.code === 0) ok(label, what);
    else fail(label, `${what} failed:\n${explained(project, result.out)}`);
  }
}

async function runScripts(label, project, vendor) {
  writeFileSync(join(project, 'run.mjs'), usageRuntime(vendor, 'esm'));
  writeFileSync(join(project, 'run.cjs'), usageRuntime(vendor, 'cjs'));
  // The simulator runs here, from the workspace build; the scripts get only the settings reaching it.
  const kit = await (await loadBuiltDefinition(workspaceVendors().find((v) => v.dir === vendor))).simulator();
  for (const script of ['run.mjs', 'run.cjs']) {
    const simulator = await kit.start({ queuedMs: 100, runningMs: 300 });
    try {
      const result = await runAsync(process.execPath, [script], {
        cwd: project,
        env: { ...process.env, JOBWIRE_CHECK_SETTINGS: JSON.stringify(kit.settings(simulator)) },
      });
      const line = result.out.trim().split('\n').pop() ?? '';
      let parsed;
      try {
        parsed = JSON.parse(line);
      } catch {}
      if (result.code === 0 && parsed?.final === 'succeeded' && parsed.done === true) ok(label, `node ${script} → ${line}`);
      else fail(label, `node ${script} exited ${result.code}:\n${result.out}`);
    } finally {
      await simulator.close();
    }
  }
}

const started = Date.now();

// The typed examples get Node's types from the workspace's @types/node: those of the oldest Node
// the packages support (engines), so a package's types needing a newer Node fail here.
const nodeTypes = JSON.parse(readFileSync(join(typeRoots, 'node/package.json'), 'utf8')).version;
const oldestNode = /(\d+)/.exec(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines?.node ?? '')?.[1];
console.log('\n# typed examples');
if (nodeTypes.split('.')[0] !== oldestNode) fail('@types/node', `is ${nodeTypes}, not Node ${oldestNode}'s (engines)`);
else ok('@types/node', `${nodeTypes} for the typed examples (engines: Node ${oldestNode})`);

for (const vendor of VENDORS.filter((v) => packageDirs.includes(v))) {
  console.log(`\n# @jobwire/${vendor} alone`);
  const project = await install(vendor, `@jobwire/${vendor}`);
  if (!project) continue;
  // First without its optional peers (APUBI's `soap`): what a user who does not call what needs
  // them has, and the types must compile all the same.
  const optionalPeers = Object.entries(peersOf(`@jobwire/${vendor}`, true));
  const present = optionalPeers.filter(([peer]) => existsSync(join(project, 'node_modules', peer)));
  if (present.length) fail(vendor, `optional peers installed without being asked for: ${present.map(([peer]) => peer)}`);
  else if (optionalPeers.length) ok(vendor, `installed without its optional peers (${optionalPeers.map(([peer]) => peer)})`);
  await runScripts(vendor, project, vendor);
  typecheck(vendor, project, vendor);
  // Then with its optional peers installed too (APUBI's `soap`, for client.soap()): the types
  // still check in every mode beside them.
  const optional = optionalPeers.map(([peer, range]) => `${peer}@${range}`);
  if (optional.length === 0) continue;
  const added = await runAsync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...optional], {
    cwd: project,
    timeoutMs: 300_000,
  });
  if (added.code !== 0) fail(vendor, `npm install ${optional.join(' ')} failed:\n${added.out}`);
  else typecheck(`${vendor} + ${optional.join(' + ')}`, project, vendor);
}

// The testkit with one vendor package beside it: `startSimulator(vendor)` loads that package's
// simulator at run time (the testkit depends on no vendor package).
const testkitVendor = VENDORS.find((v) => packageDirs.includes(v));
if (packageDirs.includes('testkit') && testkitVendor) {
  console.log(`\n# @jobwire/testkit with @jobwire/${testkitVendor}`);
  const project = await install('testkit', '@jobwire/testkit', [`@jobwire/${testkitVendor}`], { optionalPeers: true });
  if (project) {
    writeFileSync(
      join(project, 'run.mjs'),
      `import { startSimulator } from '@jobwire/testkit';\nconst sim = await startSimulator('${testkitVendor}');\nconsole.log(JSON.stringify({ format: 'esm', url: sim.url }));\nawait sim.close();\n`,
    );
    writeFileSync(
      join(project, 'run.cjs'),
      `const { startSimulator } = require('@jobwire/testkit');\nstartSimulator('${testkitVendor}').then(async (sim) => { console.log(JSON.stringify({ format: 'cjs', url: sim.url })); await sim.close(); });\n`,
    );
    for (const script of ['run.mjs', 'run.cjs']) {
      const result = await runAsync(process.execPath, [script], { cwd: project });
      if (result.code === 0 && /127\.0\.0\.1/.test(result.out)) ok('testkit', `node ${script} → ${result.out.trim()}`);
      else fail('testkit', `node ${script} exited ${result.code}:\n${result.out}`);
    }
  }
}

// Library packages that are neither a vendor, the testkit nor the CLI (@jobwire/bullmq,
// @jobwire/opentelemetry, @jobwire/xml): each installed alone, with its peers, loads from ESM and CJS
// and exports what its root names.
const libraries = packageDirs.filter(
  (dir) => !VENDORS.includes(dir) && !['cli', 'testkit', 'core'].includes(dir) && !manifests[dir].jobwire?.vendor,
);
for (const dir of libraries) {
  const name = manifests[dir].name;
  console.log(`\n# ${name} alone`);
  const project = await install(dir, name);
  if (!project) continue;
  writeFileSync(join(project, 'run.mjs'), `import * as lib from '${name}';\nconsole.log(Object.keys(lib).length);\n`);
  writeFileSync(join(project, 'run.cjs'), `const lib = require('${name}');\nconsole.log(Object.keys(lib).length);\n`);
  for (const script of ['run.mjs', 'run.cjs']) {
    const result = await runAsync(process.execPath, [script], { cwd: project });
    if (result.code === 0 && Number(result.out.trim()) > 0) ok(dir, `node ${script}: '${name}' → ${result.out.trim()} exports`);
    else fail(dir, `node ${script}: '${name}' failed:\n${result.out}`);
  }
}

if (packageDirs.includes('cli')) {
  console.log('\n# @jobwire/cli alone');
  const project = await install('cli', '@jobwire/cli');
  if (project) {
    const bin = join(project, 'node_modules/.bin/jobwire');
    const help = await runAsync(bin, ['--help'], { cwd: project });
    if (help.code === 0 && /Usage: jobwire/.test(help.out)) ok('cli', 'jobwire --help exited 0');
    else fail('cli', `jobwire --help exited ${help.code}: ${help.out}`);
    const demo = await runAsync(bin, ['demo'], { cwd: project, env: { ...process.env, NO_COLOR: '1', CI: '1' } });
    if (demo.code === 0) ok('cli', 'jobwire demo (every vendor on its simulator) exited 0');
    else fail('cli', `jobwire demo exited ${demo.code}:\n${demo.out}`);
    // The library entry, from ESM and from CommonJS.
    writeFileSync(join(project, 'run.mjs'), "import * as cli from '@jobwire/cli';\nconsole.log(Object.keys(cli).length);\n");
    writeFileSync(join(project, 'run.cjs'), "const cli = require('@jobwire/cli');\nconsole.log(Object.keys(cli).length);\n");
    for (const script of ['run.mjs', 'run.cjs']) {
      const result = await runAsync(process.execPath, [script], { cwd: project });
      if (result.code === 0) ok('cli', `node ${script}: '@jobwire/cli' → ${result.out.trim()} exports`);
      else fail('cli', `node ${script}: '@jobwire/cli' failed:\n${result.out}`);
    }
  }
}

report.seconds = Math.round((Date.now() - started) / 1000);
report.failures = failures;
mkdirSync(join(root, '.tmp'), { recursive: true });
writeFileSync(join(root, '.tmp/check-install.json'), `${JSON.stringify(report, null, 2)}\n`);
if (!keep) rmSync(scratch, { recursive: true, force: true });
console.log(
  `\n${failures.length === 0 ? 'install check passed' : `install check FAILED (${failures.length})`}: ${report.seconds} s`,
);
process.exit(failures.length === 0 ? 0 : 1);
