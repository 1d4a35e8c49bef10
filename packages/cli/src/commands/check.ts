import { writeFile } from 'node:fs/promises';
import type { VendorDefinition } from '@jobwire/core/definition';
import Table from 'cli-table3';
import pc from 'picocolors';
import { type CheckReport, runCheck } from '../check.js';
import { ExitCode } from '../exit-codes.js';
import { type Io, writeLine } from '../io.js';
import { resolveSettings, withEnvFile } from '../settings.js';
import type { JobFlags } from './job.js';

export interface CheckFlags extends JobFlags {
  writes?: boolean;
  report?: string;
}

const outcomeColor = { passed: pc.green, failed: pc.red, skipped: pc.dim } as const;

/**
 * `jobwire check <vendor>`: the conformance probes against the configured server, read-only unless
 * `--writes` (or JOBWIRE_LIVE_WRITES=1); a pass/fail table (or JSON), and a JSON report file on request.
 */
export async function checkCommand(definition: VendorDefinition, flags: CheckFlags, io: Io, signal?: AbortSignal) {
  const env = withEnvFile(io.env, flags.envFile);
  const settings = resolveSettings(definition, flags, env);
  const writes = flags.writes === true || env.JOBWIRE_LIVE_WRITES === '1';
  const report = await runCheck(definition, settings, { writes, signal, timeoutMs: flags.requestTimeout });
  if (flags.report) await writeFile(flags.report, `${JSON.stringify(report, null, 2)}\n`);
  writeLine(io.stdout, flags.json ? JSON.stringify(report) : formatReport(report, !io.stdout.isTTY));
  return report.passed ? ExitCode.ok : ExitCode.failed;
}

export function formatReport(report: CheckReport, plain: boolean): string {
  const table = new Table({
    head: ['probe', 'result', 'detail'],
    style: plain ? { head: [], border: [] } : {},
    wordWrap: true,
    colWidths: [34, 9, 60],
  });
  const notes: string[] = [];
  for (const probe of report.probes) {
    table.push([probe.name, outcomeColor[probe.outcome](probe.outcome), probe.detail]);
    for (const exchange of probe.exchanges) {
      const where = `${exchange.method} ${exchange.path} → ${exchange.status}`;
      for (const problem of exchange.problems) notes.push(`  ${where}: ${problem}`);
      if (exchange.undocumented.length > 0) notes.push(`  ${where}: fields the spec lacks: ${exchange.undocumented.join(', ')}`);
    }
  }
  const counts = ['passed', 'failed', 'skipped']
    .map((o) => `${report.probes.filter((p) => p.outcome === o).length} ${o}`)
    .join(', ');
  const lines = [`${report.vendor} at ${report.url} (${report.writes ? 'reads and writes' : 'read-only'})`, table.toString()];
  if (notes.length > 0) lines.push('Responses against the spec:', ...notes);
  lines.push(`${counts}: ${report.passed ? 'conforms' : 'does not conform'}`);
  return lines.join('\n');
}
