import type { JobStatus } from '@jobwire/core';
import type { VendorDefinition } from '@jobwire/core/definition';
import Table from 'cli-table3';
import { duration } from '../durations.js';
import { ExitCode } from '../exit-codes.js';
import { type Io, writeLine } from '../io.js';
import { createProgressBoard, type ProgressBoard } from '../progress.js';
import { formatStatus, statusJson } from '../render.js';
import { connect } from '../settings.js';
import { closeSimulators, type RunningSimulator, startSimulators } from '../simulators.js';

/** How the simulators are told to behave; `demo` checks that each vendor did exactly this. */
const script = { queued: 300, running: 1500, outcome: 'succeeded' } as const;

export interface DemoResult {
  vendor: string;
  title: string;
  /** The first job's final status. */
  status?: JobStatus;
  polls: number;
  timeMs: number;
  /** The second job, and what cancelling it did. */
  cancelled?: { job: string; outcome: string };
  /** Why no second job was cancelled, for vendors whose API has no cancel. */
  cannotCancel?: string;
  /** What did not go as the simulator was told; empty when the vendor behaved. */
  problems: string[];
}

/**
 * `jobwire demo [vendor…]`: starts the simulators, and for each vendor starts a job and waits for it
 * with progress, then starts and cancels a second one; ends with a summary table. Exits 1 if any
 * vendor did not behave as its simulator was told.
 */
export async function demoCommand(
  definitions: readonly VendorDefinition[],
  flags: { json?: boolean },
  io: Io,
  signal?: AbortSignal,
) {
  const running = await startSimulators(definitions, script);
  const board = flags.json ? undefined : createProgressBoard(io);
  try {
    const results = await Promise.all(running.map((simulator) => demoVendor(simulator, board, signal)));
    board?.stop();
    const ok = results.every((r) => r.problems.length === 0);
    if (flags.json) {
      const vendors = results.map(({ status, ...r }) => ({ ...r, ...(status ? { status: statusJson(status) } : {}) }));
      writeLine(io.stdout, JSON.stringify({ ok, vendors }));
    } else printResults(results, io);
    return ok ? ExitCode.ok : ExitCode.failed;
  } finally {
    board?.stop();
    await closeSimulators(running);
  }
}

async function demoVendor(
  { definition, settings }: RunningSimulator,
  board: ProgressBoard | undefined,
  signal: AbortSignal | undefined,
): Promise<DemoResult> {
  const result: DemoResult = { vendor: definition.id, title: definition.title, polls: 0, timeMs: 0, problems: [] };
  if (definition.cannotCancel !== undefined) result.cannotCancel = definition.cannotCancel;
  const session = connect(definition, settings, {});
  const progress = board?.row(definition.title);
  const started = Date.now();
  try {
    const job = await session.startJob(definition.start.demo, { signal });
    const final = await session.waitForJob(job, {
      signal,
      timeoutMs: 30_000,
      minDelayMs: 100,
      maxDelayMs: 500,
      onPoll: (event) => {
        result.polls = event.poll;
        progress?.(event);
      },
    });
    result.timeMs = Date.now() - started;
    result.status = final;
    if (final.state !== script.outcome) result.problems.push(`the job ended ${final.state}, not ${script.outcome}`);
    // Vendors without a cancel call (TrueSight, APUBI) skip this step: nothing to show, nothing wrong.
    if (session.cancelJob) {
      const second = await session.startJob(definition.start.demo, { signal });
      result.cancelled = { job: second, outcome: await session.cancelJob(second, { signal }) };
    }
  } catch (error) {
    result.timeMs ||= Date.now() - started;
    result.problems.push(error instanceof Error ? error.message : String(error));
  } finally {
    await session.close?.();
  }
  return result;
}

function printResults(results: readonly DemoResult[], io: Io): void {
  const plain = !io.stdout.isTTY;
  writeLine(io.stdout);
  for (const r of results) {
    if (r.status) writeLine(io.stdout, formatStatus(r.status));
    if (r.cancelled) writeLine(io.stdout, `  cancelled a second job ${r.cancelled.job}: ${r.cancelled.outcome}`);
    for (const problem of r.problems) writeLine(io.stdout, `  problem: ${problem}`);
  }
  const table = new Table({
    head: ['vendor', 'job', 'state', 'vendor status', 'polls', 'time', 'cancel'],
    style: plain ? { head: [], border: [] } : {},
  });
  for (const r of results) {
    const s = r.status;
    table.push([
      r.title,
      s?.id ?? '-',
      s?.state ?? 'error',
      s?.vendorStatus ?? '-',
      r.polls,
      duration(r.timeMs),
      r.cancelled ? 'ok' : r.cannotCancel !== undefined ? 'n/a' : '-',
    ]);
  }
  writeLine(io.stdout, table.toString());
  const failed = results.filter((r) => r.problems.length > 0).length;
  writeLine(
    io.stdout,
    failed === 0
      ? `all ${results.length} vendors behaved as their simulators were told`
      : `${failed} of ${results.length} vendors did not behave`,
  );
}
