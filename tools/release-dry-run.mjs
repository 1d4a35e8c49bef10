#!/usr/bin/env node
// Release dry run: `changeset version` in a throwaway copy of the repository (the manifests, the
// changesets and the changelogs; node_modules linked), so the working tree is never touched and no
// git stash or reset is needed. Fails unless every pending changeset is consumed, every package it
// names gets a new version and a CHANGELOG.md entry for it, and no `workspace:` range is broken.
// Each CHANGELOG.md keeps what it had (changesets adds the new section under its title). That every
// tarball ships its CHANGELOG.md (with README.md and LICENSE) is checked on the packed tarballs by
// tools/check-install.mjs.
// Prints what a release would publish. Usage: node tools/release-dry-run.mjs [--keep]
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const keep = process.argv.includes('--keep');
const copy = mkdtempSync(join(tmpdir(), 'jobwire-release-'));
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

// The copy: what changesets reads and writes.
for (const file of ['package.json', 'pnpm-workspace.yaml']) cpSync(join(root, file), join(copy, file));
cpSync(join(root, '.changeset'), join(copy, '.changeset'), { recursive: true });
symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
const dirs = readdirSync(join(root, 'packages')).filter((dir) => existsSync(join(root, 'packages', dir, 'package.json')));
for (const dir of dirs) {
  mkdirSync(join(copy, 'packages', dir), { recursive: true });
  for (const file of ['package.json', 'CHANGELOG.md', 'README.md']) {
    if (existsSync(join(root, 'packages', dir, file)))
      cpSync(join(root, 'packages', dir, file), join(copy, 'packages', dir, file));
  }
}

// Which packages the pending changesets name.
const pending = readdirSync(join(copy, '.changeset')).filter((file) => file.endsWith('.md') && file !== 'README.md');
const named = new Set();
for (const file of pending) {
  const front = /^---\n([\s\S]*?)\n---/.exec(readFileSync(join(copy, '.changeset', file), 'utf8'))?.[1] ?? '';
  for (const match of front.matchAll(/^\s*["']?(@?[\w./-]+)["']?\s*:\s*(major|minor|patch)/gm)) named.add(match[1]);
}

const before = Object.fromEntries(dirs.map((dir) => [dir, readJson(join(copy, 'packages', dir, 'package.json'))]));
const bin = join(root, 'node_modules/@changesets/cli/bin.js');
const result = spawnSync(process.execPath, [bin, 'version'], { cwd: copy, encoding: 'utf8', env: { ...process.env, CI: '1' } });
const problems = [];
if (result.status !== 0) problems.push(`changeset version exited ${result.status}:\n${result.stdout}${result.stderr}`);

const left = readdirSync(join(copy, '.changeset')).filter((file) => file.endsWith('.md') && file !== 'README.md');
if (result.status === 0 && left.length > 0) problems.push(`changesets not consumed: ${left.join(', ')}`);

console.log(`${pending.length} changesets → versions (in ${copy}):`);
for (const dir of dirs) {
  const old = before[dir];
  const next = readJson(join(copy, 'packages', dir, 'package.json'));
  const changelogPath = join(copy, 'packages', dir, 'CHANGELOG.md');
  const changelog = existsSync(changelogPath) ? readFileSync(changelogPath, 'utf8') : '';
  const entries = (changelog.split(/\n## /)[1] ?? '').split('\n').filter((line) => /^- /.test(line)).length;
  const originalPath = join(root, 'packages', dir, 'CHANGELOG.md');
  const original = existsSync(originalPath) ? readFileSync(originalPath, 'utf8') : '';
  if (named.has(old.name)) {
    if (next.version === old.version) problems.push(`${old.name}: has changesets but stayed at ${old.version}`);
    if (!changelog.includes(`## ${next.version}`)) problems.push(`${old.name}: CHANGELOG.md has no "## ${next.version}" section`);
    // The file shipped in the tarball is the one changesets wrote into: title first, earlier sections kept.
    const [title, ...earlier] = original.trim().split('\n');
    if (original && (!changelog.startsWith(`${title}\n`) || !changelog.includes(earlier.join('\n').trim()))) {
      problems.push(
        `${old.name}: changeset version did not add to packages/${dir}/CHANGELOG.md (its title or earlier sections are gone)`,
      );
    }
  }
  for (const [dep, range] of Object.entries(next.dependencies ?? {})) {
    if (
      String(range).startsWith('workspace:') &&
      !/^workspace:[\^~*]?$/.test(String(range)) &&
      !String(range).includes(next.version)
    ) {
      // Explicit workspace ranges must still match the bumped dependency.
      const depDir = dirs.find((d) => before[d].name === dep);
      const depNext = depDir && readJson(join(copy, 'packages', depDir, 'package.json')).version;
      if (depNext && !String(range).includes(depNext)) problems.push(`${old.name}: ${dep} ${range} no longer matches ${depNext}`);
    }
  }
  console.log(
    `  ${old.name.padEnd(36)} ${old.version} → ${next.version}${next.version === old.version ? ' (unchanged)' : ''}  CHANGELOG.md: ${entries} entries`,
  );
}

if (!keep) rmSync(copy, { recursive: true, force: true });

if (problems.length > 0) {
  console.error(`\nrelease dry run FAILED:\n${problems.join('\n')}`);
  process.exit(1);
}
console.log(
  'release dry run passed: `changeset version` works and writes the shipped changelogs, nothing in the repository was changed.',
);
