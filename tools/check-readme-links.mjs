#!/usr/bin/env node
// README links that work where the README is read. A package README is read on npm, where only the
// tarball's files exist and a link relative to the repository leads nowhere, so:
//   - a package README (packages/*/README.md) has no relative link but `#anchor`: it links to
//     https://github.com/jobwire/jobwire/blob/main/<file> or /tree/main/<folder> instead;
//   - every such link in any README (and CONTRIBUTING.md) names a file or folder that exists, blob
//     for a file and tree for a folder, and a `#anchor` names a heading of that markdown file;
//   - every published package README links to its section of the API reference
//     (https://jobwire.github.io/jobwire/modules/<name>.html); with docs/api/ built (`pnpm run docs`),
//     every API-reference link names a page that exists there;
//   - relative links in the root README and CONTRIBUTING.md (read on GitHub) name files that exist.
// Fenced and inline code is skipped. Usage:
//   node tools/check-readme-links.mjs          check (CI: part of `pnpm run docs`)
//   node tools/check-readme-links.mjs --fix    rewrite package READMEs' relative links as absolute URLs,
//                                              and add the API-reference line under the title where missing
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const repository = 'https://github.com/jobwire/jobwire';
const site = 'https://jobwire.github.io/jobwire/';
const fix = process.argv.includes('--fix');
const problems = [];

/** TypeDoc's page for a package's section: `@jobwire/core` → `modules/_jobwire_core.html`. */
export function apiReferenceUrl(name) {
  return `${site}modules/${name.replace(/[^\w.-]/g, '_')}.html`;
}

/**
 * The links of a markdown text, outside code: `[text](target)`, `![alt](target)`, `[label]: target`
 * and `href="…"`/`src="…"`, each with its offset so that --fix can replace it.
 */
function linksOf(text) {
  const blanked = text
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, (block) => ' '.repeat(block.length))
    .replace(/`[^`\n]*`/g, (code) => ' '.repeat(code.length));
  const links = [];
  const patterns = [
    /\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g,
    /^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?/gm,
    /\b(?:href|src)\s*=\s*"([^"]+)"/g,
  ];
  for (const pattern of patterns) {
    for (const match of blanked.matchAll(pattern)) {
      const start = match.index + match[0].indexOf(match[1]);
      links.push({ target: match[1], start, end: start + match[1].length, line: lineOf(text, start) });
    }
  }
  return links.sort((a, b) => a.start - b.start);
}

function lineOf(text, offset) {
  return text.slice(0, offset).split('\n').length;
}

/** GitHub's heading anchors (github-slugger): lower case, punctuation dropped, spaces as `-`. */
function anchorsOf(text) {
  const anchors = new Set();
  const seen = new Map();
  const withoutCode = text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  for (const match of withoutCode.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const plain = match[1].replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/<[^>]+>/g, '');
    const slug = plain
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  for (const match of text.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) anchors.add(match[1]);
  return anchors;
}

/**
 * The repository's files and folders: what git tracks and what it would (new files not ignored),
 * so that a link to a build output such as dist/ counts as missing, as it is on GitHub.
 */
const repoFiles = new Set(
  execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((file) => file && existsSync(join(root, file))),
);
const repoFolders = new Set(
  [...repoFiles].flatMap((file) =>
    file
      .split('/')
      .slice(0, -1)
      .map((_, i, parts) => parts.slice(0, i + 1).join('/')),
  ),
);

function kindOf(repoPath) {
  if (repoFiles.has(repoPath)) return 'blob';
  if (repoFolders.has(repoPath)) return 'tree';
  return undefined;
}

/** A problem with a link to a path of the repository (`kind` blob or tree), or undefined. */
function checkRepoPath(repoPath, kind, fragment) {
  const path = join(root, decodeURIComponent(repoPath));
  const actual = kindOf(decodeURIComponent(repoPath));
  if (!actual) return `${repoPath || '(nothing)'} is not in the repository`;
  if (kind === 'blob' && actual === 'tree') return `${repoPath} is a folder: link /tree/main/${repoPath}`;
  if (kind === 'tree' && actual === 'blob') return `${repoPath} is a file: link /blob/main/${repoPath}`;
  if (fragment && path.endsWith('.md') && !/^L\d+/.test(fragment)) {
    if (!anchorsOf(readFileSync(path, 'utf8')).has(decodeURIComponent(fragment).toLowerCase())) {
      return `${repoPath} has no heading for #${fragment}`;
    }
  }
  return undefined;
}

/** The absolute URL a relative link of `file` stands for. */
function absoluteFor(file, target) {
  const [path, fragment] = splitFragment(target);
  const repoPath = relative(root, resolve(dirname(file), decodeURIComponent(path)))
    .split('\\')
    .join('/');
  const kind = kindOf(repoPath);
  if (!kind) return undefined;
  return `${repository}/${kind}/main/${repoPath}${fragment ? `#${fragment}` : ''}`;
}

