import type { JobState, JobStatus } from '@jobwire/core';
import pc from 'picocolors';

const stateColor: Record<JobState, (text: string) => string> = {
  queued: pc.cyan,
  running: pc.blue,
  succeeded: pc.green,
  failed: pc.red,
  cancelled: pc.yellow,
  unknown: pc.magenta,
};

/** `running (Running)`: the normalized state, coloured on a terminal, and the server's own word. */
export function stateLabel(status: Pick<JobStatus, 'state' | 'vendorStatus'>): string {
  return `${stateColor[status.state](status.state)} (${status.vendorStatus})`;
}

/** A status for people: one headline, then detail and outputs when there are any. */
export function formatStatus(status: JobStatus): string {
  const lines = [`${status.vendor} ${status.id}: ${stateLabel(status)}`];
  if (status.detail) lines.push(`  detail: ${status.detail}`);
  for (const [name, value] of Object.entries(status.outputs)) {
    lines.push(`  output ${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  }
  return lines.join('\n');
}

/** A status for scripts: the core contract's fields, and the vendor's raw response. */
export function statusJson(status: JobStatus): Record<string, unknown> {
  const { vendor, id, state, done, vendorStatus, detail, outputs, raw } = status;
  return { vendor, id, state, done, vendorStatus, ...(detail === undefined ? {} : { detail }), outputs, raw };
}
