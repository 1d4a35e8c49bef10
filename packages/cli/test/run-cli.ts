import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

export interface CliResult {
  code: number | null;
  /** The signal that ended it, if one did. */
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunningCli {
  /** The process (a test may signal it). */
  child: ChildProcess;
  /** Resolves once stdout or stderr contains the text (the test then moves the simulator's clock); rejects if it exits first. */
  waitForOutput(text: string): Promise<void>;
  result: Promise<CliResult>;
}

/** Which `jobwire` to run (default: this package's built `dist/bin.js`) and Node's own flags. */
export interface HowToRun {
  /** The bin.js of another copy (an installed one). */
  bin?: string;
  /** Flags for Node before the script (`--import …`). */
  nodeArgs?: string[];
}

/**
 * Starts the built `jobwire` as a child process, the way users run it, with only the given
 * environment (plus PATH), so nothing from the developer's shell leaks in.
 */
export function startCli(args: string[], env: Record<string, string> = {}, how: HowToRun = {}): RunningCli {
  const child = spawn(process.execPath, [...(how.nodeArgs ?? []), how.bin ?? bin, ...args], {
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: Array<{ text: string; resolve: () => void }> = [];
  const check = () => {
    for (const waiter of waiters.filter((w) => (stdout + stderr).includes(w.text))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    check();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    check();
  });
  const result = new Promise<CliResult>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return {
    child,
    result,
    waitForOutput: (text) =>
      (stdout + stderr).includes(text)
        ? Promise.resolve()
        : Promise.race([
            new Promise<void>((resolve) => waiters.push({ text, resolve })),
            result.then((r) => {
              throw new Error(`jobwire exited (${r.code}) before printing ${JSON.stringify(text)}:\n${r.stdout}${r.stderr}`);
            }),
          ]),
  };
}

export function runCli(args: string[], env: Record<string, string> = {}, how: HowToRun = {}): Promise<CliResult> {
  return startCli(args, env, how).result;
}
