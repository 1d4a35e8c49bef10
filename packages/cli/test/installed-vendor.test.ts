import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

// A user's project with the CLI and a vendor package of someone else's installed beside it:
// node_modules/@jobwire/cli (the built CLI, its own dependencies linked) and
// node_modules/@jobwire/fake-vendor, which the CLI has never heard of. Its definition reads job
// statuses from a small server on 127.0.0.1.
const cliDir = fileURLToPath(new URL('..', import.meta.url));
let project: string;
let server: Server;
let url: string;
const started: string[] = [];

const fakeDefinition = `
export const definition = {
  id: 'fake-vendor',
  title: 'Fake Orchestrator',
  protocol: 'rest',
  idHelp: 'a fake job id, e.g. j1',
  // 'timeout' and 'json' are names the commands take for themselves: they must not break them.
  settings: [{ key: 'team', description: 'the team whose jobs to read' }, { key: 'timeout', description: 'a clash' }],
  capabilities: { cancel: false, browser: true },
  cannotCancel: 'the fake API has no cancel',
  start: {
    what: 'a fake job',
    fields: [{ key: 'name', description: 'the job to run', required: true }, { key: 'json', description: 'a clash' }],
    demo: { name: 'demo' },
  },
  connect(settings) {
    if (settings.team === undefined) throw Object.assign(new Error('fake-vendor needs team'), { name: 'MissingSettingsError' });
    const status = async (id) => {
      const answer = await (await fetch(settings.url + '/jobs/' + encodeURIComponent(id))).json();
      return { vendor: 'fake-vendor', id, state: answer.state, done: answer.state === 'succeeded', vendorStatus: answer.word, outputs: {}, raw: answer };
    };
    return {
      client: {},
      getJobStatus: status,
      waitForJob: status,
      async startJob(input) {
        const answer = await (await fetch(settings.url + '/jobs', { method: 'POST', body: String(input.name) })).json();
        return answer.id;
      },
      probes: [],
    };
  },
  async simulator() {
    throw new Error('no simulator');
  },
};
export default definition;
`;

beforeAll(async () => {
  project = mkdtempSync(path.join(tmpdir(), 'jobwire-project-'));
  const cli = path.join(project, 'node_modules', '@jobwire', 'cli');
  mkdirSync(cli, { recursive: true });
  cpSync(path.join(cliDir, 'dist'), path.join(cli, 'dist'), { recursive: true });
  cpSync(path.join(cliDir, 'package.json'), path.join(cli, 'package.json'));
  symlinkSync(path.join(cliDir, 'node_modules'), path.join(cli, 'node_modules'), 'dir');
  const fake = path.join(project, 'node_modules', '@jobwire', 'fake-vendor');
  mkdirSync(fake, { recursive: true });
  writeFileSync(
    path.join(fake, 'package.json'),
    JSON.stringify({
      name: '@jobwire/fake-vendor',
      version: '1.0.0',
      type: 'module',
      exports: { './definition': './definition.js', './package.json': './package.json' },
      jobwire: { vendor: 'fake-vendor', title: 'Fake Orchestrator' },
    }),
  );
  writeFileSync(path.join(fake, 'definition.js'), fakeDefinition);

  server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    if (req.method === 'POST') {
      let body = '';
      req.setEncoding('utf8').on('data', (chunk: string) => {
        body += chunk;
      });
      req.on('end', () => {
        started.push(body);
        res.end(JSON.stringify({ id: `job-${started.length}` }));
      });
      return;
    }
    res.end(JSON.stringify({ state: 'succeeded', word: 'Done', path: req.url }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(project, { recursive: true, force: true });
});

function runInstalled(args: string[]) {
  return runCli(args, {}, { bin: path.join(project, 'node_modules', '@jobwire', 'cli', 'dist', 'bin.js') });
}

describe('a vendor package installed beside the CLI', () => {
  it('is listed in --help with its title', async () => {
    const result = await runInstalled(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ {2}fake-vendor +Fake Orchestrator$/m);
    // The CLI's own vendors are still there.
    expect(result.stdout).toMatch(/^ {2}alteryx-server\b/m);
  });

  it("lists the vendor's flags in its commands' help; names the commands take stay theirs", async () => {
    for (const command of ['wait', 'start']) {
      const result = await runInstalled([command, 'fake-vendor', '--help']);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('--team <value>');
      expect(result.stdout).toContain('--json ');
      expect(result.stdout).toContain('Fake Orchestrator (fake-vendor); a job id is a fake job id, e.g. j1');
    }
  });

  it("takes the vendor's own flags and reads a status through its definition", async () => {
    const result = await runInstalled(['status', 'fake-vendor', 'j 1', '--url', url, '--team', 'blue', '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const status = JSON.parse(result.stdout);
    expect(status.vendor).toBe('fake-vendor');
    expect(status.state).toBe('succeeded');
    expect(status.vendorStatus).toBe('Done');
    expect(status.raw.path).toBe('/jobs/j%201');
  });

  it('starts a job with the fields its definition declares', async () => {
    const result = await runInstalled(['start', 'fake-vendor', '--name', 'nightly', '--url', url, '--team', 'blue']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^job-\d+\n$/);
    expect(started).toContain('nightly');
  });

  it('says why it cannot cancel, from its definition', async () => {
    const result = await runInstalled(['cancel', 'fake-vendor', 'j1', '--url', url, '--team', 'blue']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('jobwire: fake-vendor cannot cancel jobs: the fake API has no cancel');
  });
});
