// The vendors of this workspace, found rather than listed: every packages/<dir>/package.json with a
// `"jobwire": { "vendor": "<id>" }` field is a vendor package whose `./definition` export describes
// it (packages/core/src/definition.ts). The CLI's dependencies, the benchmarks, the browser and
// install checks and CI read this list, so a new vendor package needs no edit to any of them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * @typedef {object} WorkspaceVendor
 * @property {string} id        the vendor id (`alteryx-server`)
 * @property {string} dir       its folder under packages/
 * @property {string} name      its package name (`@jobwire/alteryx-server`)
 * @property {string} version   its version
 */

/** @returns {WorkspaceVendor[]} sorted by id, so output never depends on directory order */
export function workspaceVendors() {
  const packages = path.join(root, 'packages');
  return readdirSync(packages)
    .filter((dir) => existsSync(path.join(packages, dir, 'package.json')))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(path.join(packages, dir, 'package.json'), 'utf8')) }))
    .filter(({ manifest }) => typeof manifest.jobwire?.vendor === 'string')
    .map(({ dir, manifest }) => ({ id: manifest.jobwire.vendor, dir, name: manifest.name, version: manifest.version }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** A vendor's built definition (`packages/<dir>/dist/definition.js`); needs `pnpm build` first. */
export async function loadBuiltDefinition(vendor) {
  const file = path.join(root, 'packages', vendor.dir, 'dist', 'definition.js');
  if (!existsSync(file)) throw new Error(`${file} is missing: run pnpm build first`);
  return (await import(pathToFileURL(file).href)).definition;
}

// `node tools/lib/vendors.mjs`: the ids, one per line (for shell scripts such as .ci/run).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const vendor of workspaceVendors()) console.log(vendor.dir);
}