function splitFragment(target) {
  const hash = target.indexOf('#');
  return hash === -1 ? [target, ''] : [target.slice(0, hash), target.slice(hash + 1)];
}

/** The line under a package README's title: its API reference and its changelog. */
function referenceLine(dir, manifest) {
  return `[API reference](${apiReferenceUrl(manifest.name)}) · [Changelog](${repository}/blob/main/packages/${dir}/CHANGELOG.md)`;
}

function checkFile(file, { packageReadme }) {
  const name = relative(root, file);
  let text = readFileSync(file, 'utf8');
  const edits = [];
  if (fix && packageReadme && packageReadme.manifest.private !== true) {
    const url = apiReferenceUrl(packageReadme.manifest.name);
    const title = /^# .*\n/m.exec(text);
    if (!text.includes(`(${url})`) && title) {
      const at = title.index + title[0].length;
      text = `${text.slice(0, at)}\n${referenceLine(packageReadme.dir, packageReadme.manifest)}\n${text.slice(at)}`;
      writeFileSync(file, text);
      console.log(`${name}: API-reference line added under the title`);
    }
  }
  for (const link of linksOf(text)) {
    const where = `${name}:${link.line}`;
    const { target } = link;
    if (target.startsWith('#')) {
      if (!anchorsOf(text).has(decodeURIComponent(target.slice(1)).toLowerCase())) {
        problems.push(`${where}: ${target}: no such heading in this file`);
      }
      continue;
    }
    if (/^[a-z][\w+.-]*:/i.test(target)) {
      const repoLink = new RegExp(`^${repository}/(blob|tree)/main/([^#?]*)(?:#(.*))?$`).exec(target);
      if (repoLink) {
        const problem = checkRepoPath(repoLink[2].replace(/\/$/, ''), repoLink[1], repoLink[3]);
        if (problem) problems.push(`${where}: ${target}: ${problem}`);
      } else if (target.startsWith(repository) && !/^https:\/\/github\.com\/jobwire\/jobwire\/?$/.test(target)) {
        if (!/\/(issues|pulls|releases|discussions|actions)\b/.test(target)) {
          problems.push(`${where}: ${target}: link files as ${repository}/blob/main/<path> (or /tree/main/<folder>)`);
        }
      } else if (target.startsWith(site)) {
        const page = target.slice(site.length).replace(/#.*$/, '') || 'index.html';
        const built = join(root, 'docs/api');
        if (existsSync(built) && !existsSync(join(built, page))) {
          problems.push(`${where}: ${target}: docs/api/${page} does not exist (pnpm run docs builds it)`);
        }
      }
      continue;
    }
    // A relative link.
    const [path, fragment] = splitFragment(target);
    const repoPath = relative(root, resolve(dirname(file), decodeURIComponent(path)))
      .split('\\')
      .join('/');
    const problem = checkRepoPath(repoPath, kindOf(repoPath) ?? 'blob', fragment);
    if (problem) {
      problems.push(`${where}: ${target}: ${problem}`);
      continue;
    }
    if (packageReadme) {
      const absolute = absoluteFor(file, target);
      if (fix && absolute) edits.push({ ...link, replacement: absolute });
      else
        problems.push(
          `${where}: ${target} is relative (not on npm): link ${absolute ?? 'an absolute URL'} (node tools/check-readme-links.mjs --fix)`,
        );
    }
  }
  if (edits.length > 0) {
    for (const edit of edits.reverse()) text = text.slice(0, edit.start) + edit.replacement + text.slice(edit.end);
    writeFileSync(file, text);
    console.log(`${name}: ${edits.length} relative links made absolute`);
  }
  return text;
}

const packages = readdirSync(join(root, 'packages'))
  .filter((dir) => existsSync(join(root, 'packages', dir, 'package.json')))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) }));
let files = 0;
for (const { dir, manifest } of packages) {
  const file = join(root, 'packages', dir, 'README.md');
  if (!existsSync(file)) {
    if (manifest.private !== true) problems.push(`packages/${dir}: no README.md`);
    continue;
  }
  const text = checkFile(file, { packageReadme: { dir, manifest } });
  files += 1;
  if (manifest.private !== true && !text.includes(`(${apiReferenceUrl(manifest.name)})`)) {
    problems.push(`packages/${dir}/README.md: no link to its API reference, ${apiReferenceUrl(manifest.name)}`);
  }
}
for (const file of ['README.md', 'CONTRIBUTING.md']) {
  if (existsSync(join(root, file))) {
    checkFile(join(root, file), { packageReadme: false });
    files += 1;
  }
}

if (problems.length > 0) {
  console.error(`README links: ${problems.length} problems\n${problems.join('\n')}`);
  process.exit(1);
}
console.log(`README links: ${files} files checked, every link works on npm and GitHub`);
