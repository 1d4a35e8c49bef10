// What every published package.json must say, checked so a new package cannot forget it (issue 22):
// one `engines` range (the root's), `homepage` and `bugs` (npm's page links), `CHANGELOG.md` shipped (changesets
// writes it; npm does not include it unless `files` says so), and `typesVersions` for every subpath export, the
// only way TypeScript's `moduleResolution: node10` (most CommonJS projects) finds a subpath's types.
// `node tools/check-package-metadata.mjs` exits 1 and names every problem.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const read = (file) => JSON.parse(readFileSync(file, 'utf8'));
const engines = read(path.join(root, 'package.json')).engines?.node;
const problems = [];

for (const dir of readdirSync(path.join(root, 'packages'))) {
  const file = path.join(root, 'packages', dir, 'package.json');
  if (!existsSync(file)) continue;
  const manifest = read(file);
  if (manifest.private) continue;
  const problem = (text) => problems.push(`packages/${dir}/package.json: ${text}`);
  if (manifest.engines?.node !== engines) problem(`engines.node is ${manifest.engines?.node}, not the root's ${engines}`);
  if (typeof manifest.homepage !== 'string' || !manifest.homepage.startsWith('https://')) problem('no https homepage');
  if (typeof manifest.bugs?.url !== 'string') problem('no bugs.url');
  if (!manifest.files?.includes('CHANGELOG.md')) problem('files does not list CHANGELOG.md');
  if (!existsSync(path.join(root, 'packages', dir, 'CHANGELOG.md'))) problem('CHANGELOG.md is missing');
  const mapped = manifest.typesVersions?.['*'] ?? {};
  for (const subpath of Object.keys(manifest.exports ?? {})) {
    if (subpath === '.' || subpath === './package.json') continue;
    if (!mapped[subpath.slice(2)]) problem(`typesVersions does not map "${subpath.slice(2)}" (node10 cannot resolve ${subpath})`);
  }
}

if (problems.length > 0) {
  for (const line of problems) console.error(line);
  process.exit(1);
}
console.log('package metadata: ok');
