#!/usr/bin/env node
// The API reference site (`pnpm run docs` → docs/api/, published at https://jobwire.github.io/jobwire/;
// `run` because a bare `pnpm docs` is npm's own docs command, which opens a browser):
// TypeDoc over the TSDoc in the sources, one section per published package. Packages are found,
// not listed: every packages/<dir>/package.json that is not private, its entry points read from its
// `exports` map (`"./definition": … "./dist/definition.d.ts"` → `src/definition.ts`), so a new package
// or subpath needs no edit here. Like TypeDoc's `packages` strategy, each package is converted on
// its own (its tsconfig, its README) to JSON, then the JSON files are merged into one site.
// Any TypeDoc warning fails the run (CI), so a broken {@link} or an unexported type shows in review.
// Then tools/check-readme-links.mjs checks the READMEs' links, the API-reference ones against the site.
//   node tools/docs.mjs                 build docs/api/
//   node tools/docs.mjs --entries       print the packages and entry points it would document
//   node tools/docs.mjs core cli        only these packages (packages/<dir>), to try a change quickly
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Application, Comment, LogLevel, OptionDefaults, TSConfigReader } from 'typedoc';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'docs/api');
const temp = join(root, '.tmp/docs');
const site = 'https://jobwire.github.io/jobwire/';
const repository = 'https://github.com/jobwire/jobwire';

/**
 * The published packages and their entry points, from each manifest's `exports`:
 * `{ dir, name, entries: [{ subpath: '.', file: 'packages/core/src/index.ts' }, …] }`.
 */
