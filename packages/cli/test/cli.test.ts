import { readFileSync } from 'node:fs';
import type { SimulatorOptions } from '@jobwire/core/simulator';
import { definition as truesight } from '@jobwire/truesight-orchestration/definition';
import { afterEach, describe, expect, it } from 'vitest';
import { startAlteryxOnAClock } from './alteryx-on-a-clock.js';
import { runCli, startCli } from './run-cli.js';

// The CLI runs as a child process against a simulator running in this process, on 127.0.0.1.
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

const fastPolls = ['--min-delay', '20ms', '--max-delay', '50ms'];

const alteryx = (options: SimulatorOptions = {}) => startAlteryxOnAClock(closers, options);

describe('jobwire status', () => {
  it('prints the status, and JSON with --json', async () => {
    const { env, startJob } = await alteryx();
    const id = await startJob();
    const text = await runCli(['status', 'alteryx-server', id], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`alteryx-server ${id}: queued (Queued)`);
    const json = await runCli(['status', 'alteryx-server', id, '--json'], env);
    expect(json.code).toBe(0);
    const status = JSON.parse(json.stdout);
    expect(status.vendor).toBe('alteryx-server');
    expect(status.id).toBe(id);
    expect(status.state).toBe('queued');
    expect(status.done).toBe(false);
    expect(status.vendorStatus).toBe('Queued');
    expect(status.raw.id).toBe(id);
  });

  it('exits 1 with the server’s own message for an unknown id', async () => {
    const { env } = await alteryx();
    const result = await runCli(['status', 'alteryx-server', '000000000000000000000000'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Job 000000000000000000000000 was not found.');
  });

  it('exits 2 on bad credentials and never prints the secret', async () => {
    const { env } = await alteryx();
    const secret = 'wrong-secret-1234567890';
    const result = await runCli(['status', 'alteryx-server', 'x1', '--json'], {
      ...env,
      JOBWIRE_ALTERYX_SERVER_CLIENT_SECRET: secret,
    });
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).error.name).toBe('AuthenticationError');
    expect(result.stderr).toContain('jobwire: alteryx-server requestToken failed: HTTP 401 Unauthorized: invalid_client');
    expect(result.stdout + result.stderr).not.toContain(secret);
  });

  it('exits 2 when it cannot connect', async () => {
    const { sim, env } = await alteryx();
    await sim.close();
    const result = await runCli(['status', 'alteryx-server', 'x1', '--request-timeout', '2s'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^jobwire: /);
  });
});

describe('jobwire wait', () => {
  it('exits 0 when the job succeeds, printing progress lines and the outcome', async () => {
    const { env, startJob, advance } = await alteryx();
    const id = await startJob();
    const cli = startCli(['wait', 'alteryx-server', id, ...fastPolls], env);
    await cli.waitForOutput(`alteryx-server ${id}: queued (Queued) after `);
    advance(100);
    await cli.waitForOutput(`alteryx-server ${id}: running (Running) after `);
    advance(1000);
    const result = await cli.result;
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^alteryx-server ${id}: queued \\(Queued\\) after `));
    expect(lines[1]).toMatch(new RegExp(`^alteryx-server ${id}: running \\(Running\\) after `));
    expect(lines[2]).toMatch(new RegExp(`^alteryx-server ${id}: succeeded \\(Completed\\) after `));
    expect(lines).toContain(`alteryx-server ${id}: succeeded (Completed)`);
    expect(result.stdout).toContain('detail: Success');
  });

  it('exits 1 when the job fails, with the vendor’s detail', async () => {
    const { env, startJob, advance } = await alteryx({ outcome: 'failed' });
    const id = await startJob();
    advance(1100);
    const result = await runCli(['wait', 'alteryx-server', id, ...fastPolls, '--json'], env);
    expect(result.code).toBe(1);
    const status = JSON.parse(result.stdout);
    expect(status.state).toBe('failed');
    expect(status.vendorStatus).toBe('Completed');
    expect(status.detail).toContain('Error');
  });

  it('exits 3 when the job is cancelled', async () => {
    const { env, startJob, advance } = await alteryx({ outcome: 'cancelled' });
    const id = await startJob();
    advance(1100);
    const result = await runCli(['wait', 'alteryx-server', id, ...fastPolls, '--json'], env);
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout).state).toBe('cancelled');
  });

  it('exits 4 when --timeout passes first, showing the last status', async () => {
    const { env, startJob } = await alteryx();
    const id = await startJob();
    // The clock stands still: the job stays queued for as long as the wait lasts. The timeout leaves a
    // loaded machine time for the first poll (token + status), so that there is a last status to show.
    const result = await runCli(['wait', 'alteryx-server', id, ...fastPolls, '--timeout', '3s'], env);
    expect(result.code).toBe(4);
    expect(result.stdout).toContain(`alteryx-server ${id}: queued (Queued)\n`);
    expect(result.stderr).toMatch(/^jobwire: .*did not finish within 3000 ms \(last status: Queued\)/m);
  }, 20_000);
});

describe('jobwire cancel', () => {
  it('deletes a queued job, then refuses with exit 1 once it is gone', async () => {
    const { env, startJob } = await alteryx();
    const id = await startJob();
    const first = await runCli(['cancel', 'alteryx-server', id, '--json'], env);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({
      vendor: 'alteryx-server',
      id,
      cancelled: true,
      outcome: 'deleted: Deleted Successfully.',
    });
    const again = await runCli(['cancel', 'alteryx-server', id], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`Job ${id} was not found.`);
  });
});

describe('usage', () => {
  it('exits 2 for an unknown vendor, naming the known ones', async () => {
    const result = await runCli(['status', 'nope', '1', '--url', 'http://127.0.0.1:9']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown vendor "nope"; one of: alteryx-server');
  });

  it('exits 2 without a URL, naming the variable', async () => {
    const result = await runCli(['status', 'alteryx-server', '1']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('JOBWIRE_ALTERYX_SERVER_URL');
  });

  it('exits 2 without credentials, naming where they come from', async () => {
    const result = await runCli(['status', 'alteryx-server', '1', '--url', 'http://127.0.0.1:9']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'alteryx-server needs --client-id (or JOBWIRE_ALTERYX_SERVER_CLIENT_ID) + JOBWIRE_ALTERYX_SERVER_CLIENT_SECRET, or JOBWIRE_ALTERYX_SERVER_ACCESS_TOKEN',
    );
  });

  it('takes no secret as a flag', async () => {
    const result = await runCli(['status', 'alteryx-server', '1', '--client-secret', 's3cr3t-value']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--client-secret'");
  });

  it('documents the exit codes and the vendors in --help', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('4  wait timed out before the job finished');
    expect(result.stdout).toMatch(/^ {2}alteryx-server\b/m);
    expect(result.stdout).toMatch(/^ {2}nagra-apubi\b/m);
  });

  it("documents a vendor's variables and flags in the vendor's command help", async () => {
    const result = await runCli(['status', 'alteryx-server', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('JOBWIRE_ALTERYX_SERVER_CLIENT_SECRET (secret)');
    expect(result.stdout).toContain('--client-id <value>');
    expect(result.stdout).not.toContain('--client-secret');
    expect(result.stdout).toContain('Alteryx Server (alteryx-server); a job id is the job id, e.g.');
  });

  it('prints the version of the package with --version', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    const result = await runCli(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${version}\n`);
    expect(result.stderr).toBe('');
  });
});

