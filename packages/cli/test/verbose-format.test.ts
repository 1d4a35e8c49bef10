// The `--verbose` lines themselves: from the logging policy's meta when it carries one, from the
// message when not; colours only on a terminal without NO_COLOR; nothing a server sent can move the
// cursor; a secret the CLI was given is scrubbed even where core did not know it.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Io } from '../src/io.js';
import { createProgressBoard } from '../src/progress.js';
import { formatVerbose, printable, verboseLogger, verboseStyle } from '../src/verbose.js';

const plain = { color: false };
const exchange = {
  vendor: 'alteryx-server',
  operation: 'getJobStatus',
  method: 'GET',
  url: 'https://h.example/webapi/v3/jobs/6507f1',
  status: 200,
  durationMs: 45.4,
  attempt: 1,
};

function captureIo(env: NodeJS.ProcessEnv = {}, isTTY = false): { io: Io; stdout: PassThrough; text: () => string } {
  const stdout = new PassThrough();
  const stderr = Object.assign(new PassThrough(), { isTTY });
  let written = '';
  stderr.on('data', (chunk: Buffer) => {
    written += chunk.toString('utf8');
  });
  return { io: { stdout, stderr, env }, stdout, text: () => written };
}

describe('formatVerbose', () => {
  it('draws an exchange from the meta: method, URL, status, time, operation', () => {
    expect(formatVerbose('debug', 'ignored when the meta says it all', exchange, plain)).toBe(
      '→ GET https://h.example/webapi/v3/jobs/6507f1  200  45 ms  getJobStatus',
    );
  });

  it('adds the attempt after the first and the request id when there is one', () => {
    expect(formatVerbose('debug', '', { ...exchange, status: 503, attempt: 3, requestId: 'req-7' }, plain)).toBe(
      '→ GET https://h.example/webapi/v3/jobs/6507f1  503  45 ms  getJobStatus, attempt 3, request id req-7',
    );
  });

  it('falls back to the message when the meta lacks the method, URL or status', () => {
    const message = 'alteryx-server getJobStatus: GET https://h.example/x → 200 (45 ms)';
    expect(formatVerbose('debug', message, undefined, plain)).toBe(`· ${message}`);
    expect(formatVerbose('debug', message, { url: 'https://h.example/x' }, plain)).toBe(`· ${message}`);
    expect(formatVerbose('debug', message, { ...exchange, status: '200' }, plain)).toBe(`· ${message}`);
  });

  it('draws a retry warning as its message, the error and the request id', () => {
    const message = 'aspera-orchestrator getWorkOrder: retry 1 in 250 ms';
    expect(
      formatVerbose('warn', message, { url: 'u', error: 'HTTP 503 Service Unavailable', attempt: 1, delayMs: 250 }, plain),
    ).toBe(`↻ ${message}: HTTP 503 Service Unavailable`);
    expect(formatVerbose('warn', message, { error: 'HTTP 503', requestId: 'abc-1' }, plain)).toBe(
      `↻ ${message}: HTTP 503  request id abc-1`,
    );
    expect(formatVerbose('warn', message, undefined, plain)).toBe(`↻ ${message}`);
    // The error's own `<vendor> <operation> failed: ` is what the message says already: said once.
    const error = 'aspera-orchestrator getWorkOrder failed: HTTP 503 Service Unavailable: busy';
    expect(formatVerbose('warn', message, { error }, plain)).toBe(`↻ ${message}: HTTP 503 Service Unavailable: busy`);
    const other = 'alteryx-server requestToken failed: HTTP 503';
    expect(formatVerbose('warn', message, { error: other }, plain)).toBe(`↻ ${message}: ${other}`);
  });

  it('shows control characters from a server as escapes', () => {
    const line = formatVerbose('warn', 'x: retry 1 in 0 ms', { error: 'bad\u001b[2J\r\nforged line\u009b' }, plain);
    expect(line).toBe('↻ x: retry 1 in 0 ms: bad\\u001b[2J\\u000d\\u000aforged line\\u009b');
    expect(printable('tab\there')).toBe('tab\\u0009here');
  });

  it('colours only when asked', () => {
    const coloured = formatVerbose('debug', '', { ...exchange, status: 503 }, { color: true });
    // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes are what is looked for
    expect(coloured).toMatch(/\u001b\[31m503\u001b\[39m/);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes are what is looked for
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(formatVerbose('debug', '', { ...exchange, status: 503 }, plain));
    expect(formatVerbose('debug', '', exchange, plain)).not.toContain('\u001b');
  });

  it('scrubs what the caller knows as secret before colouring', () => {
    const scrub = (text: string) => text.replaceAll('s3cret', '***');
    const line = formatVerbose('debug', '', { ...exchange, url: 'https://h.example/x?k=s3cret' }, { color: true }, scrub);
    expect(line).toContain('https://h.example/x?k=***');
    expect(line).not.toContain('s3cret');
  });
});

describe('verboseStyle', () => {
  it('colours a terminal, unless NO_COLOR is set to anything but empty', () => {
    expect(verboseStyle(captureIo({}, true).io)).toEqual({ color: true });
    expect(verboseStyle(captureIo({ NO_COLOR: '1' }, true).io)).toEqual({ color: false });
    expect(verboseStyle(captureIo({ NO_COLOR: '' }, true).io)).toEqual({ color: true });
    expect(verboseStyle(captureIo({}, false).io)).toEqual({ color: false });
  });
});

describe('verboseLogger', () => {
  it('writes one line per call to stderr, scrubbing the secrets it was given', () => {
    const { io, stdout, text } = captureIo();
    const logger = verboseLogger(io, ['pa55word-xyz', undefined]);
    logger.debug?.('', { ...exchange, url: 'https://h.example/x?login=admin&pass=pa55word-xyz' });
    logger.warn?.('aspera-orchestrator getWorkOrder: retry 1 in 0 ms', { error: 'denied for pa55word-xyz' });
    logger.debug?.('aspera-orchestrator getWorkOrder: redirected (HTTP 302) to https://h.example/y');
    const lines = text().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^→ GET https:\/\/h\.example\/x\?login=admin&pass=\*\*\* {2}200 {2}45 ms {2}getJobStatus$/);
    expect(lines[1]).toBe('↻ aspera-orchestrator getWorkOrder: retry 1 in 0 ms: denied for ***');
    expect(lines[2]).toBe('· aspera-orchestrator getWorkOrder: redirected (HTTP 302) to https://h.example/y');
    expect(lines[3]).toBe('');
    expect(stdout.read()).toBeNull();
  });
});

describe('the progress of a wait with --verbose', () => {
  it('is plain lines even on a terminal, so the verbose lines on stderr do not tear a redrawn one', () => {
    const stdout = Object.assign(new PassThrough(), { isTTY: true });
    let written = '';
    stdout.on('data', (chunk: Buffer) => {
      written += chunk.toString('utf8');
    });
    const io: Io = { stdout, stderr: new PassThrough(), env: {} };
    const board = createProgressBoard(io, { plain: true, now: () => 0 });
    const row = board.row('alteryx-server j1');
    const status = {
      vendor: 'alteryx-server',
      id: 'j1',
      state: 'running',
      done: false,
      vendorStatus: 'Running',
      outputs: {},
      raw: {},
    } as const;
    row({ poll: 1, status, nextDelayMs: 1000 });
    row({ poll: 2, status, nextDelayMs: 1000 });
    board.stop();
    // One line for the one change; no cursor movement or erasing (log-update's escapes).
    // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes are stripped to read the text
    expect(written.replace(/\u001b\[\d+m/g, '')).toBe('alteryx-server j1: running (Running) after 0ms\n');
  });
});
