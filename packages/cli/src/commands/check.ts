import { writeFile } from 'node:fs/promises';
import type { VendorDefinition } from '@jobwire/core/definition';
import { readRecording } from '@jobwire/testkit';
import Table from 'cli-table3';
import pc from 'picocolors';
import { type CheckReport, runCheck } from '../check.js';
import { UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { type Io, writeLine } from '../io.js';
import { replaySettings } from '../recording.js';
import { resolveSettings, withEnvFile } from '../settings.js';
import { clientOptions, type JobFlags } from './job.js';

export interface CheckFlags extends JobFlags {
  writes?: boolean;
  report?: string;
  /** Record every exchange (redacted) into this directory. */
  record?: string;
  /** With `record`: also replace host names, user names and ids by placeholders. */
  anonymize?: boolean;
  /** Answer from this recording instead of a server. */
  replay?: string;
}

const outcomeColor = { passed: pc.green, failed: pc.red, skipped: pc.dim } as const;

/** The recording `--replay` names, for this vendor; what is wrong with it is a usage error. */
async function replayed(definition: VendorDefinition, dir: string) {
  let recording: Awaited<ReturnType<typeof readRecording>>;
  try {
    recording = await readRecording(dir);
  } catch (error) {
    throw new UsageError(`--replay ${dir}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (recording.index.vendor !== definition.id) {
    throw new UsageError(`--replay ${dir}: a recording of ${recording.index.vendor}, not ${definition.id}`);
  }
  return recording;
}

/**
 * `jobwire check <vendor>`: the conformance probes against the configured server, read-only unless
 * `--writes` (or JOBWIRE_LIVE_WRITES=1); a pass/fail table (or JSON), and a JSON report file on request.
 * `--record <dir>` keeps every exchange (redacted); `--replay <dir>` answers from such a recording.
 */
export async function checkCommand(definition: VendorDefinition, flags: CheckFlags, io: Io, signal?: AbortSignal) {
  if (flags.anonymize && flags.record === undefined) throw new UsageError('--anonymize needs --record <dir>');
  const env = withEnvFile(io.env, flags.envFile);
  let report: CheckReport;
  if (flags.replay !== undefined) {
    // The recording says where, how and with what the probes ran; no server, no credentials.
    const recording = await replayed(definition, flags.replay);
    const settings = replaySettings(recording);
    const { logger } = clientOptions(definition, settings, flags, io);
    report = await runCheck(definition, settings, { writes: recording.index.writes, signal, replay: recording, logger });
  } else {
    const settings = resolveSettings(definition, flags, env);
    const writes = flags.writes === true || env.JOBWIRE_LIVE_WRITES === '1';
    const record = flags.record === undefined ? undefined : { dir: flags.record, anonymize: flags.anonymize };
    const { logger } = clientOptions(definition, settings, flags, io);
    report = await runCheck(definition, settings, { writes, signal, timeoutMs: flags.requestTimeout, record, logger });
  }
  if (flags.report) await writeFile(flags.report, `${JSON.stringify(report, null, 2)}\n`);
  writeLine(io.stdout, flags.json ? JSON.stringify(report) : formatReport(report, !io.stdout.isTTY));
  return report.passed ? ExitCode.ok : ExitCode.failed;
}

/** The human report; `plain` (not a terminal) means no colours, whatever picocolors detects (it turns them on under CI). */
export function formatReport(report: CheckReport, plain: boolean): string {
  const style = plain ? { head: [], border: [] } : {};
  const table = new Table({ head: ['probe', 'result', 'detail'], style, wordWrap: true, colWidths: [34, 9, 60] });
  const notes: string[] = [];
  for (const probe of report.probes) {
    table.push([probe.name, plain ? probe.outcome : outcomeColor[probe.outcome](probe.outcome), probe.detail]);
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
  if (report.recording) {
    const { dir, files, anonymized } = report.recording;
    lines.push(
      `Recorded answers (${dir}, ${files.length} files${anonymized ? ', anonymized' : ''}):`,
      answersTable(report, plain),
    );
  }
  if (notes.length > 0) lines.push('Responses against the spec:', ...notes);
  lines.push(`${counts}: ${report.passed ? 'conforms' : 'does not conform'}`);
  return lines.join('\n');
}

/** One row per recorded answer: what was asked, the spec's verdict, the client's, and what the spec lacks. */
function answersTable(report: CheckReport, plain: boolean): string {
  const table = new Table({
    head: ['#', 'request', 'spec', 'client', 'fields the spec lacks'],
    style: plain ? { head: [], border: [] } : {},
    wordWrap: true,
    colWidths: [5, 44, 32, 9, 24],
  });
  let n = 0;
  for (const exchange of report.probes.flatMap((p) => p.exchanges)) {
    n += 1;
    table.push([
      String(n),
      `${exchange.method} ${exchange.path} → ${exchange.status}`,
      exchange.problems[0] ?? 'valid',
      exchange.decoded ? 'decoded' : plain ? 'refused' : pc.red('refused'),
      exchange.undocumented.join(', '),
    ]);
  }
  return table.toString();
}
