import type { JobBook, SimJob } from '@jobwire/core/simulator';

/** What the ELMA simulator keeps about a task besides its lifecycle. */
export interface ElmaTaskExtra {
  /** The task id the Orchestrator gives (an integer). */
  numericId: number;
  /** The process the task runs (from the process-list sample). */
  process: { name: string; token: string; version: number; active: boolean };
  /** The process version the task runs. */
  version: number;
  /** The input context, as the JSON text the client sent. */
  ctx: string;
  /** The system (`auth_tkn`) that created the task: only it may cancel it. */
  system: string;
  /** Where the completion callback goes, when the task was created with one. */
  callback?: string;
  /** The completion callback was sent. */
  callbackSent?: boolean;
}

/** .NET's DateTime.MinValue: what ELMA reports for a time that is not set. */
const NOT_SET = '0001-01-01T00:00:00Z';
const BOT = '5e771afd-1261-4451-b059-4543d41a5814';
const FAILURE = "Element 'Save' was not found on the screen.";
export const REPORT_FILE = 'report.txt';

/** `2020/06/29 14:08:23`, as ELMA's log lines write times. */
function logTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ').replace(/-/g, '/');
}

export const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * How ELMA shows a task at the simulator's current time: its status (PREPARE for the first half
 * of the queued time, then QUEUE), the task object of the status endpoint with its log, metrics
 * and output context, and the bytes of its report file.
 */
export function elmaTaskViews(book: JobBook<ElmaTaskExtra>, fileSize: number | undefined) {
  const statusOf = (job: SimJob<ElmaTaskExtra>): string => {
    const phase = book.phase(job);
    if (phase === 'queued') return book.now() - job.createdAt < book.queuedMs / 2 ? 'PREPARE' : 'QUEUE';
    return { running: 'EXECUTING', succeeded: 'DONE', failed: 'ERROR', cancelled: 'CANCEL' }[phase];
  };

  const outputsOf = (job: SimJob<ElmaTaskExtra>) => ({
    result_out: `processed by ${job.extra.process.name}`,
    file_out: REPORT_FILE,
    finished_out: iso(book.finishedAt(job)),
  });

  const reportOf = (job: SimJob<ElmaTaskExtra>): string => {
    const line = `task ${job.extra.numericId}: ${job.extra.process.name} done\n`;
    const size = fileSize ?? line.length * 3;
    return line.repeat(Math.ceil(size / line.length)).slice(0, size);
  };

  /** The task as the status endpoint returns it. */
  const view = (job: SimJob<ElmaTaskExtra>) => {
    const status = statusOf(job);
    const { name, token } = job.extra.process;
    const started = job.createdAt + book.queuedMs;
    const ran = !(job.cancelled && job.cancelled.phase === 'queued') && book.now() >= started;
    const finished = ['DONE', 'ERROR', 'CANCEL'].includes(status);
    const at = (ms: number) => `[INF] ${logTime(ms)}`;
    const log = [`${at(job.createdAt)} | [ELMA.RPA.Bot.Server.RepositoryTask] | Started preparing a task for the bot.`];
    if (ran) log.push(`${at(started)} | [ELMA.RPA.Player.PlayerService] | Executing process '${name}' (token ${token}).`);
    if (status === 'DONE')
      log.push(`${at(book.finishedAt(job))} | [ELMA.RPA.Player.PlayerService] | Process '${name}' (token ${token}) completed!`);
    if (status === 'ERROR') log.push(`[ERR] ${logTime(book.finishedAt(job))} | [ELMA.RPA.Player.PlayerService] | ${FAILURE}`);
    if (status === 'CANCEL') log.push(`${at(book.finishedAt(job))} | [ELMA.RPA.Orchestrator] | Task canceled by the system.`);
    const updated = finished ? book.finishedAt(job) : ran ? started : job.createdAt;
    return {
      id: job.extra.numericId,
      process: token,
      version: job.extra.version,
      ctx: job.extra.ctx,
      system: job.extra.system,
      priority: 'MEDIUM',
      groups: [],
      status,
      ...(ran ? { bot: BOT } : {}),
      outputCtx: status === 'DONE' ? JSON.stringify(outputsOf(job), null, 1).replace(/\n/g, '\r\n') : null,
      log: `${log.join('\n')}\n`,
      metrics: { startTime: ran ? iso(started) : NOT_SET, endTime: ran && finished ? iso(book.finishedAt(job)) : NOT_SET },
      created: iso(job.createdAt),
      updated: iso(updated),
    };
  };

  return { statusOf, view, reportOf };
}