export function documentedPackages() {
  const packages = join(root, 'packages');
  return readdirSync(packages)
    .filter((dir) => existsSync(join(packages, dir, 'package.json')))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(packages, dir, 'package.json'), 'utf8')) }))
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ dir, manifest }) => ({
      dir,
      name: manifest.name,
      description: manifest.description ?? '',
      entries: entriesOf(dir, manifest),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Each `exports` subpath with types (`./dist/<name>.d.ts`), as its source file `src/<name>.ts`. */
function entriesOf(dir, manifest) {
  const entries = [];
  for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
    const types = target?.import?.types ?? target?.types;
    if (typeof types !== 'string') continue; // ./package.json, ./openapi.json
    const match = /^\.\/dist\/(.+)\.d\.[cm]?ts$/.exec(types);
    const file = match && join('packages', dir, 'src', `${match[1]}.ts`);
    if (!file || !existsSync(join(root, file))) {
      throw new Error(`${manifest.name}: exports["${subpath}"] types ${types} has no source file src/<name>.ts`);
    }
    entries.push({ subpath, file });
  }
  if (entries.length === 0) throw new Error(`${manifest.name}: no entry point with types in its exports`);
  return entries;
}

/**
 * While documenting one package, the other workspace packages resolve to their sources (not their
 * built dist/), so a type such as core's `ClientOptions` used by a vendor package is the same symbol
 * in both conversions and links to core's section once merged.
 */
function workspacePaths(packages) {
  const paths = {};
  for (const pkg of packages) {
    for (const { subpath, file } of pkg.entries) paths[join(pkg.name, subpath)] = [join(root, file)];
  }
  return paths;
}

/**
 * The program TypeDoc reads for one package: the workspace's compiler options, the package's entry
 * points and the workspace's ambient declarations (`*.xml` text modules…) as its files — not the
 * package's own tsconfig.json, which takes in its tests too.
 */
function tsconfigFor(pkg, paths) {
  const ambient = readdirSync(join(root, 'packages'))
    .map((dir) => join(root, 'packages', dir, 'src'))
    .filter((src) => existsSync(src))
    .flatMap((src) => readdirSync(src, { recursive: true }).map((file) => join(src, String(file))))
    .filter((file) => file.endsWith('.d.ts'));
  const file = join(temp, `tsconfig.${pkg.dir}.json`);
  const config = {
    extends: join(root, 'tsconfig.base.json'),
    compilerOptions: { noEmit: true, paths },
    files: [...pkg.entries.map((entry) => join(root, entry.file)), ...ambient],
  };
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
  return file;
}

/** `@jobwire/core/definition` for the `src/definition.ts` entry of `@jobwire/core`. */
function moduleName(pkg, entry) {
  return entry.subpath === '.' ? pkg.name : `${pkg.name}/${entry.subpath.replace(/^\.\//, '')}`;
}

/**
 * TypeDoc's own log, counting warnings and errors so that the run can fail on them. One warning
 * is only a note: a name of `namedButNotExported` that is now exported (or no longer referenced)
 * is harmless, and a package that starts exporting one should not fail on this file.
 */
function countingApp(app, counts) {
  const log = app.logger.log.bind(app.logger);
  app.logger.log = (message, level) => {
    if (level === LogLevel.Warn && /marked as intentionally not exported/.test(message)) {
      console.log(
        `docs: note: ${message.replace(/^.*\[warning\]\S*\s*/, '')}\n  (remove them from namedButNotExported in tools/docs.mjs)`,
      );
      return;
    }
    if (level === LogLevel.Warn) counts.warnings += 1;
    if (level === LogLevel.Error) counts.errors += 1;
    log(message, level);
  };
  return app;
}

async function convertPackage(pkg, paths, counts) {
  const folder = join(root, 'packages', pkg.dir);
  const otherPackages = Object.fromEntries(
    Object.entries(paths).filter(([name]) => name !== pkg.name && !name.startsWith(`${pkg.name}/`)),
  );
  const app = countingApp(
    await Application.bootstrapWithPlugins(
      {
        name: pkg.name,
        entryPoints: pkg.entries.map((entry) => join(root, entry.file)),
        entryPointStrategy: 'resolve',
        tsconfig: tsconfigFor(pkg, otherPackages),
        readme: existsSync(join(folder, 'README.md')) ? join(folder, 'README.md') : 'none',
        basePath: root,
        displayBasePath: root,
        sourceLinkTemplate: 'https://github.com/jobwire/jobwire/blob/main/{path}#L{line}',
        disableGit: true,
        // The other packages' names (core's, re-exported by every vendor package) are documented in
        // their own section; here they are references to it, not copies.
        excludeExternals: true,
        externalPattern: ['**/node_modules/**', ...otherPackageFolders(pkg)],
        excludePrivate: true,
        // openapi-typescript writes each schema's description as `@description`.
        // openapi-typescript writes each schema's description as `@description`, wsdl-tsclient tags
        // the generated SOAP client with its namespace.
        blockTags: [...OptionDefaults.blockTags, '@description', '@targetNamespace', '@targetNSAlias'],
        intentionallyNotExported: notExported(pkg),
        excludeInternal: false,
        // Cross-package links are checked after the merge, when every package is there.
        validation: { notExported: true, invalidLink: false, rewrittenLink: true, notDocumented: false },
        logLevel: 'Warn',
      },
      [new TSConfigReader()],
    ),
    counts,
  );
  const project = await app.convert();
  if (!project) return undefined;
  // One module per exports subpath, named as users import it and described by the `//` comment at
  // the top of its entry file (what the subpath is for; `@jobwire/core/internal` says it is unstable).
  for (const entry of pkg.entries) {
    const file = join(root, entry.file);
    const module = pkg.entries.length === 1 ? project : project.children?.find((child) => sourceOf(child) === file);
    if (!module) continue;
    if (module !== project) module.name = moduleName(pkg, entry);
    const header = headerOf(file);
    if (header && !module.comment) module.comment = new Comment([{ kind: 'text', text: header }]);
  }
  app.validate(project);
  const json = join(temp, `${pkg.dir}.json`);
  await app.generateJson(project, json);
  return json;
}

/**
 * Types that exported ones refer to but that their package does not export, as `file:name`. TypeDoc
 * names them without a page. The local shorthands of a vendor's src/types.ts (`Open<'A' | 'B'>`,
 * `Schemas['Job']`) are not API; the others are gaps a user cannot name yet: once a package exports
 * one, TypeDoc notes that it is listed here needlessly, and it goes from this list.
 */
const namedButNotExported = {
  '@jobwire/core': ['src/errors.ts:ApiErrorClass'],
  '@jobwire/nagra-apubi': ['src/envelope.ts:ApubiOperation', 'src/server.ts:Reply', 'src/server/xml-reader.ts:XmlReadLimits'],
  '@jobwire/truesight-orchestration': ['src/client.ts:ServerLocation'],
};

function notExported(pkg) {
  const types = join(root, 'packages', pkg.dir, 'src/types.ts');
  const source = existsSync(types) ? readFileSync(types, 'utf8') : '';
  const shorthands = [...source.matchAll(/^type (Open|Schemas)\b/gm)].map((match) => `src/types.ts:${match[1]}`);
  return [...shorthands, ...(namedButNotExported[pkg.name] ?? [])];
}

function otherPackageFolders(pkg) {
  return readdirSync(join(root, 'packages'))
    .filter((dir) => dir !== pkg.dir)
    .map((dir) => join(root, 'packages', dir, '**'));
}

/** The `//` lines an entry file starts with, as one paragraph. */
function headerOf(file) {
  const lines = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.startsWith('//')) break;
    lines.push(line.replace(/^\/\/\s?/, ''));
  }
  return lines.join(' ').trim();
}

