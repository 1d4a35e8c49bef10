import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

// @jobwire/bullmq is not a dependency of the CLI: a CLI installed without it runs every other
// command, and `watch`/`worker` say what to install. And `--help` loads none of it.
const cliDir = fileURLToPath(new URL('..', import.meta.url));
let project: string;

const run = (bin: string, args: string[], env: Record<string, string> = {}, nodeArgs: string[] = []) =>
  runCli(args, env, { bin, nodeArgs });

// A user's project with the built CLI and its dependencies, but not @jobwire/bullmq: every entry
// of the CLI's node_modules is linked but that one.
beforeAll(() => {
  project = mkdtempSync(path.join(tmpdir(), 'jobwire-no-bullmq-'));
  const cli = path.join(project, 'node_modules', '@jobwire', 'cli');
  mkdirSync(path.join(cli, 'node_modules', '@jobwire'), { recursive: true });
  cpSync(path.join(cliDir, 'dist'), path.join(cli, 'dist'), { recursive: true });
  cpSync(path.join(cliDir, 'package.json'), path.join(cli, 'package.json'));
  const modules = path.join(cliDir, 'node_modules');
  for (const entry of readdirSync(modules)) {
    if (entry === '@jobwire') continue;
    symlinkSync(path.join(modules, entry), path.join(cli, 'node_modules', entry), 'dir');
  }
  for (const entry of readdirSync(path.join(modules, '@jobwire'))) {
    if (entry === 'bullmq') continue;
    symlinkSync(path.join(modules, '@jobwire', entry), path.join(cli, 'node_modules', '@jobwire', entry), 'dir');
  }
});

afterAll(() => {
  rmSync(project, { recursive: true, force: true });
});

describe('the CLI without @jobwire/bullmq', () => {
  const bin = () => path.join(project, 'node_modules', '@jobwire', 'cli', 'dist', 'bin.js');
  const needs = (command: string) =>
    `jobwire: jobwire ${command} needs @jobwire/bullmq, which is not installed: npm install @jobwire/bullmq (beside @jobwire/cli)\n`;

  it('watch and worker exit 2 naming the package and how to install it', async () => {
    const watch = await run(bin(), ['watch', 'alteryx-server', 'j1', '--redis', 'redis://127.0.0.1:1']);
    expect(watch.stderr).toBe(needs('watch'));
    expect(watch.code).toBe(2);
    const worker = await run(bin(), ['worker', 'alteryx-server', '--redis', 'redis://127.0.0.1:1']);
    expect(worker.stderr).toBe(needs('worker'));
    expect(worker.code).toBe(2);
    const json = await run(bin(), ['watch', 'alteryx-server', 'j1', '--redis', 'redis://127.0.0.1:1', '--json']);
    expect(JSON.parse(json.stdout).error.name).toBe('UsageError');
  });

  it('runs the other commands, and lists watch and worker in --help', async () => {
    const help = await run(bin(), ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^ {2}watch \[options\] <vendor> <id> /m);
    expect(help.stdout).toMatch(/^ {2}worker \[options\] \[vendors\.\.\.\] /m);
    const status = await run(bin(), ['status', 'alteryx-server', 'j1', '--url', 'http://127.0.0.1:9']);
    expect(status.code).toBe(2);
    expect(status.stderr).toContain('alteryx-server needs --client-id');
  });
});

describe('jobwire --help', () => {
  // Every module file Node loads, written down by a loader hook in the child process.
  it('loads no more of the CLI than before watch and worker (8 files of dist/), and nothing of @jobwire/bullmq', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jobwire-loads-'));
    try {
      writeFileSync(
        path.join(dir, 'hooks.mjs'),
        "import { appendFileSync } from 'node:fs';\nexport async function load(url, context, next) {\n  appendFileSync(process.env.JOBWIRE_LOAD_LOG, url + '\\n');\n  return next(url, context);\n}\n",
      );
      writeFileSync(
        path.join(dir, 'register.mjs'),
        "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n",
      );
      const log = path.join(dir, 'loaded.txt');
      writeFileSync(log, '');
      const bin = path.join(cliDir, 'dist', 'bin.js');
      const help = await run(bin, ['--help'], { JOBWIRE_LOAD_LOG: log }, ['--import', path.join(dir, 'register.mjs')]);
      expect(help.code).toBe(0);
      const loaded = readFileSync(log, 'utf8').split('\n').filter(Boolean);
      const files = loaded.filter((url) => url.startsWith('file:'));
      expect(files.filter((url) => /bullmq|ioredis/.test(url))).toEqual([]);
      // Only the CLI's own bundle: bin.js and the chunks of the command line (the same 8 as before).
      expect(files.every((url) => url.startsWith(`file://${path.join(cliDir, 'dist')}/`))).toBe(true);
      expect(files.length).toBeLessThanOrEqual(8);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
