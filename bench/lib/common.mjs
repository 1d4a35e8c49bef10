// Shared helpers for the benchmarks: paths, statistics, machine description, results files.
// Plain ESM with no build step so `node bench/…` runs against whatever `turbo run build` produced.
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const rootDir = path.resolve(benchDir, '..');
export const resultsDir = path.join(benchDir, 'results');
export const tmpDir = path.join(resultsDir, 'tmp');

/** packages/<pkg>/dist/index.js: benchmarks measure what users install, not the sources. */
export function distEntry(pkg) {
  return path.join(rootDir, 'packages', pkg, 'dist', 'index.js');
}

/** Imports a built package by file URL (the root has no node_modules/@jobwire links). */
export async function importDist(pkg) {
  const entry = distEntry(pkg);
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`pnpm exec turbo run build\` first`);
  return import(pathToFileURL(entry).href);
}

/**
 * Resolves a dependency's ESM entry the way one of the packages sees it (pnpm links it under that
 * package's node_modules, not the root's). Reads the `exports` map by hand: some packages do not
 * export ./package.json, so require.resolve cannot be used for it.
 */
export function resolveFrom(pkgDir, specifier) {
  const dir = realpathSync(path.join(rootDir, pkgDir, 'node_modules', specifier));
  const pkgJson = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  let entry = pkgJson.exports?.['.'] ?? pkgJson.exports ?? pkgJson.module ?? pkgJson.main;
  // Follow import → default through nested conditions ({ import: { types, default } }).
  while (entry && typeof entry === 'object') entry = entry.import ?? entry.default ?? entry.node;
  return path.join(dir, entry);
}

/** esbuild as tsup installed it (root devDependency tsup → esbuild); no extra dependency needed. */
export function loadEsbuild() {
  // realpath: pnpm links tsup into the root, and its own dependencies live beside the real directory.
  const require = createRequire(path.join(realpathSync(path.join(rootDir, 'node_modules', 'tsup')), 'package.json'));
  return require('esbuild');
}

export function quantile(sorted, q) {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Median, p10/p90/p99, mean of a list of numbers. */
export function summarize(values) {
  const sorted = Float64Array.from(values).sort();
  const mean = sorted.reduce((a, b) => a + b, 0) / (sorted.length || 1);
  return {
    n: sorted.length,
    median: quantile(sorted, 0.5),
    p10: quantile(sorted, 0.1),
    p90: quantile(sorted, 0.9),
    p99: quantile(sorted, 0.99),
    mean,
    min: sorted[0],
    max: sorted[sorted.length - 1],
  };
}

export const round = (value, digits = 3) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : value);

/** mulberry32, the same seeded PRNG the testkit uses: runs are repeatable from their seed. */
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function machine() {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpus: cpus.length,
    availableParallelism: os.availableParallelism?.() ?? cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryMB: Math.round(os.totalmem() / 2 ** 20),
  };
}

/** Writes bench/results/<name>.json with the machine and date, and returns the path. */
export function writeResult(name, data) {
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${name}.json`);
  const doc = { benchmark: name, date: new Date().toISOString(), machine: machine(), ...data };
  writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
  return file;
}

export function readResult(name) {
  const file = path.join(resultsDir, `${name}.json`);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

/** A plain-text table: the benchmarks' only console output. */
export function table(headers, rows) {
  const cells = [headers, ...rows].map((row) => row.map((cell) => (cell === undefined || cell === null ? '–' : String(cell))));
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  const line = (row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

/** `--only a,b` and `--vendor x` filters shared by every script. */
export function parseArgs(argv = process.argv.slice(2)) {
  const args = { flags: new Set(), values: {} };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) continue;
    const [key, inline] = arg.slice(2).split('=', 2);
    if (inline !== undefined) args.values[key] = inline;
    else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) args.values[key] = argv[++i];
    else args.flags.add(key);
  }
  return args;
}
