/**
 * Independent SOAP stacks for the interop tests: Python's zeep (client) and spyne (server), from
 * Debian's packages (`apt-get install python3-zeep python3-spyne`), run with Debian's own Python:
 * a Python first on PATH (pyenv, a venv) does not see Debian's packages. `.ci/run` installs them
 * when it may; without them the tests are skipped and say why.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Debian's Python, where python3-zeep and python3-spyne install (`JOBWIRE_INTEROP_PYTHON` overrides). */
export const PYTHON = process.env.JOBWIRE_INTEROP_PYTHON ?? '/usr/bin/python3';

/** Why the independent stacks cannot run here, or undefined when they can. */
export function whyNoPython(): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', 'import zeep, spyne'], { encoding: 'utf8', timeout: 60_000 });
  if (probe.error)
    return `${PYTHON} cannot run (${probe.error.message}): install Debian's python3, python3-zeep and python3-spyne`;
  if (probe.status !== 0) {
    const said = (probe.stderr || '').trim().split('\n').pop() ?? '';
    return `${PYTHON} -c "import zeep, spyne" failed (${said}): apt-get install -y python3-zeep python3-spyne`;
  }
  return undefined;
}

/** A script in test/interop/. */
export const script = (name: string) => fileURLToPath(new URL(name, import.meta.url));

/** The spyne publishing server (test/interop/spyne_server.py) on 127.0.0.1, a free port; `stop()` ends it. */
export async function startSpyneServer(): Promise<{ endpoint: string; stop: () => Promise<void> }> {
  const child = spawn(PYTHON, [script('spyne_server.py')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const port = await new Promise<number>((resolve, reject) => {
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const line = stdout.split('\n')[0] as string;
      if (stdout.includes('\n')) resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once('exit', (code) => reject(new Error(`spyne server exited (${code}) before listening: ${stderr}`)));
    child.once('error', reject);
  });
  return { endpoint: `http://127.0.0.1:${port}/`, stop: () => stop(child) };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Runs test/interop/zeep_client.py with `job` on its standard input; resolves with its JSON output. */
export function runZeep<T>(job: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [script('zeep_client.py')], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`zeep_client.py exited ${code}: ${stderr}`));
      else resolve(JSON.parse(stdout) as T);
    });
    child.stdin.end(JSON.stringify(job));
  });
}
