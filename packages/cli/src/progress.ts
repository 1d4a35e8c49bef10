import type { JobStatus, PollEvent } from '@jobwire/core';
import { createLogUpdate } from 'log-update';
import { duration } from './durations.js';
import { errorMessage } from './failure.js';
import { type Io, writeLine } from './io.js';
import { stateLabel } from './render.js';

/** The progress of one wait: feed it every poll (waitForJob's `onPoll`). */
export type ProgressRow = (event: PollEvent) => void;

/**
 * Shows waits as they go: on a terminal, one live line per wait (state, vendor status, elapsed,
 * next poll) redrawn in place; otherwise a plain line whenever a wait's status changes.
 */
export interface ProgressBoard {
  row(label: string): ProgressRow;
  /** Stops redrawing and leaves the last lines on screen; the caller prints outcomes after. */
  stop(): void;
}

interface RowState {
  label: string;
  started: number;
  last?: JobStatus | undefined;
  nextPollAt?: number | undefined;
  error?: string | undefined;
}

/** How a board shows: `plain` lines even on a terminal (when other lines are written alongside). */
export interface ProgressBoardOptions {
  plain?: boolean | undefined;
  now?: () => number;
}

export function createProgressBoard(io: Io, { plain = false, now = Date.now }: ProgressBoardOptions = {}): ProgressBoard {
  return io.stdout.isTTY && !plain ? liveBoard(io, now) : plainBoard(io, now);
}

function plainBoard(io: Io, now: () => number): ProgressBoard {
  return {
    row(label) {
      const started = now();
      let last: JobStatus | undefined;
      return ({ status }) => {
        if (status && (status.state !== last?.state || status.vendorStatus !== last?.vendorStatus)) {
          writeLine(io.stdout, `${label}: ${status.state} (${status.vendorStatus}) after ${duration(now() - started)}`);
        }
        last = status ?? last;
      };
    },
    stop() {},
  };
}

function liveBoard(io: Io, now: () => number): ProgressBoard {
  const rows: RowState[] = [];
  const render = createLogUpdate(io.stdout);
  const line = (row: RowState) => {
    const state = row.last ? stateLabel(row.last) : 'waiting for the first status';
    const next = row.nextPollAt === undefined ? '' : ` · next poll in ${duration(row.nextPollAt - now())}`;
    const trouble = row.error ? ` · retrying after: ${row.error}` : '';
    return `${row.label}: ${state} · ${duration(now() - row.started)}${next}${trouble}`;
  };
  const draw = () => render(rows.map(line).join('\n'));
  // Redraw every second so elapsed times and countdowns move between polls.
  const ticker = setInterval(draw, 1000);
  ticker.unref();
  return {
    row(label) {
      const row: RowState = { label, started: now() };
      rows.push(row);
      draw();
      return (event) => {
        row.last = event.status ?? row.last;
        // A server that cannot be reached, retried: said as the final error would say it, host and cause once.
        row.error = event.error === undefined ? undefined : errorMessage(event.error);
        row.nextPollAt = event.nextDelayMs === undefined ? undefined : now() + event.nextDelayMs;
        draw();
      };
    },
    stop() {
      clearInterval(ticker);
      draw();
      render.done();
    },
  };
}
