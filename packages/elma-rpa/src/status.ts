import { createJobStatus, createStateMapper, type JobState, type JobStatus } from '@jobwire/core';
import type { ElmaTask } from './types.js';

const byStatus = createStateMapper({
  PREPARE: 'queued',
  QUEUE: 'queued',
  EXECUTING: 'running',
  DONE: 'succeeded',
  ERROR: 'failed',
  CANCEL: 'cancelled',
  // The unset default says nothing about where the task is.
  EMPTY_ST: 'unknown',
});

/** ELMA task status → jobwire state; unknown values are `unknown`, never an exception. */
export function elmaTaskState(status: string | null | undefined): JobState {
  return byStatus(status);
}

/** Log levels of ELMA's log lines (`[ERR] 2020/06/29 14:08:23 | [source] | text`) that are errors. */
const ERROR_LINE = /^\s*\[(ERR|ERROR|FTL|FATAL)\]/i;

/**
 * The last error line of a task's log, trimmed; when the log has no line marked as an error,
 * its last non-empty line (a failed task's log usually ends with the reason). The log is read
 * from its end, line by line, so a long log whose error is near the end is not split whole.
 */
export function lastErrorLine(log: string | undefined): string | undefined {
  if (!log) return undefined;
  let lastNonEmpty: string | undefined;
  // Lines end with \n or \r\n; trim() drops the \r with the surrounding spaces.
  for (let end = log.length; ; ) {
    const newline = end > 0 ? log.lastIndexOf('\n', end - 1) : -1;
    const line = log.slice(newline + 1, end).trim();
    if (line !== '') {
      if (ERROR_LINE.test(line)) return line;
      lastNonEmpty ??= line;
    }
    if (newline < 0) return lastNonEmpty;
    end = newline;
  }
}

/** Turns an ELMA task into the common `JobStatus` (task status mapped to a `JobState`, output context as outputs). */
export function toJobStatus(task: ElmaTask): JobStatus<ElmaTask> {
  const state = elmaTaskState(task.status);
  return createJobStatus({
    vendor: 'elma-rpa',
    id: String(task.id),
    state,
    vendorStatus: task.status,
    detail: state === 'failed' ? lastErrorLine(task.log) : undefined,
    outputs: { ...(task.outputContext ?? {}) },
    raw: task,
  });
}
