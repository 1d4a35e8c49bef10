import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

// Credentials that make the Alteryx definition connect; no server ever sees them.
const secret = 'never-printed-secret-8f3a1c';
const credentials = { JOBWIRE_ALTERYX_SERVER_CLIENT_ID: 'client-id', JOBWIRE_ALTERYX_SERVER_CLIENT_SECRET: secret };

/** A loopback port nothing listens on: bound by a real server, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  return address.port;
}

describe('a malformed URL is a usage error naming where it came from', () => {
  it('names --url, and exits 2 before any request', async () => {
    const result = await runCli(['status', 'alteryx-server', '1', '--url', 'notaurl'], credentials);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('jobwire: --url: "notaurl" is not an absolute http(s) URL\n');
    expect(result.stdout).toBe('');
  });

  it('refuses a URL without a host, showing no user info it was given', async () => {
    const result = await runCli(['status', 'alteryx-server', '1', '--url', `http://me:${secret}@`], credentials);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('jobwire: --url: "http://***@" is not an absolute http(s) URL\n');
    expect(result.stderr).not.toContain(secret);
  });

  it('names the variable when the URL came from JOBWIRE_<VENDOR>_URL', async () => {
    const result = await runCli(['status', 'alteryx-server', '1'], { ...credentials, JOBWIRE_ALTERYX_SERVER_URL: 'http://' });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('jobwire: JOBWIRE_ALTERYX_SERVER_URL: "http://" is not an absolute http(s) URL\n');
  });

  it('refuses a URL of another scheme in JSON too, as a UsageError', async () => {
    const result = await runCli(['status', 'alteryx-server', '1', '--json'], {
      ...credentials,
      JOBWIRE_ALTERYX_SERVER_URL: 'ftp://files.example/jobs?token=abc',
    });
    expect(result.code).toBe(2);
    const message = 'JOBWIRE_ALTERYX_SERVER_URL: "ftp://files.example/jobs?***" is not an absolute http(s) URL';
    expect(JSON.parse(result.stdout)).toEqual({ error: { name: 'UsageError', message } });
    expect(result.stderr).toBe(`jobwire: ${message}\n`);
  });
});

describe('a server that cannot be reached', () => {
  it('is said once, by host and cause, with exit code 2', async () => {
    const port = await closedPort();
    // The token request inside the status call is the one that fails: still one short line.
    const result = await runCli(['status', 'alteryx-server', '1', '--url', `http://127.0.0.1:${port}/webapi`], credentials);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`jobwire: could not reach 127.0.0.1:${port} (ECONNREFUSED)\n`);
    expect(result.stdout).toBe('');
  });

  it('keeps the full redacted error for scripts with --json', async () => {
    const port = await closedPort();
    const result = await runCli(['status', 'alteryx-server', '1', '--json', '--url', `http://127.0.0.1:${port}`], credentials);
    expect(result.code).toBe(2);
    const { error } = JSON.parse(result.stdout);
    expect(error.name).toBe('ConnectionError');
    expect(error.vendor).toBe('alteryx-server');
    // The token request is what failed, and its error reaches the caller as it is (said once).
    expect(error.operation).toBe('requestToken');
    expect(error.message.match(/could not reach/g)).toHaveLength(1);
    expect(result.stderr).toBe(`jobwire: could not reach 127.0.0.1:${port} (ECONNREFUSED)\n`);
    expect(result.stdout + result.stderr).not.toContain(secret);
  });
});
