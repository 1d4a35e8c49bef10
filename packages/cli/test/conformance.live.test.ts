/**
 * Live conformance: every vendor's probes through its published client, each response validated
 * against the vendor's spec. Against the real server when JOBWIRE_<VENDOR>_URL (and its
 * credentials) are set — read-only unless JOBWIRE_LIVE_WRITES=1 — otherwise against the vendor's
 * simulator (its definition's), started here, with writes on. Every vendor package the CLI finds. Reports land in .tmp/conformance/<vendor>.json.
 * With JOBWIRE_RECORD=<dir>, each vendor's run is also recorded (redacted) into <dir>/<vendor>/, as
 * `jobwire check --record` would.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../src/check.js';
import { envName } from '../src/flags.js';
import { resolveSettings } from '../src/settings.js';
import { discoverVendors, loadDefinition } from '../src/vendors.js';

const reports = new URL('../../../.tmp/conformance/', import.meta.url);

describe.each(discoverVendors().map((vendor) => ({ vendor: vendor.id, pkg: vendor })))(
  '$vendor conformance (live mode)',
  ({ vendor, pkg }) => {
    const live = process.env[envName(vendor, 'url')] !== undefined;

    it(live
      ? 'passes against the configured server'
      : 'passes against the simulator, as a user would point it at a server', async () => {
      const definition = await loadDefinition(pkg);
      const kit = live ? undefined : await definition.simulator();
      const simulator = await kit?.start({ queuedMs: 100, runningMs: 300 });
      try {
        const settings = kit && simulator ? kit.settings(simulator) : resolveSettings(definition, {}, process.env);
        const writes = simulator !== undefined || process.env.JOBWIRE_LIVE_WRITES === '1';
        const recordTo = process.env.JOBWIRE_RECORD;
        const record = recordTo ? { dir: path.resolve(recordTo, vendor) } : undefined;
        const report = await runCheck(definition, settings, { writes, record });
        await mkdir(reports, { recursive: true });
        await writeFile(new URL(`${vendor}.json`, reports), `${JSON.stringify(report, null, 2)}\n`);
        // One line per probe, so a failure shows which probe and which response broke the spec.
        const lines = report.probes.map((p) => {
          const problems = p.exchanges.flatMap((e) =>
            e.problems.map((problem) => `${e.method} ${e.path} ${e.status}: ${problem}`),
          );
          return `${p.outcome} ${p.name}${p.outcome === 'failed' ? `: ${p.detail}` : ''}${problems.length ? ` [${problems.join('; ')}]` : ''}`;
        });
        expect(lines.filter((line) => line.startsWith('failed'))).toEqual([]);
        if (simulator) {
          // Against the simulator nothing may be skipped: every probe has what it needs.
          expect(report.probes.filter((p) => p.outcome === 'skipped').map((p) => `${p.name}: ${p.detail}`)).toEqual([]);
          expect(report.probes.flatMap((p) => p.exchanges).flatMap((e) => e.undocumented)).toEqual([]);
        }
        expect(report.passed).toBe(true);
      } finally {
        await simulator?.close();
      }
    }, 120_000);
  },
);
