// Bundled by esbuild for the browser (platform "browser", conditions browser/import/default) from
// the built packages, exactly as a user's bundler would see them. Loaded by e2e/browser.test.ts.
import { createAlteryxServerClient } from '@jobwire/alteryx-server';
import { createAsperaOrchestratorClient } from '@jobwire/aspera-orchestrator';
import type { JobSource, JobStatus } from '@jobwire/core';
import { createElmaRpaClient } from '@jobwire/elma-rpa';
import { createTrueSightClient } from '@jobwire/truesight-orchestration';

type Credentials = Record<string, string>;

interface Started {
  client: JobSource & { waitForJob(ref: string, options: object): Promise<JobStatus> };
  id: string;
}

const starters: Record<string, (url: string, c: Credentials) => Promise<Started>> = {
  async 'alteryx-server'(baseUrl, c) {
    const client = createAlteryxServerClient({ baseUrl, clientId: c.clientId ?? '', clientSecret: c.clientSecret ?? '' });
    return { client, id: (await client.runWorkflow('browser-workflow', {})).id };
  },
  async 'aspera-orchestrator'(baseUrl, c) {
    const client = createAsperaOrchestratorClient({ baseUrl, auth: { username: c.username ?? '', password: c.password ?? '' } });
    const order = await client.startWorkOrder('256', { parameters: { source_file: '/browser/in.mxf' } });
    return { client: client as unknown as Started['client'], id: order.id };
  },
  async 'truesight-orchestration'(baseUrl, c) {
    const client = createTrueSightClient({ baseUrl, username: c.username ?? '', password: c.password ?? '' });
    const { jobId } = await client.executeProcess(':Jobwire-Demo:Reports:Build', { region: 'EMEA' }, { mode: 'async' });
    return { client, id: jobId };
  },
  async 'elma-rpa'(baseUrl, c) {
    const client = createElmaRpaClient({ baseUrl, authToken: c.authToken ?? '' });
    const task = await client.createTask({ process: 'c39f99de-cb8f-4661-a206-b282a4830cbf', context: {} });
    return { client: client as unknown as Started['client'], id: String(task.id) };
  },
};

/** Starts a job, reads its status once, then waits for it: what the test asserts on. */
async function run(vendor: string, url: string, credentials: Credentials) {
  const start = starters[vendor];
  if (!start) throw new Error(`no browser scenario for ${vendor}`);
  const { client, id } = await start(url, credentials);
  const first = await client.getJobStatus(id);
  const seen: string[] = [];
  const final = await client.waitForJob(id, {
    timeoutMs: 20_000,
    minDelayMs: 50,
    maxDelayMs: 200,
    onProgress: (s: JobStatus) => seen.push(s.state),
  });
  return {
    id,
    first: { state: first.state, vendorStatus: first.vendorStatus },
    final: { state: final.state, done: final.done, vendorStatus: final.vendorStatus },
    seen,
    userAgent: navigator.userAgent,
  };
}

(globalThis as unknown as { jobwire: { run: typeof run } }).jobwire = { run };
