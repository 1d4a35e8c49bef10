// An Alteryx Server simulator in the test's process, on a clock the test moves, so no assertion
// depends on how fast a process starts; jobs are started straight on its API, as another user of
// the server would. For the CLI tests that run `jobwire` as a child process against it.
import { definition as alteryxServer } from '@jobwire/alteryx-server/definition';
import type { Simulator, SimulatorOptions } from '@jobwire/core/simulator';

/** The running simulator, the environment that points `jobwire` at it, and its controls. */
export interface AlteryxOnAClock {
  sim: Simulator;
  /** `JOBWIRE_ALTERYX_SERVER_*`: URL and client credentials. */
  env: Record<string, string>;
  /** Starts a job on the simulator; resolves with its id. */
  startJob(): Promise<string>;
  /** Moves the simulator's clock on. */
  advance(ms: number): void;
}

/** Starts the simulator (closed through `closers`). */
export async function startAlteryxOnAClock(
  closers: Array<() => Promise<void>>,
  options: SimulatorOptions = {},
): Promise<AlteryxOnAClock> {
  let clock = 1_000_000;
  const kit = await alteryxServer.simulator();
  const sim = await kit.start({ queuedMs: 100, runningMs: 1000, now: () => clock, ...options });
  closers.push(() => sim.close());
  const env = {
    JOBWIRE_ALTERYX_SERVER_URL: sim.url,
    JOBWIRE_ALTERYX_SERVER_CLIENT_ID: String(sim.credentials.clientId),
    JOBWIRE_ALTERYX_SERVER_CLIENT_SECRET: String(sim.credentials.clientSecret),
  };
  const startJob = async () => {
    const token = await fetch(`${sim.url}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: env.JOBWIRE_ALTERYX_SERVER_CLIENT_ID,
        client_secret: env.JOBWIRE_ALTERYX_SERVER_CLIENT_SECRET,
      }),
    }).then((r) => r.json() as Promise<{ access_token: string }>);
    const job = await fetch(`${sim.url}/v3/workflows/wf-1/jobs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' },
      body: '{}',
    }).then((r) => r.json() as Promise<{ id: string }>);
    return job.id;
  };
  const advance = (ms: number) => {
    clock += ms;
  };
  return { sim, env, startJob, advance };
}
