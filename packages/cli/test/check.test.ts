import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

// A server that is almost Alteryx: its job view has a wrongly typed date and a field the spec lacks.
let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function almostAlteryx(): Promise<string> {
  const fake = createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'POST' && req.url === '/webapi/oauth2/token')
      return send(200, { access_token: 't', expires_in: 3600, token_type: 'bearer' });
    if (req.url?.startsWith('/webapi/v3/jobs/000000000000000000000000')) return send(404, { message: 'Job not found.' });
    if (req.url === '/webapi/v3/jobs/j1?includeMessages=true') {
      return send(200, { id: 'j1', status: 'Running', createDateTime: 12, shardId: 'eu-1', messages: [] });
    }
    // Anything else (the messages endpoint included) is missing, as on a server older than 2024.2 (messages) or 2025.1 (cancel).
    return send(404, { message: `no route ${req.url}` });
  });
  server = fake;
  await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(fake.address() as AddressInfo).port}/webapi`;
}

describe('jobwire check', () => {
  it('validates every response against the spec and reports what breaks it and what it lacks', async () => {
    const url = await almostAlteryx();
    const env = { JOBWIRE_ALTERYX_SERVER_CLIENT_ID: 'id', JOBWIRE_ALTERYX_SERVER_CLIENT_SECRET: 'not-shown-anywhere' };
    const result = await runCli(['check', 'alteryx-server', '--url', url, '--job-id', 'j1', '--json'], env);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.vendor).toBe('alteryx-server');
    expect(report.writes).toBe(false);
    expect(report.passed).toBe(false);
    const byName = Object.fromEntries(report.probes.map((p: { name: string }) => [p.name, p]));
    expect(byName['token, and an unknown job → 404'].outcome).toBe('passed');
    const status = byName['job status'];
    expect(status.outcome).toBe('failed');
    expect(status.detail).toBe('running (Running); a response breaks the spec');
    expect(status.exchanges).toEqual([
      {
        method: 'GET',
        path: '/v3/jobs/{jobId}',
        status: 200,
        problems: ['/createDateTime: must be string'],
        undocumented: ['/shardId'],
        decoded: true,
      },
    ]);
    expect(byName['run a workflow'].outcome).toBe('skipped');
    expect(byName["workflow's jobs"].detail).toBe('needs workflowId (a setting, or found by a write probe)');
    expect(result.stdout + result.stderr).not.toContain('not-shown-anywhere');
  }, 20_000);

  it('prints a table for people, with the spec findings under it', async () => {
    const url = await almostAlteryx();
    const env = { JOBWIRE_ALTERYX_SERVER_CLIENT_ID: 'id', JOBWIRE_ALTERYX_SERVER_CLIENT_SECRET: 's' };
    const result = await runCli(['check', 'alteryx-server', '--url', url, '--job-id', 'j1'], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('GET /v3/jobs/{jobId} → 200: /createDateTime: must be string');
    expect(result.stdout).toContain('GET /v3/jobs/{jobId} → 200: fields the spec lacks: /shardId');
    expect(result.stdout).toMatch(/1 passed, 2 failed, 5 skipped: does not conform/);
  }, 20_000);
});
