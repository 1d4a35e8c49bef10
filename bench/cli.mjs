// The `jobwire` command line (issue 22): start-up and install, as a user gets them.
//
// Start-up: median wall time of whole `node` processes, rotated every round (machine drift hits all
// alike), as bench/startup.mjs does. Per vendor (bench/cases/, found by folder):
//   (a) `node -e "import('<vendor dist>')"`            the baseline: loading the vendor package
//   (b) `node packages/cli/dist/bin.js --help`          the same for every vendor, measured once a round
//   (c) `node packages/cli/dist/bin.js status <vendor> <id>` against that vendor's simulator
//   (d) `node -e` that imports `<vendor>/definition`, connects and reads the same status: the same
//       work through the library, without the CLI (so (c)/(d) is what the CLI itself costs)
// Targets (issue 22): (b)/(a) and (c)/(a) ≤ 1.3. The simulators run in a child process (this
// process blocks in spawnSync while it times), one per vendor, each with one job that stays queued.
//
// Install: `pnpm pack` the CLI and the @jobwire packages it depends on, `npm install` the CLI's
// tarball (the others through `overrides`) in a fresh project outside the workspace with install
// scripts on and in the foreground (so whatever a postinstall prints is seen), then count the
// packages, the size of node_modules, the install scripts there are, and whether msw came along.
//
//   node bench/cli.mjs [--runs 30] [--vendor alteryx-server,nagra-apubi] [--skip-install] [--keep]
import { fork, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadBuiltDefinition, workspaceVendors } from '../tools/lib/vendors.mjs';
import { selectCases, skippedCases } from './cases/index.mjs';
import { distEntry, parseArgs, rootDir, round, summarize, table, writeResult } from './lib/common.mjs';

const args = parseArgs();

// Child mode: one vendor's simulator with one queued job; tells the parent how to reach it.
if (args.values.serve) {
  const vendor = workspaceVendors().find((v) => v.id === args.values.serve);
  const definition = await loadBuiltDefinition(vendor);
  const kit = await definition.simulator();
  // Queued for an hour: every status read in the run sees the same job in the same state.
  const sim = await kit.start({ queuedMs: 3_600_000, runningMs: 3_600_000 });
  const settings = kit.settings(sim);
  const session = definition.connect(settings);
  const id = String(await session.startJob(definition.start.demo));
  await session.close?.();
  process.send({ id, settings });
  process.once('disconnect', () => sim.close().then(() => process.exit(0)));
} else {
  await main();
}

