/** Where a command reads its environment and writes: the process, or a test's capture. */
export interface Io {
  /** Where results go. */
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Where errors, progress and `--verbose` lines go (coloured only when `isTTY`). */
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** The environment variables the command reads its settings from. */
  env: NodeJS.ProcessEnv;
}

export const processIo: Io = { stdout: process.stdout, stderr: process.stderr, env: process.env };

export function writeLine(stream: NodeJS.WritableStream, line = ''): void {
  stream.write(`${line}\n`);
}
