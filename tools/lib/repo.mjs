// Repository layout helpers shared by tools/generate.mjs and tools/lint-specs.mjs.
// Everything here returns sorted lists so that output (and generated code) never
// depends on directory-listing order.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const specsRoot = path.join(repoRoot, 'specs');
export const packagesRoot = path.join(repoRoot, 'packages');

/** Repo-relative, forward-slash path: what we print and what goes into headers. */
export function rel(p) {
  return path.relative(repoRoot, p).split(path.sep).join('/');
}

/**
 * Every `specs/<vendor>/` directory (optionally only the named ones) with its spec files.
 * Unknown names in `only` are an error: a typo must not turn into a silent no-op.
 */
export async function listSpecDirs(only = []) {
  const entries = existsSync(specsRoot) ? await readdir(specsRoot, { withFileTypes: true }) : [];
  const vendors = entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
  const unknown = only.filter((name) => !vendors.includes(name));
  if (unknown.length > 0) {
    throw new Error(`no such spec directory: ${unknown.map((n) => `specs/${n}/`).join(', ')}`);
  }
  const result = [];
  for (const vendor of vendors) {
    if (only.length > 0 && !only.includes(vendor)) continue;
    const specDir = path.join(specsRoot, vendor);
    const files = (await readdir(specDir)).sort();
    const openapi = files.includes('openapi.yaml') ? path.join(specDir, 'openapi.yaml') : null;
    const wsdls = files.filter((f) => f.endsWith('.wsdl')).map((f) => path.join(specDir, f));
    const pkgDir = path.join(packagesRoot, vendor);
    result.push({
      vendor,
      specDir,
      openapi,
      wsdls,
      pkgDir,
      hasPackage: existsSync(pkgDir),
      generatedDir: path.join(pkgDir, 'src', 'generated'),
    });
  }
  return result;
}

/** All files under `dir`, as sorted forward-slash paths relative to `dir` ([] if it is missing). */
export async function listFilesRecursive(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    // `parentPath` is Node 20.12+/21.4+; `path` is the older spelling of the same thing.
    const parent = entry.parentPath ?? entry.path;
    out.push(path.relative(dir, path.join(parent, entry.name)).split(path.sep).join('/'));
  }
  return out.sort();
}

export async function readTree(dir) {
  const files = new Map();
  for (const name of await listFilesRecursive(dir)) {
    files.set(name, await readFile(path.join(dir, name), 'utf8'));
  }
  return files;
}
