import { AuthenticationError, NotFoundError } from '@jobwire/core';
import {
  createProbeContext,
  MissingSettingsError,
  ProbeSkipped,
  type Settings,
  type VendorSimulator,
} from '@jobwire/core/definition';
import type { Simulator, SimulatorOptions } from '@jobwire/core/simulator';
import { afterEach, describe, expect, it } from 'vitest';
import definitionDefault, { definition } from '../src/definition.js';
import type { TrueSightSimulator } from '../src/simulator.js';

// The definition the tools read, against the package's own simulator over real HTTP on 127.0.0.1.
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** The simulator through the definition, on a clock the test moves. */
async function start(options: SimulatorOptions = {}) {
  let clock = 1_000_000;
  const simulator: VendorSimulator = await definition.simulator();
  const sim = await simulator.start({ queuedMs: 100, runningMs: 1000, now: () => clock, ...options });
  close = sim.close;
  return { sim, settings: simulator.settings(sim), advance: (ms: number) => (clock += ms) };
}

/** A probe context as `jobwire check` makes one: the non-secret settings as ids. */
const probeContext = (settings: Settings, writes: boolean) => createProbeContext(definition, settings, { writes });

describe('truesight-orchestration definition', () => {
  it('is the default export too, and says what the tools show', () => {
    expect(definitionDefault).toBe(definition);
    expect(definition.id).toBe('truesight-orchestration');
    expect(definition.title).toBe('BMC TrueSight Orchestration');
    expect(definition.protocol).toBe('rest');
    expect(definition.openapi).toBe('@jobwire/truesight-orchestration/openapi.json');
    expect(definition.capabilities).toEqual({ cancel: false, browser: true });
    expect(definition.cannotCancel).toBe(
      'TrueSight Orchestration documents no REST call to cancel a job (see the package README, Cancelling)',
    );
    expect(definition.settings.map((s) => s.key)).toEqual(['username', 'password', 'authToken', 'component', 'jobId', 'process']);
    expect(definition.settings.filter((s) => s.secret).map((s) => s.key)).toEqual(['password', 'authToken']);
    expect(definition.start.fields.map((f) => [f.key, f.required === true, f.json === true])).toEqual([
      ['process', true, false],
      ['inputs', false, true],
    ]);
    expect(definition.start.demo).toEqual({ process: ':Jobwire-Demo:Reports:Build', inputs: { region: 'EMEA' } });
  });

  it("the simulator's settings connect; the demo start runs to COMPLETED with its inputs; no cancelJob", async () => {
    const { sim, settings, advance } = await start();
    expect(new URL(sim.url).hostname).toBe('127.0.0.1');
    expect(settings).toEqual({
      url: sim.url,
      username: 'sim-user',
      password: 'sim-password',
      process: ':Jobwire-Demo:Reports:Build',
    });
    let polls = 0;
    const session = definition.connect(settings, {
      retry: false,
      // Every status read moves the simulator's clock on, so the job ends after a few polls.
      fetch: (request) => {
        if (request.url.endsWith('/status')) {
          polls++;
          advance(300);
        }
        return globalThis.fetch(request);
      },
    });
    expect(session.cancelJob).toBeUndefined();
    expect(session.client.vendor).toBe('truesight-orchestration');
    const id = await session.startJob(definition.start.demo);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const first = await session.getJobStatus(id);
    expect([first.vendor, first.id, first.state, first.vendorStatus, first.done]).toEqual([
      'truesight-orchestration',
      id,
      'running',
      'ASSIGNED',
      false,
    ]);
    const seen: string[] = [];
    const final = await session.waitForJob(id, {
      minDelayMs: 1,
      maxDelayMs: 2,
      onProgress: (status) => seen.push(status.vendorStatus),
    });
    expect([final.state, final.vendorStatus, final.done]).toEqual(['succeeded', 'COMPLETED', true]);
    // Created at 1 000 000, done at +1 100: the first read (+300) and the wait's polls at +600, +900, +1 200.
    expect(seen).toEqual(['ASSIGNED', 'COMPLETED']);
    expect(polls).toBe(4);
    expect(final.outputs.process).toBe(':Jobwire-Demo:Reports:Build');
    expect(final.outputs.inputs).toBe('1');
    await session.close?.();
    // Logged out: the next call logs in again and still reads the job.
    expect((await session.getJobStatus(id)).vendorStatus).toBe('COMPLETED');
  });

  it('a session given a token from elsewhere does not log it out on close (its owner still uses it)', async () => {
    const { sim, settings } = await start();
    const login = await fetch(`${sim.url}/baocdp/rest/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: settings.username, password: settings.password }),
    });
    const authToken = login.headers.get('authentication-token') ?? '';
    expect(authToken).not.toBe('');
    const given = definition.connect({ url: settings.url, authToken });
    const job = await given.startJob(definition.start.demo);
    expect(given.close).toBeUndefined();
    // The same token still works in a second session (before, the first one's close logged it out: 401).
    const again = definition.connect({ url: settings.url, authToken });
    expect((await again.getJobStatus(job)).id).toBe(job);
    // A session that logged in itself ends its login.
    expect(typeof definition.connect(settings).close).toBe('function');
  });

  it('starts with inputs as a map, as JSON text, or as the REST list (type kept); refuses what cannot be inputs', async () => {
    const { settings, advance } = await start({ queuedMs: 0, runningMs: 0 });
    const session = definition.connect(settings);
    const inputCount = async (inputs: unknown) => {
      const id = await session.startJob({ process: ':Jobwire-Demo:Inputs', inputs });
      advance(1);
      return (await session.getJobStatus(id)).outputs.inputs;
    };
    expect(await inputCount({ a: 'x', b: 2, c: true })).toBe('3');
    expect(await inputCount('{"region":"EMEA"}')).toBe('1');
    expect(await inputCount('[{"name":"doc","value":"<a/>","type":"xml"},{"name":"n","value":5}]')).toBe('2');
    expect(await inputCount(undefined)).toBe('0');
    await expect(session.startJob({ inputs: {} })).rejects.toThrow(
      new RangeError('the start needs process (a string), got nothing'),
    );
    await expect(session.startJob({ process: ':P', inputs: { a: { nested: 1 } } })).rejects.toThrow(
      new RangeError(`the start's input "a" must be a string, number or boolean`),
    );
    await expect(session.startJob({ process: ':P', inputs: [{ value: 'x' }] })).rejects.toThrow(
      new RangeError("the start's inputs[0] must be {name, value, type?} with a text name and a scalar value"),
    );
    await expect(session.startJob({ process: ':P', inputs: '[not json' })).rejects.toThrow(
      new RangeError("the start's inputs must be a JSON object or list, got text that is not JSON"),
    );
    await expect(session.startJob({ process: ':P', inputs: 'nope' })).rejects.toThrow(
      new RangeError("the start's inputs must be a JSON object, got text that is not JSON"),
    );
  });

  it('connects with a token obtained elsewhere; a wrong password is an AuthenticationError without the password', async () => {
    const { sim, settings } = await start();
    const login = await fetch(`${sim.url}/baocdp/rest/login`, { method: 'POST', body: JSON.stringify(sim.credentials) });
    const authToken = login.headers.get('authentication-token') ?? '';
    const withToken = definition.connect({ url: sim.url, authToken });
    await expect(withToken.getJobStatus('no-such-job')).rejects.toBeInstanceOf(NotFoundError);
    const wrong = definition.connect({ ...settings, password: 'wrong-password-123' }, { retry: false });
    const error = await wrong.getJobStatus('no-such-job').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(JSON.stringify((error as AuthenticationError).toJSON())).not.toContain('wrong-password-123');
  });

  it('MissingSettingsError names the groups that would do; a bad component is a RangeError', () => {
    const missing = (settings: Settings) => {
      try {
        definition.connect(settings);
      } catch (error) {
        return error;
      }
      return undefined;
    };
    const noCredentials = missing({ url: 'https://tso.example.com:38080', username: 'u' });
    expect(noCredentials).toBeInstanceOf(MissingSettingsError);
    expect((noCredentials as MissingSettingsError).vendor).toBe('truesight-orchestration');
    expect((noCredentials as MissingSettingsError).groups).toEqual([['username', 'password'], ['authToken']]);
    expect((noCredentials as MissingSettingsError).message).toBe(
      'truesight-orchestration needs username + password, or authToken',
    );
    const noUrl = missing({ username: 'u', password: 'p' });
    expect((noUrl as MissingSettingsError).groups).toEqual([['url']]);
    expect(() => definition.connect({ url: 'https://tso.example.com', authToken: 't', component: 'bao' })).toThrow(
      new RangeError('truesight-orchestration: component must be one of baocdp, baoap (got "bao")'),
    );
    // An activity peer: the REST root follows the component.
    const peer = definition.connect({ url: 'https://tso.example.com:38080', authToken: 't', component: 'baoap' });
    expect((peer.client as { baseUrl?: string }).baseUrl).toBe('https://tso.example.com:38080/baoap/rest');
  });

  it('the probes run green against the simulator with writes on, and the writes skip without them', async () => {
    const { settings, advance } = await start();
    // Every request moves the simulator's clock on, so the probe's wait sees the job end.
    const session = definition.connect(settings, {
      fetch: (request) => {
        advance(400);
        return globalThis.fetch(request);
      },
    });
    const names = session.probes.map((p) => [p.name, p.write === true]);
    expect(names).toEqual([
      ['login, and an unknown job → not found', false],
      ['execute a process (async)', true],
      ['job status', false],
      ['wait for the job', true],
    ]);
    const context = probeContext(settings, true);
    const results: string[] = [];
    for (const probe of session.probes) results.push(await probe.run(context));
    expect(results[0]).toBe('200: truesight-orchestration getJob failed: HTTP 200: Invalid input. No result generated');
    expect(results[1]).toBe(`job ${context.ids.jobId}`);
    // The job started at the third request; the status read is the fourth (+400 ms of 1 100).
    expect(results[2]).toBe('running (ASSIGNED)');
    expect(results[3]).toBe('succeeded (COMPLETED)');

    // Without a process to run (no write probe), the reads that need its job skip, saying why.
    const readOnly = probeContext({ ...settings, process: undefined }, false);
    await expect(session.probes[2]?.run(readOnly)).rejects.toThrow(
      new ProbeSkipped('needs jobId (a setting, or found by a write probe)'),
    );
  });

  it('simulator().start resolves with a Simulator that counts requests and injects chaos', async () => {
    const simulator = await definition.simulator();
    const sim: Simulator = await simulator.start({ chaos: { seed: 3, rate: 1, kinds: ['unavailable'] } });
    close = sim.close;
    expect(sim.vendor).toBe('truesight-orchestration');
    expect((sim as TrueSightSimulator).jobs.jobs.size).toBe(0);
    const response = await fetch(`${sim.url}/baocdp/rest/login`, { method: 'POST', body: JSON.stringify(sim.credentials) });
    expect(response.status).toBe(503);
    expect([sim.requestCount, sim.faultCount]).toEqual([1, 1]);
  });
});
