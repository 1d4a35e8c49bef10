#!/usr/bin/env node
// API reports: API Extractor reads each package's built `dist/index.d.ts` (what users' editors see)
// and writes `api/<package>.api.md`, checked in, so a change of public API shows in review.
//   node tools/api-report.mjs           update the reports (after `pnpm build`)
//   node tools/api-report.mjs --check   fail when a report is stale (CI: `pnpm api:check`), or
//                                       when a public symbol or member has no TSDoc comment
// Generated low-level types (openapi-typescript `paths`/`components`, wsdl-tsclient interfaces)
// are reported too; their comments come from the specs, so only hand-written exports must have one.
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';

const root = fileURLToPath(new URL('..', import.meta.url));
const check = process.argv.includes('--check');
const only = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const reportFolder = join(root, 'api');
const tempFolder = join(root, '.tmp/api');
mkdirSync(reportFolder, { recursive: true });
mkdirSync(tempFolder, { recursive: true });

const dirs = readdirSync(join(root, 'packages')).filter(
  (dir) => existsSync(join(root, 'packages', dir, 'package.json')) && (only.length === 0 || only.includes(dir)),
);

/** Names the generators declare (openapi-typescript `paths`/`components`, wsdl-tsclient types). */
function generatedNames(projectFolder) {
  const names = new Set();
  const walk = (folder) => {
    if (!existsSync(folder)) return;
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) {
        for (const match of readFileSync(path, 'utf8').matchAll(
          /^export (?:declare )?(?:interface|type|const|function|class|enum) (\w+)/gm,
        )) {
          names.add(match[1]);
        }
      }
    }
  };
  walk(join(projectFolder, 'src/generated'));
  return names;
}

/** The entry points to report: `.` as `<package>.api.md`, each subpath export (`./xml`) as `<package>-xml.api.md`. */
function entriesOf(dir) {
  const projectFolder = join(root, 'packages', dir);
  const manifest = JSON.parse(readFileSync(join(projectFolder, 'package.json'), 'utf8'));
  const unscoped = manifest.name.split('/').pop();
  const entries = [
    { dir, projectFolder, label: manifest.name, entry: join(projectFolder, 'dist/index.d.ts'), reportName: unscoped },
  ];
  for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
    const types = target?.import?.types ?? target?.types;
    if (subpath === '.' || typeof types !== 'string') continue;
    const suffix = subpath.replace(/^\.\//, '').replace(/\W+/g, '-');
    entries.push({
      dir,
      projectFolder,
      label: `${manifest.name}/${subpath.slice(2)}`,
      entry: join(projectFolder, types),
      reportName: `${unscoped}-${suffix}`,
    });
  }
  return entries;
}

const problems = [];
for (const { dir, projectFolder, label, entry, reportName } of dirs.flatMap(entriesOf)) {
  if (!existsSync(entry)) {
    problems.push(`${dir}: ${entry} is missing — run pnpm build first`);
    continue;
  }
  const config = ExtractorConfig.prepare({
    configObject: {
      projectFolder,
      mainEntryPointFilePath: entry,
      compiler: {
        overrideTsconfig: {
          compilerOptions: {
            target: 'ES2022',
            lib: ['ES2022', 'DOM', 'DOM.Iterable'],
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            strict: true,
            skipLibCheck: true,
            types: ['node'],
            typeRoots: [join(root, 'node_modules/@types')],
          },
          files: [entry],
        },
      },
      apiReport: { enabled: true, reportFolder, reportTempFolder: tempFolder, reportFileName: reportName },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      messages: {
        compilerMessageReporting: { default: { logLevel: 'warning' } },
        extractorMessageReporting: {
          default: { logLevel: 'warning', addToApiReportFile: true },
          // Every export is public: no @public/@beta tags.
          'ae-missing-release-tag': { logLevel: 'none', addToApiReportFile: false },
          // Reported below (and marked `// (undocumented)` in the report).
          'ae-undocumented': { logLevel: 'warning', addToApiReportFile: false },
        },
        // TSDoc syntax nits (e.g. `@defaultValue` style) are not API changes.
        tsdocMessageReporting: { default: { logLevel: 'none' } },
      },
    },
    configObjectFullPath: join(projectFolder, 'api-extractor.json'),
    packageJsonFullPath: join(projectFolder, 'package.json'),
  });
  const undocumented = [];
  const errors = [];
  const other = [];
  const result = Extractor.invoke(config, {
    localBuild: !check,
    showVerboseMessages: false,
    messageCallback(message) {
      if (message.messageId === 'ae-undocumented') undocumented.push(message.text.replace(/^Missing documentation for /, ''));
      else if (message.logLevel === 'error') errors.push(`${message.messageId}: ${message.text}`);
      else if (message.logLevel === 'warning' && !String(message.messageId).startsWith('console-')) {
        other.push(`${message.messageId}: ${message.text}`);
      }
      message.handled = true;
    },
  });
  const name = label;
  const file = `api/${reportName}.api.md`;
  // Every exported declaration and every member of one needs a TSDoc comment, except what the
  // generators write (`paths`, `components`, wsdl-tsclient types): their comments come from the specs.
  const report = readFileSync(join(check ? tempFolder : reportFolder, `${reportName}.api.md`), 'utf8');
  const generated = generatedNames(projectFolder);
  const missing = [];
  let parent;
  let skipped = 0;
  const lines = report.split('\n');
  lines.forEach((line, i) => {
    const declaration = /^export (?:declare )?(?:abstract )?(?:interface|type|function|const|class|enum|namespace) (\w+)/.exec(
      line,
    );
    if (declaration) parent = declaration[1];
    const next = lines[i + 1] ?? '';
    if (line === '// @public (undocumented)') {
      const symbol = /^export (?:declare )?(?:abstract )?(?:interface|type|function|const|class|enum|namespace) (\w+)/.exec(
        next,
      )?.[1];
      if (symbol !== undefined && generated.has(symbol)) skipped++;
      else missing.push(symbol ?? next.trim());
    } else if (line.trim() === '// (undocumented)') {
      if (parent !== undefined && generated.has(parent)) skipped++;
      else missing.push(`${parent}.${/^\s*(?:readonly\s+)?([^\s(:<?]+)/.exec(next)?.[1] ?? next.trim()}`);
    }
  });
  if (check && result.apiReportChanged) {
    problems.push(`${name}: the public API changed and ${file} is stale — run \`pnpm api:report\` and commit the report`);
  }
  if (missing.length) problems.push(`${name}: no TSDoc comment on ${missing.join(', ')}`);
  for (const text of errors) problems.push(`${name}: ${text}`);
  // Warnings (e.g. ae-forgotten-export: a type users see but cannot import) are written into the
  // report, where review sees them, and printed here; they do not fail the check.
  for (const text of other) console.log(`  warning ${name}: ${text}`);
  console.log(
    `${result.apiReportChanged ? (check ? '✗ stale' : '↻ updated') : '✓'} ${file}` +
      ` (undocumented: ${missing.length}; generated, documented from the spec or not: ${skipped})`,
  );
}

if (problems.length) {
  console.error(`\n${problems.join('\n')}`);
  process.exit(1);
}
console.log(check ? 'API reports are up to date.' : 'API reports written to api/.');