function sourceOf(reflection) {
  const file = reflection.sources?.[0]?.fullFileName;
  return file && join(file);
}

/** `.tmp/docs/index.md`: what the site is, and a table of the packages linking to their sections. */
function frontPage(packages) {
  const rows = packages.map((pkg) => `| {@link ${pkg.name}! | ${pkg.name}} | ${pkg.description.replaceAll('|', '\\|')} |`);
  const text = [
    `Typed TypeScript clients for the job APIs of enterprise orchestration products: the API of each`,
    `published package, generated from the TSDoc in its sources ([repository](${repository}), branch \`main\`).`,
    'Each package README has the guide and runnable examples.',
    '',
    '| Package | What it is |',
    '| --- | --- |',
    ...rows,
    '',
  ].join('\n');
  const file = join(temp, 'index.md');
  writeFileSync(file, text);
  return file;
}

async function main() {
  process.chdir(root); // `types: ["node"]` resolves from here
  const only = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
  const packages = documentedPackages().filter((pkg) => only.length === 0 || only.includes(pkg.dir));
  if (process.argv.includes('--entries')) {
    for (const pkg of packages) {
      console.log(pkg.name);
      for (const entry of pkg.entries) console.log(`  ${moduleName(pkg, entry).padEnd(44)} ${entry.file}`);
    }
    return;
  }
  rmSync(temp, { recursive: true, force: true });
  mkdirSync(temp, { recursive: true });
  const counts = { warnings: 0, errors: 0 };
  const paths = workspacePaths(packages);
  const jsons = [];
  for (const pkg of packages) {
    const json = await convertPackage(pkg, paths, counts);
    if (!json) {
      console.error(`docs: ${pkg.name} could not be converted`);
      process.exit(1);
    }
    jsons.push(json);
  }

  const app = countingApp(
    await Application.bootstrapWithPlugins(
      {
        name: 'jobwire API reference',
        entryPoints: jsons,
        // `@jobwire/core/definition` is a module name, not folders @jobwire › core › definition.
        navigation: { includeFolders: false },
        entryPointStrategy: 'merge',
        // The front page: the packages, each linked to its section (the root README's links are
        // relative to the repository, which the site is not).
        readme: frontPage(packages),
        out,
        hostedBaseUrl: site,
        navigationLinks: { GitHub: repository },
        basePath: root,
        validation: { notExported: true, invalidLink: true, rewrittenLink: true, notDocumented: false },
        logLevel: 'Warn',
      },
      [],
    ),
    counts,
  );
  const project = await app.convert();
  if (!project) process.exit(1);
  app.validate(project);
  rmSync(out, { recursive: true, force: true });
  await app.generateDocs(project, out);

  const where = relative(root, out);
  if (counts.errors + counts.warnings > 0) {
    console.error(`docs: ${counts.errors} errors, ${counts.warnings} warnings (fix them: CI treats warnings as errors)`);
    process.exit(1);
  }
  console.log(`docs: ${packages.length} packages → ${where}/index.html, no warnings`);
  // The READMEs link to these pages: check them (and every other README link) against the site.
  if (only.length === 0) {
    const links = spawnSync(process.execPath, [join(root, 'tools/check-readme-links.mjs')], { stdio: 'inherit' });
    process.exitCode = links.status ?? 1;
  }
}

await main();