describe('jobwire demo', () => {
  it('runs every simulator end to end and reports each vendor as behaving', async () => {
    const result = await runCli(['demo', '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.ok).toBe(true);
    // Every vendor package found, in the order of their ids.
    expect(report.vendors.map((v: { vendor: string }) => v.vendor)).toEqual([
      'alteryx-server',
      'aspera-orchestrator',
      'elma-rpa',
      'nagra-apubi',
      'truesight-orchestration',
    ]);
    // TrueSight and APUBI have no cancel call: their second job is not started.
    const cancellable = ['alteryx-server', 'aspera-orchestrator', 'elma-rpa'];
    for (const vendor of report.vendors) {
      expect(vendor.problems).toEqual([]);
      expect(vendor.status.state).toBe('succeeded');
      expect(vendor.status.done).toBe(true);
      expect(vendor.polls).toBeGreaterThan(1);
      if (cancellable.includes(vendor.vendor)) expect(typeof vendor.cancelled.outcome).toBe('string');
      else expect(vendor.cancelled).toBeUndefined();
    }
  });

  it('prints a summary table for people', async () => {
    const result = await runCli(['demo', 'alteryx-server']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/│ Alteryx Server +│ [0-9a-f]{24} +│ succeeded +│ Completed +│/);
    expect(result.stdout).toContain('all 1 vendors behaved as their simulators were told');
  });
});

describe('jobwire cancel on a vendor without a cancel call', () => {
  it('exits 2 and says why, without calling the server', async () => {
    const sim = await (await truesight.simulator()).start();
    closers.push(() => sim.close());
    const env = {
      JOBWIRE_TRUESIGHT_ORCHESTRATION_URL: sim.url,
      JOBWIRE_TRUESIGHT_ORCHESTRATION_USERNAME: String(sim.credentials.username),
      JOBWIRE_TRUESIGHT_ORCHESTRATION_PASSWORD: String(sim.credentials.password),
    };
    const before = sim.requestCount;
    const result = await runCli(['cancel', 'truesight-orchestration', 'some-job'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'jobwire: truesight-orchestration cannot cancel jobs: TrueSight Orchestration documents no REST call to cancel a job (see the package README, Cancelling)',
    );
    expect(sim.requestCount).toBe(before);
  });
});
