#!/usr/bin/env node
// Lints every spec offline:
//   specs/*/openapi.yaml  redocly lint (root redocly.yaml if present, else Redocly's
//                         recommended rules) + examples marked `x-sample-file` must
//                         deep-equal their sample JSON (see lib/sample-files.mjs)
//   specs/*/*.wsdl        must parse and load in node-soap from the local file alone
//                         (no remote imports), and must define at least one operation;
//                         its services / ports / operations are listed
//
//   node tools/lint-specs.mjs [vendor...]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { listSpecDirs, rel, repoRoot } from './lib/repo.mjs';
import { checkSampleFiles } from './lib/sample-files.mjs';
import { describeWsdl, loadWsdlOffline } from './lib/wsdl-offline.mjs';

const failures = [];
const fail = (file, message) => failures.push(`${rel(file)}: ${message}`);

function redoclyLint(specPath) {
  const config = path.join(repoRoot, 'redocly.yaml');
  const args = ['lint', ...(existsSync(config) ? ['--config', config] : []), rel(specPath)];
  const result = spawnSync(path.join(repoRoot, 'node_modules', '.bin', 'redocly'), args, {
    cwd: repoRoot,
    stdio: 'inherit',
    // Keep the run offline and quiet: no usage telemetry, no "new version" check.
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  });
  if (result.error) fail(specPath, `could not run redocly: ${result.error.message}`);
  else if (result.status !== 0) fail(specPath, `redocly lint reported errors (exit ${result.status}, see above)`);
}

async function lintOpenApi(specPath) {
  console.log(`\n== ${rel(specPath)}`);
  redoclyLint(specPath);
  try {
    const { checked, errors } = await checkSampleFiles(specPath);
    for (const error of errors) fail(specPath, error);
    console.log(`x-sample-file: ${checked} example(s) compared with their sample, ${errors.length} problem(s)`);
  } catch (error) {
    fail(specPath, `cannot check x-sample-file examples: ${error.message}`);
  }
}

async function lintWsdl(wsdlPath) {
  console.log(`\n== ${rel(wsdlPath)}`);
  let loaded;
  try {
    loaded = await loadWsdlOffline(wsdlPath);
  } catch (error) {
    // sax errors span several lines ("...\nLine: 1\nColumn: 95"); keep each failure on one line.
    const message = String(error instanceof Error ? error.message : error).replace(/\s*\n\s*/g, ', ');
    fail(wsdlPath, `node-soap cannot load it offline: ${message}`);
    return;
  }
  for (const include of loaded.includes) console.log(`  includes ${rel(include)}`);
  const rows = describeWsdl(loaded.client);
  for (const { service, port, operations } of rows) {
    console.log(`  service ${service} / port ${port}: ${operations.join(', ') || '(no operations)'}`);
  }
  if (rows.length === 0) fail(wsdlPath, 'defines no service/port');
  else if (rows.every((r) => r.operations.length === 0)) fail(wsdlPath, 'defines no operations');
}

async function main() {
  const specs = await listSpecDirs(process.argv.slice(2));
  let count = 0;
  for (const spec of specs) {
    if (!spec.openapi && spec.wsdls.length === 0) {
      console.log(`skip ${spec.vendor}: specs/${spec.vendor}/ has no openapi.yaml or *.wsdl`);
      continue;
    }
    if (spec.openapi) {
      await lintOpenApi(spec.openapi);
      count++;
    }
    for (const wsdl of spec.wsdls) {
      await lintWsdl(wsdl);
      count++;
    }
  }
  console.log('');
  if (failures.length > 0) {
    console.error(`lint:specs failed (${failures.length} problem(s)):`);
    for (const f of failures) console.error(`  ${f}`);
    process.exitCode = 1;
  } else {
    console.log(`lint:specs: ${count} spec(s) OK`);
  }
}

main().catch((error) => {
  console.error(`lint:specs failed: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
});