async function main() {
  const RUNS = Number(args.values.runs ?? 30);
  const WARMUP = 3;
  const bin = path.join(rootDir, 'packages', 'cli', 'dist', 'bin.js');
  if (!existsSync(bin)) throw new Error(`${bin} is missing: build the CLI first`);
  const cases = selectCases(args);
  const vendors = workspaceVendors();

  // `alteryx-server`, `clientId` → JOBWIRE_ALTERYX_SERVER_CLIENT_ID, as the CLI names its variables.
  const envName = (vendor, key) =>
    `JOBWIRE_${vendor}_${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`.replace(/-/g, '_').toUpperCase();

  const servers = [];
  /** How each vendor's simulator is reached: its job id and the CLI's variables. */
  const reach = [];
  const commands = [
    { name: 'node -e 0', argv: ['-e', '0'] },
    { name: 'jobwire --help', argv: [bin, '--help'], expect: 'Usage: jobwire' },
  ];
  try {
    for (const c of cases) {
      const child = fork(fileURLToPath(import.meta.url), ['--serve', c.vendor], {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      servers.push(child);
      const [{ id, settings }] = await once(child, 'message');
      const env = { NO_COLOR: '1' };
      for (const [key, value] of Object.entries(settings)) if (value !== undefined) env[envName(c.vendor, key)] = String(value);
      reach.push({ vendor: c.vendor, pkg: vendors.find((v) => v.id === c.vendor).name, id, env });
      const definitionUrl = pathToFileURL(
        path.join(rootDir, 'packages', vendors.find((v) => v.id === c.vendor).dir, 'dist', 'definition.js'),
      ).href;
      const library = `import(${JSON.stringify(definitionUrl)}).then(async ({ definition }) => {
        const session = definition.connect(JSON.parse(process.env.BENCH_SETTINGS));
        const status = await session.getJobStatus(process.env.BENCH_ID);
        await session.close?.();
        console.log(status.vendor, status.id, status.state);
      }).catch((e) => { console.error(e); process.exit(1); })`;
      commands.push(
        { name: 'import', vendor: c.vendor, argv: ['-e', `import(${JSON.stringify(pathToFileURL(distEntry(c.pkg)).href)})`] },
        { name: 'jobwire status', vendor: c.vendor, argv: [bin, 'status', c.vendor, id], env, expect: `${c.vendor} ${id}: ` },
        {
          name: 'library status',
          vendor: c.vendor,
          argv: ['-e', library],
          env: { BENCH_SETTINGS: JSON.stringify(settings), BENCH_ID: id },
          expect: `${c.vendor} ${id} `,
        },
      );
    }

    const times = timeCommands(commands, RUNS, WARMUP);
    const median = (name, vendor) => summarize(times[commands.findIndex((c) => c.name === name && c.vendor === vendor)]);
    const nodeE0 = median('node -e 0');
    const help = median('jobwire --help');
    const TARGET = 1.3;
    const results = cases.map((c) => {
      const imp = median('import', c.vendor);
      const status = median('jobwire status', c.vendor);
      const library = median('library status', c.vendor);
      return {
        vendor: c.vendor,
        protocol: c.protocol,
        importMs: round(imp.median, 1),
        helpMs: round(help.median, 1),
        statusMs: round(status.median, 1),
        libraryStatusMs: round(library.median, 1),
        helpVsImport: round(help.median / imp.median, 2),
        statusVsImport: round(status.median / imp.median, 2),
        statusVsLibraryStatus: round(status.median / library.median, 2),
        p10p90Ms: {
          import: [round(imp.p10, 1), round(imp.p90, 1)],
          status: [round(status.p10, 1), round(status.p90, 1)],
          libraryStatus: [round(library.p10, 1), round(library.p90, 1)],
        },
        target: TARGET,
      };
    });
    const install = args.flags.has('skip-install') ? undefined : measureInstall(reach, RUNS);
    const file = writeResult('cli', {
      unit: 'ms wall time of a whole `node` process',
      method: `${RUNS} runs each after ${WARMUP} warm-up rounds, commands rotated every round, medians; spawnSync timing; simulators in child processes`,
      runs: RUNS,
      nodeE0Ms: round(nodeE0.median, 1),
      helpMs: round(help.median, 1),
      helpP10P90Ms: [round(help.p10, 1), round(help.p90, 1)],
      skipped: skippedCases(args),
      results,
      install,
    });

    console.log(
      `\nCLI start-up (median ms, ${RUNS} runs each; node -e 0: ${round(nodeE0.median, 1)} ms) → ${path.relative(rootDir, file)}`,
    );
    console.log(
      table(
        ['vendor', '(a) import', '(b) --help', '(c) status', '(d) library status', '(b)/(a)', '(c)/(a)', '(c)/(d)', 'target'],
        results.map((r) => [
          r.vendor,
          r.importMs,
          r.helpMs,
          r.statusMs,
          r.libraryStatusMs,
          r.helpVsImport,
          r.statusVsImport,
          r.statusVsLibraryStatus,
          `≤ ${r.target}`,
        ]),
      ),
    );
    if (install) {
      console.log(`\nCLI install (npm ${install.npm}): ${install.packages} packages, ${install.sizeMB} MB in node_modules`);
      console.log(`  msw installed: ${install.mswInstalled}; install scripts: ${install.installScripts.join(', ') || 'none'}`);
      console.log(`  install output from scripts: ${install.scriptOutput || 'none'}`);
      console.log(
        table(
          ['largest packages', 'MB'],
          install.largest.map((p) => [p.name, p.sizeMB]),
        ),
      );
      console.log('\nInstalled with npm (median ms):');
      console.log(
        table(
          ['vendor', 'import', '--help', 'status', '--help/import', 'status/import'],
          install.installedStartup.map((r) => [r.vendor, r.importMs, r.helpMs, r.statusMs, r.helpVsImport, r.statusVsImport]),
        ),
      );
    }
  } finally {
    for (const child of servers) child.disconnect();
  }
}

/** Runs every command RUNS times after WARMUP rounds, rotating the order every round; ms per command. */
function timeCommands(commands, runs, warmup, cwd = rootDir) {
  const times = commands.map(() => []);
  for (let round_ = 0; round_ < warmup + runs; round_++) {
    for (let k = 0; k < commands.length; k++) {
      const i = (k + round_) % commands.length;
      const command = commands[i];
      const started = process.hrtime.bigint();
      const r = spawnSync(process.execPath, command.argv, {
        cwd,
        env: { PATH: process.env.PATH, ...command.env },
        stdio: ['ignore', 'pipe', 'pipe'],
        encoding: 'utf8',
      });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (r.status !== 0 || (command.expect && !r.stdout.includes(command.expect))) {
        throw new Error(`${command.name} ${command.vendor ?? ''} failed (${r.status}):\n${r.stdout}${r.stderr}`);
      }
      if (round_ >= warmup) times[i].push(ms);
    }
  }
  return times;
}

/** Packs the CLI and its @jobwire dependencies, installs it with npm in a fresh project, and measures it. */
function measureInstall(reach, runs) {
  const manifests = readdirSync(path.join(rootDir, 'packages'))
    .filter((dir) => existsSync(path.join(rootDir, 'packages', dir, 'package.json')))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(path.join(rootDir, 'packages', dir, 'package.json'), 'utf8')) }));
  // The @jobwire packages the CLI needs, transitively (as tools/check-install.mjs finds them).
  const needed = new Set();
  const visit = (name) => {
    if (needed.has(name)) return;
    needed.add(name);
    const found = manifests.find((m) => m.manifest.name === name);
    for (const dep of Object.keys(found?.manifest.dependencies ?? {})) if (dep.startsWith('@jobwire/')) visit(dep);
  };
  visit('@jobwire/cli');

  const scratch = mkdtempSync(path.join(tmpdir(), 'jobwire-cli-install-'));
  const tarballDir = path.join(scratch, 'tarballs');
  mkdirSync(tarballDir);
  const run = (command, argv, options = {}) => {
    const r = spawnSync(command, argv, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
    if (r.status !== 0) throw new Error(`${command} ${argv.join(' ')} failed:\n${r.stdout}${r.stderr}`);
    return r;
  };
  const tarballs = {};
  for (const name of needed) {
    const { dir } = manifests.find((m) => m.manifest.name === name);
    const before = new Set(readdirSync(tarballDir));
    run('npx', ['-y', 'pnpm@10.34.9', 'pack', '--pack-destination', tarballDir], { cwd: path.join(rootDir, 'packages', dir) });
    const created = readdirSync(tarballDir).find((file) => file.endsWith('.tgz') && !before.has(file));
    tarballs[name] = path.join(tarballDir, created);
  }

  const project = path.join(scratch, 'project');
  mkdirSync(project);
  const overrides = Object.fromEntries(Object.entries(tarballs).map(([name, file]) => [name, `file:${file}`]));
  writeFileSync(
    path.join(project, 'package.json'),
    `${JSON.stringify({ name: 'cli-install', private: true, dependencies: { '@jobwire/cli': overrides['@jobwire/cli'] }, overrides }, null, 2)}\n`,
  );
  const started = Date.now();
  // --foreground-scripts: a dependency's install script writes to this terminal, as npm 6 did and
  // as `npx` users see it; without it npm 7+ hides the output of scripts that succeed.
  const installed = run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--ignore-scripts=false', '--foreground-scripts', '--loglevel=warn'],
    { cwd: project, env: { ...process.env, npm_config_update_notifier: 'false' } },
  );
  const installSeconds = (Date.now() - started) / 1000;

  // Every installed package: a folder with a package.json under node_modules, nested ones included.
  const packages = [];
  const walk = (folder) => {
    if (!existsSync(folder)) return;
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      const dirs = entry.name.startsWith('@')
        ? readdirSync(path.join(folder, entry.name), { withFileTypes: true })
            .filter((e) => e.isDirectory())
            .map((e) => path.join(folder, entry.name, e.name))
        : [path.join(folder, entry.name)];
      for (const dir of dirs) {
        if (!existsSync(path.join(dir, 'package.json'))) continue;
        const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
        packages.push({ dir, name: manifest.name ?? path.relative(folder, dir), scripts: manifest.scripts ?? {} });
        walk(path.join(dir, 'node_modules'));
      }
    }
  };
  const nodeModules = path.join(project, 'node_modules');
  walk(nodeModules);
  const bytes = (folder) => Number(run('du', ['-sb', folder]).stdout.split(/\s/)[0]);
  const largest = packages
    .map((p) => ({ name: p.name, bytes: bytes(p.dir) }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 8)
    .map((p) => ({ name: p.name, sizeMB: round(p.bytes / 1e6, 2) }));
  const installScripts = packages
    .filter((p) => ['preinstall', 'install', 'postinstall'].some((s) => p.scripts[s] !== undefined))
    .map((p) => p.name);
  // With --foreground-scripts npm announces each script it runs as `> name@version <event>`.
  const output = `${installed.stdout}${installed.stderr}`;
  const scriptOutput = output
    .split('\n')
    .filter((line) => line.trim() !== '')
    .join(' / ');
  const result = {
    npm: run('npm', ['--version']).stdout.trim(),
    tarballs: Object.keys(tarballs).sort(),
    packages: packages.length,
    npmLsParseable: run('npm', ['ls', '--all', '--parseable'], { cwd: project }).stdout.trim().split('\n').length - 1,
    sizeMB: round(bytes(nodeModules) / 1e6, 2),
    installSeconds: round(installSeconds, 1),
    mswInstalled: packages.some((p) => p.name === 'msw'),
    installScripts,
    scriptOutput,
    largest,
  };
  // The installed CLI, as a user runs it: `check` (spec validation, without msw) and `demo` (the
  // simulators) must work from this install; then --help and status against the vendor's import.
  const installedBin = path.join(nodeModules, '@jobwire', 'cli', 'dist', 'bin.js');
  const first = reach[0];
  if (first) {
    const env = { PATH: process.env.PATH, ...first.env };
    const check = spawnSync(process.execPath, [installedBin, 'check', first.vendor], { cwd: project, env, encoding: 'utf8' });
    const demo = spawnSync(process.execPath, [installedBin, 'demo', first.vendor, '--json'], {
      cwd: project,
      env,
      encoding: 'utf8',
    });
    result.installedCheck = { vendor: first.vendor, exitCode: check.status, lastLine: check.stdout.trim().split('\n').at(-1) };
    result.installedDemo = { vendor: first.vendor, exitCode: demo.status, ok: demo.status === 0 && JSON.parse(demo.stdout).ok };
    if (check.status !== 0 || demo.status !== 0)
      throw new Error(`installed CLI failed:\n${check.stdout}${check.stderr}${demo.stdout}${demo.stderr}`);
  }
  const commands = [{ name: 'jobwire --help', argv: [installedBin, '--help'], expect: 'Usage: jobwire' }];
  for (const r of reach) {
    commands.push(
      { name: 'import', vendor: r.vendor, argv: ['-e', `import(${JSON.stringify(r.pkg)})`] },
      { name: 'jobwire status', vendor: r.vendor, argv: [installedBin, 'status', r.vendor, r.id], env: r.env, expect: r.id },
    );
  }
  const times = timeCommands(commands, Math.max(5, Math.round(runs / 2)), 2, project);
  const median = (name, vendor) => summarize(times[commands.findIndex((c) => c.name === name && c.vendor === vendor)]).median;
  result.installedStartup = reach.map((r) => ({
    vendor: r.vendor,
    importMs: round(median('import', r.vendor), 1),
    helpMs: round(median('jobwire --help'), 1),
    statusMs: round(median('jobwire status', r.vendor), 1),
    helpVsImport: round(median('jobwire --help') / median('import', r.vendor), 2),
    statusVsImport: round(median('jobwire status', r.vendor) / median('import', r.vendor), 2),
  }));
  if (args.flags.has('keep')) console.log(`kept: ${scratch}`);
  else rmSync(scratch, { recursive: true, force: true });
  return result;
}
