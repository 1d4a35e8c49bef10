/** How a simulated job ends. */
export type SimOutcome = 'succeeded' | 'failed' | 'cancelled';

/** How a simulator's jobs live: time queued, time running, how they end, and the clock. */
export interface LifecycleOptions {
  /** Time a job spends queued (default 200 ms). */
  queuedMs?: number;
  /** Time a job spends running (default 800 ms). */
  runningMs?: number;
  /** How jobs end (default succeeded); a function chooses per job, e.g. by workflow or process name. */
  outcome?: SimOutcome | ((input: { name: string; sequence: number }) => SimOutcome);
  /** The clock (default Date.now): tests can drive simulated time. */
  now?: () => number;
}

export type SimPhase = 'queued' | 'running' | SimOutcome;

/** One simulated job: its id, what it runs, when it was made, how it ends, and vendor extras. */
export interface SimJob<Extra = Record<string, unknown>> {
  /** The job's id. */
  id: string;
  /** Workflow / process / asset the job runs. */
  name: string;
  /** When it was created (the book's clock, ms). */
  createdAt: number;
  /** How it ends, unless cancelled. */
  outcome: SimOutcome;
  /** When a cancel was accepted, and in which phase. */
  cancelled?: { at: number; phase: 'queued' | 'running' };
  /** The vendor simulator's own fields. */
  extra: Extra;
}

/**
 * The jobs of one simulator and where each one is in its life: queued, then running, then its
 * outcome — driven by the clock, so a job's status is a pure function of time and cancels.
 */
export class JobBook<Extra = Record<string, unknown>> {
  /** Every job, by id. */
  readonly jobs = new Map<string, SimJob<Extra>>();
  private sequence = 0;
  /** Time a job spends queued. */
  readonly queuedMs: number;
  /** Time a job spends running. */
  readonly runningMs: number;
  /** The clock. */
  readonly now: () => number;
  private readonly outcome: NonNullable<LifecycleOptions['outcome']>;

  constructor(options: LifecycleOptions = {}) {
    this.queuedMs = options.queuedMs ?? 200;
    this.runningMs = options.runningMs ?? 800;
    this.now = options.now ?? Date.now;
    this.outcome = options.outcome ?? 'succeeded';
  }

  /** Creates a job now, with its outcome chosen by the book's `outcome` option. */
  create(id: string, name: string, extra: Extra): SimJob<Extra> {
    const sequence = ++this.sequence;
    const outcome = typeof this.outcome === 'function' ? this.outcome({ name, sequence }) : this.outcome;
    const job: SimJob<Extra> = { id, name, createdAt: this.now(), outcome, extra };
    this.jobs.set(id, job);
    return job;
  }

  /** The job with this id, if any. */
  get(id: string): SimJob<Extra> | undefined {
    return this.jobs.get(id);
  }

  /** Where the job is in its life now: queued, running, or its end. */
  phase(job: SimJob<Extra>): SimPhase {
    if (job.cancelled) return 'cancelled';
    const elapsed = this.now() - job.createdAt;
    if (elapsed < this.queuedMs) return 'queued';
    if (elapsed < this.queuedMs + this.runningMs) return 'running';
    return job.outcome;
  }

  /** When the job reached (or will reach) its final phase. */
  finishedAt(job: SimJob<Extra>): number {
    return job.cancelled?.at ?? job.createdAt + this.queuedMs + this.runningMs;
  }

  /** Records a cancel if the job is still queued or running; returns the phase it was cancelled in. */
  cancel(job: SimJob<Extra>): 'queued' | 'running' | undefined {
    const phase = this.phase(job);
    if (phase !== 'queued' && phase !== 'running') return undefined;
    job.cancelled = { at: this.now(), phase };
    return phase;
  }
}
