import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { discoverVendors, loadDefinition, vendorPackage } from '../src/vendors.js';

const packagesDir = fileURLToPath(new URL('../../', import.meta.url));

/** The workspace's vendor packages, read straight from packages/<dir>/package.json. */
function workspaceVendorPackages(): { id: string; name: string }[] {
  return readdirSync(packagesDir)
    .flatMap((dir) => {
      try {
        const manifest = JSON.parse(readFileSync(path.join(packagesDir, dir, 'package.json'), 'utf8'));
        return typeof manifest.jobwire?.vendor === 'string'
          ? [{ id: manifest.jobwire.vendor as string, name: manifest.name as string }]
          : [];
      } catch {
        return [];
      }
    })
    .sort((a, b) => a.id.localeCompare(b.id));
}

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A node_modules folder with the given packages (folder under @jobwire/ → package.json text). */
function nodeModules(packages: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'jobwire-discovery-'));
  temps.push(root);
  const folder = path.join(root, 'node_modules');
  for (const [dir, manifest] of Object.entries(packages)) {
    mkdirSync(path.join(folder, '@jobwire', dir), { recursive: true });
    writeFileSync(path.join(folder, '@jobwire', dir, 'package.json'), manifest);
  }
  return folder;
}

describe('discoverVendors', () => {
  it("finds exactly the workspace's vendor packages, sorted by id", () => {
    const expected = workspaceVendorPackages();
    expect(expected.length).toBeGreaterThan(0);
    expect(discoverVendors().map(({ id, name }) => ({ id, name }))).toEqual(expected);
  });

  it('finds a vendor package installed in a node_modules folder it searches, by its jobwire.vendor field', () => {
    const folder = nodeModules({
      'fake-vendor': JSON.stringify({
        name: '@jobwire/fake-vendor',
        jobwire: { vendor: 'fake-vendor', title: 'Fake Orchestrator' },
      }),
      'not-a-vendor': JSON.stringify({ name: '@jobwire/not-a-vendor' }),
      broken: '{ not json',
      untitled: JSON.stringify({ name: '@jobwire/untitled', jobwire: { vendor: 'untitled' } }),
    });
    const found = discoverVendors({ searchPaths: [folder] });
    const fake = found.find((v) => v.id === 'fake-vendor');
    expect(fake).toEqual({
      id: 'fake-vendor',
      name: '@jobwire/fake-vendor',
      title: 'Fake Orchestrator',
      dir: path.join(folder, '@jobwire', 'fake-vendor'),
    });
    // No title: the id stands in for it.
    expect(found.find((v) => v.id === 'untitled')?.title).toBe('untitled');
    expect(found.map((v) => v.name)).not.toContain('@jobwire/not-a-vendor');
    // The CLI's own dependencies are still found beside it.
    for (const { id } of workspaceVendorPackages()) expect(found.map((v) => v.id)).toContain(id);
    expect(found.map((v) => v.id)).toEqual([...found.map((v) => v.id)].sort((a, b) => a.localeCompare(b)));
  });

  it('takes the nearest folder when a package is installed twice', () => {
    const manifest = (title: string) => JSON.stringify({ name: '@jobwire/twice', jobwire: { vendor: 'twice', title } });
    const near = nodeModules({ twice: manifest('near') });
    const far = nodeModules({ twice: manifest('far') });
    expect(discoverVendors({ searchPaths: [near, far] }).find((v) => v.id === 'twice')?.title).toBe('near');
  });

  it('names the vendors there are when asked for another', () => {
    const vendors = discoverVendors();
    expect(() => vendorPackage(vendors, 'nope')).toThrow(`unknown vendor "nope"; one of: ${vendors.map((v) => v.id).join(', ')}`);
    expect(() => vendorPackage([], 'nope')).toThrow('unknown vendor "nope"; one of: none installed');
  });
});

describe('loadDefinition', () => {
  it.each(discoverVendors())("loads $name's definition, which describes $id", async (vendor) => {
    const definition = await loadDefinition(vendor);
    expect(definition.id).toBe(vendor.id);
    // `--help` lists the package.json title without loading the definition: the two must agree.
    expect(vendor.title).toBe(definition.title);
    expect(typeof definition.connect).toBe('function');
    expect(definition.start.fields.length).toBeGreaterThan(0);
  });

  it('refuses a package it cannot import, saying which', async () => {
    await expect(
      loadDefinition({ id: 'fake-vendor', name: '@jobwire/fake-vendor', title: 'Fake', dir: '/nowhere' }),
    ).rejects.toThrow(/^cannot load @jobwire\/fake-vendor\/definition \(vendor fake-vendor\): /);
  });
});
