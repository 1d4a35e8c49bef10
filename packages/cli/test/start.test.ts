import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { StartInput, VendorDefinition } from '@jobwire/core/definition';
import { afterEach, describe, expect, it } from 'vitest';
import { envName, flagName } from '../src/flags.js';
import { discoverVendors, loadDefinition } from '../src/vendors.js';
import { runCli } from './run-cli.js';

// `jobwire start` as users run it (the built CLI, a child process) against each vendor's simulator,
// started here through the vendor's definition on 127.0.0.1.
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

const fastPolls = ['--min-delay', '20ms', '--max-delay', '50ms', '--timeout', '60s'];

/** A running simulator of the vendor and the environment that points the CLI at it. */
async function simulated(definition: VendorDefinition) {
  const kit = await definition.simulator();
  const simulator = await kit.start({ queuedMs: 30, runningMs: 60 });
  closers.push(() => simulator.close());
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(kit.settings(simulator))) {
    if (value !== undefined) env[envName(definition.id, key)] = value;
  }
  return { simulator, env };
}

/** The demo start as command-line flags: text as is, objects as JSON text. */
function demoFlags(demo: StartInput): string[] {
  return Object.entries(demo).flatMap(([key, value]) => [
    `--${flagName(key)}`,
    typeof value === 'string' ? value : JSON.stringify(value),
  ]);
}

const vendors = await Promise.all(
  discoverVendors().map(async (vendor) => ({ id: vendor.id, definition: await loadDefinition(vendor) })),
);

describe.each(vendors)('jobwire start $id', ({ id, definition }) => {
  it('starts the demo job from flags, waits for it and exits 0 with its final status', async () => {
    const { env } = await simulated(definition);
    const result = await runCli(['start', id, ...demoFlags(definition.start.demo), '--wait', ...fastPolls], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    const jobId = lines[0] ?? '';
    expect(jobId).not.toBe('');
    expect(jobId).not.toContain(' ');
    // The last status line is the final one: done and succeeded, the server's own word in brackets.
    const statusLines = lines.filter((line) => line.startsWith(`${id} ${jobId}: `));
    expect(statusLines.at(-1)).toMatch(new RegExp(`^${id} ${escapeRegExp(jobId)}: succeeded \\(.+\\)$`));
  }, 60_000);

  it('starts the demo job from --input-file and prints its id as JSON', async () => {
    const { env } = await simulated(definition);
    const dir = await mkdtemp(path.join(tmpdir(), 'jobwire-start-'));
    closers.push(() => rm(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'job.json');
    await writeFile(file, JSON.stringify(definition.start.demo));
    const result = await runCli(['start', id, '--input-file', file, '--json'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as { vendor: string; id: string };
    expect(printed.vendor).toBe(id);
    expect(typeof printed.id).toBe('string');
    // The id is one the server knows.
    const status = await runCli(['status', id, printed.id, '--json'], env);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout).id).toBe(printed.id);
  }, 60_000);

  const required = definition.start.fields.filter((field) => field.required);
  it.runIf(required.length > 0)(
    'exits 2 without a required field, naming its flag, before any request',
    async () => {
      const { simulator, env } = await simulated(definition);
      const before = simulator.requestCount;
      const result = await runCli(['start', id], env);
      expect(result.code).toBe(2);
      for (const field of required) expect(result.stderr).toContain(`--${flagName(field.key)}`);
      expect(simulator.requestCount).toBe(before);
    },
    60_000,
  );
});

describe('jobwire start usage', () => {
  it('names --workflow-id when an Alteryx start lacks it', async () => {
    const result = await runCli(['start', 'alteryx-server', '--url', 'http://127.0.0.1:9']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('jobwire: starting a workflow on alteryx-server needs --workflow-id');
  });

  it('refuses a JSON field given text that is not JSON', async () => {
    const result = await runCli([
      'start',
      'alteryx-server',
      '--workflow-id',
      'w1',
      '--questions',
      '{nope',
      '--url',
      'http://127.0.0.1:9',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--questions takes JSON text');
  });

  it('refuses an --input-file that is not a JSON object', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'jobwire-start-'));
    closers.push(() => rm(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'job.json');
    await writeFile(file, '["w1"]');
    const result = await runCli(['start', 'alteryx-server', '--input-file', file, '--url', 'http://127.0.0.1:9']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('must hold a JSON object');
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
