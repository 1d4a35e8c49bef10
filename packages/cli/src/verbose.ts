// `--verbose`: the clients' own log lines — one per HTTP exchange (core's logging policy) and one
// per retry (its retry policy) — as lines for people on stderr, so stdout (and `--json`) stays what
// scripts parse.
import type { Logger } from '@jobwire/core';
import { createRedactor } from '@jobwire/core';
import { createColors } from 'picocolors';
import type { Io } from './io.js';

type Meta = Readonly<Record<string, unknown>>;

/** How a verbose line is drawn: colours only for a terminal, and never with `NO_COLOR` set. */
export interface VerboseStyle {
  color: boolean;
}

/** Colours for stderr when it is a terminal and `NO_COLOR` is unset or empty (https://no-color.org). */
export function verboseStyle(io: Io): VerboseStyle {
  const noColor = io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '';
  return { color: io.stderr.isTTY === true && !noColor };
}

/**
 * Control characters (ANSI escapes, carriage returns, newlines) shown as `\u001b`: a server's text
 * quoted in an error must not move the cursor, recolour the terminal or forge a line.
 */
export function printable(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;
const count = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** What an exchange line needs from the logging policy's meta; `undefined` when it carries none of it. */
function exchangeOf(meta: Meta | undefined) {
  const method = text(meta?.method);
  const url = text(meta?.url);
  const status = count(meta?.status);
  if (method === undefined || url === undefined || status === undefined) return undefined;
  return {
    method,
    url,
    status,
    durationMs: count(meta?.durationMs),
    operation: text(meta?.operation),
    attempt: count(meta?.attempt),
    requestId: text(meta?.requestId),
  };
}

/**
 * The error of a retry line without the `<vendor> <operation> failed: ` the line's message already
 * starts with (`aspera-orchestrator getJobStatus: retry 1 in 424 ms`), so it is said once.
 */
function withoutWho(message: string, error: string | undefined): string | undefined {
  const who = message.slice(0, Math.max(0, message.indexOf(': ')));
  const said = `${who} failed: `;
  return who && error?.startsWith(said) ? error.slice(said.length) : error;
}

/** `, attempt 2, request id abc`: what tells one exchange from another, when there is something to say. */
function notes(attempt: number | undefined, requestId: string | undefined): string[] {
  return [attempt !== undefined && attempt > 1 ? `attempt ${attempt}` : '', requestId ? `request id ${requestId}` : ''].filter(
    Boolean,
  );
}

/**
 * One line per log call:
 *
 * - an exchange (the logging policy's meta): `→ GET https://h/v3/jobs/1  200  45 ms  getJobStatus, attempt 2, request id abc`
 * - a retry (a warning): `↻ alteryx-server getJobStatus: retry 1 in 250 ms: <the error>  request id abc`
 * - any other line (a redirect, or an exchange logged without meta): `· <message>`
 *
 * Every part is the redacted text core logged, passed through `scrub` and with control characters
 * made visible, before any colour is added.
 */
export function formatVerbose(
  level: 'debug' | 'warn',
  message: string,
  meta: Meta | undefined,
  style: VerboseStyle,
  scrub: (text: string) => string = (s) => s,
): string {
  const c = createColors(style.color);
  const clean = (s: string) => printable(scrub(s));
  if (level === 'warn') {
    const error = withoutWho(message, text(meta?.error));
    const tail = notes(undefined, text(meta?.requestId));
    return c.yellow(clean(`↻ ${message}${error ? `: ${error}` : ''}${tail.length > 0 ? `  ${tail.join(', ')}` : ''}`));
  }
  const exchange = exchangeOf(meta);
  if (exchange === undefined) return c.dim(clean(`· ${message}`));
  const statusColor = exchange.status >= 500 ? c.red : exchange.status >= 400 ? c.yellow : c.green;
  const duration = exchange.durationMs === undefined ? '' : `  ${Math.round(exchange.durationMs)} ms`;
  const tail = [exchange.operation ?? '', ...notes(exchange.attempt, exchange.requestId)].filter(Boolean).join(', ');
  return [
    c.dim('→'),
    ` ${clean(`${exchange.method} ${exchange.url}`)}  `,
    statusColor(String(exchange.status)),
    duration,
    tail ? c.dim(`  ${clean(tail)}`) : '',
  ].join('');
}

/**
 * The logger a `--verbose` command gives its client: every line to `io.stderr`. Core has redacted
 * everything it logs; `secrets` (the command's secret settings) are scrubbed again from each line,
 * so a value core could not know as secret still never reaches the terminal.
 */
export function verboseLogger(io: Io, secrets: ReadonlyArray<string | undefined> = []): Logger {
  const style = verboseStyle(io);
  const redactor = createRedactor(secrets);
  const scrub = (s: string) => redactor.text(s);
  const write = (level: 'debug' | 'warn', message: unknown, meta: Meta | undefined) => {
    io.stderr.write(`${formatVerbose(level, String(message), meta, style, scrub)}\n`);
  };
  return {
    debug: (message, meta) => write('debug', message, meta),
    warn: (message, meta) => write('warn', message, meta),
  };
}
