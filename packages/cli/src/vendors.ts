// The vendors `jobwire` speaks to are found, not listed: every `@jobwire/*` package installed where the
// CLI can import it whose package.json says `"jobwire": { "vendor": "<id>" }`. Finding them reads only
// package.json files; a vendor's code (`<package>/definition`) is imported when a command needs it, so
// `jobwire status alteryx-server …` never loads the other vendors.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { VendorDefinition } from '@jobwire/core/definition';
import { UsageError } from './errors.js';

/** A vendor package found beside the CLI: what its package.json says, its code not loaded. */
export interface VendorPackage {
  /** The vendor id (`jobwire.vendor`): the `<vendor>` argument of the commands. */
  readonly id: string;
  /** The package name, e.g. `@jobwire/alteryx-server`; its `./definition` export describes the vendor. */
  readonly name: string;
  /** The product's name for `--help` (`jobwire.title`, else the id). */
  readonly title: string;
  /** The package's folder. */
  readonly dir: string;
}

/** Where {@link discoverVendors} looks. */
export interface DiscoverOptions {
  /**
   * `node_modules` folders whose `@jobwire/` packages are candidates, nearest first. Default: the
   * CLI's own module resolution paths, so a vendor package installed beside the CLI is found.
   */
  searchPaths?: readonly string[] | undefined;
}

interface Manifest {
  name?: unknown;
  version?: unknown;
  dependencies?: Record<string, string>;
  jobwire?: { vendor?: unknown; title?: unknown };
}

const cliRequire = createRequire(import.meta.url);

function readManifest(file: string): Manifest | undefined {
  try {
    const manifest: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return typeof manifest === 'object' && manifest !== null ? (manifest as Manifest) : undefined;
  } catch {
    return undefined; // not a package, or not readable: not a vendor
  }
}

/** The CLI's own package.json (the same file from `src/` and from `dist/`): its version and dependencies. */
export const cliManifest = readManifest(fileURLToPath(new URL('../package.json', import.meta.url))) ?? {};

/** The CLI's version, as `jobwire --version` prints it. */
export const cliVersion = typeof cliManifest.version === 'string' ? cliManifest.version : '0.0.0';

/**
 * The package.json files of the CLI's `@jobwire/*` dependencies not in `found`, where they resolve
 * from the CLI. Only for layouts the folder listing does not see: in npm's and pnpm's `node_modules`
 * the listing has found them all already, and resolving costs ~10 ms of start-up.
 */
function dependencyManifests(found: ReadonlySet<string>): string[] {
  return Object.keys(cliManifest.dependencies ?? {}).flatMap((name) => {
    if (!name.startsWith('@jobwire/') || found.has(name)) return [];
    try {
      return [cliRequire.resolve(`${name}/package.json`)];
    } catch {
      return []; // not installed, or it does not export its package.json
    }
  });
}

/** The package.json files of every `@jobwire/*` folder in the given `node_modules` folders. */
function listedManifests(searchPaths: readonly string[]): string[] {
  return searchPaths.flatMap((folder) => {
    const scope = path.join(folder, '@jobwire');
    try {
      return readdirSync(scope)
        .sort()
        .map((dir) => path.join(scope, dir, 'package.json'));
    } catch {
      return []; // no such folder
    }
  });
}

/**
 * The vendor packages the CLI can use, sorted by id: every `@jobwire/*` package in the `node_modules`
 * folders it resolves modules from, and its `@jobwire/*` dependencies, whose package.json has a
 * `jobwire.vendor` field. Where a package is found twice, the first (the nearest) wins, as Node's
 * own resolution would. Reads package.json files only.
 */
export function discoverVendors(options: DiscoverOptions = {}): VendorPackage[] {
  const searchPaths = options.searchPaths ?? cliRequire.resolve.paths('@jobwire/cli') ?? [];
  const found = new Map<string, VendorPackage>();
  const names = new Set<string>(); // every package read, vendor or not
  const take = (files: readonly string[]) => {
    for (const file of files) {
      const manifest = readManifest(file);
      if (typeof manifest?.name !== 'string' || names.has(manifest.name)) continue;
      names.add(manifest.name);
      const id = manifest.jobwire?.vendor;
      if (typeof id !== 'string' || id === '') continue;
      const title = manifest.jobwire?.title;
      found.set(manifest.name, {
        id,
        name: manifest.name,
        title: typeof title === 'string' && title !== '' ? title : id,
        dir: path.dirname(file),
      });
    }
  };
  take(listedManifests(searchPaths));
  take(dependencyManifests(names));
  // Two packages claiming one id: the nearer one (found first) is the one the commands use.
  const byId = new Map<string, VendorPackage>();
  for (const vendor of found.values()) if (!byId.has(vendor.id)) byId.set(vendor.id, vendor);
  // Plain code-unit order: ids are lower-case ASCII, and the first localeCompare loads ICU's collator (~15 ms).
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The package of `id`, or a `UsageError` naming the vendors there are. */
export function vendorPackage(vendors: readonly VendorPackage[], id: string): VendorPackage {
  const vendor = vendors.find((v) => v.id === id);
  if (vendor) return vendor;
  const known = vendors.length > 0 ? vendors.map((v) => v.id).join(', ') : 'none installed (add a @jobwire/<vendor> package)';
  throw new UsageError(`unknown vendor ${JSON.stringify(id)}; one of: ${known}`);
}

function isDefinition(value: unknown): value is VendorDefinition {
  const candidate = value as Partial<VendorDefinition> | undefined;
  return typeof candidate?.id === 'string' && typeof candidate.connect === 'function' && Array.isArray(candidate.settings);
}

/**
 * Imports a vendor's definition (`<package>/definition`: its `definition` export, else its default
 * export). Only packages the CLI resolves (its dependencies and the `node_modules` folders above it)
 * can be imported by name.
 */
export async function loadDefinition(vendor: VendorPackage): Promise<VendorDefinition> {
  let loaded: { definition?: unknown; default?: unknown };
  try {
    loaded = (await import(`${vendor.name}/definition`)) as typeof loaded;
  } catch (error) {
    throw new UsageError(
      `cannot load ${vendor.name}/definition (vendor ${vendor.id}): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const definition = loaded.definition ?? loaded.default;
  if (!isDefinition(definition)) throw new UsageError(`${vendor.name}/definition exports no vendor definition`);
  if (definition.id !== vendor.id) {
    throw new UsageError(
      `${vendor.name}/definition describes ${JSON.stringify(definition.id)}, not ${JSON.stringify(vendor.id)}`,
    );
  }
  return definition;
}
