// The simulated work orders: created by `initiate`, run on the JobBook's clock through
// Inactive → In Progress → Complete / Failed / Canceled (through Canceling), two steps each, whose
// statuses and outputs follow from the work order's phase and the time.
import { JobBook, type SimJob, type SimPhase, seededRandom } from '@jobwire/core/simulator';
import { FAILURE, INDEXED_TABLE, STEPS, WORKFLOWS } from './catalog.js';
import type { AsperaOrchestratorSimulatorOptions } from './options.js';
import { rubyHash, uuid } from './wire.js';

/** What the simulator keeps about a work order besides the JobBook's lifecycle. */
export interface WorkOrderExtra {
  workflowId: number;
  title: string;
  priority: number;
  parameters: Record<string, string>;
  /** Step ids, in rank order. */
  stepIds: number[];
  /** Output ids, so that they stay the same between polls. */
  outputBase: number;
  packageId: string;
}

/** A simulated work order. */
export type SimWorkOrder = SimJob<WorkOrderExtra>;

/** A step variable (output or carry-thru) as Orchestrator stores it: the value as text. */
export interface Variable {
  name: string;
  id: number;
  type: 'string' | 'integer' | 'hash';
  value: string;
}

/** A step of a work order, as it is now. */
export interface StepView {
  id: number;
  rank: number;
  name: string;
  type: string;
  status: string;
  statusDetails: string | null;
  outputs: Variable[];
}

/** A work order's status now: the `<status state>`, its prose, and the JobBook's phase. */
export interface OrderStatus {
  state: string;
  prose: string;
  phase: SimPhase;
}

/** The work orders of one simulator, and the rules they change by. */
export class WorkOrders {
  readonly book: JobBook<WorkOrderExtra>;
  /** How long a cancelled work order shows `Canceling` before `Canceled`. */
  readonly cancelingMs: number;
  private readonly random: () => number;
  private readonly steps = new Map<number, { order: SimWorkOrder; rank: number }>();
  private nextWorkOrder = 9000;
  private nextStep = 46_000;
  private nextOutput = 60_000;

  constructor(options: AsperaOrchestratorSimulatorOptions) {
    this.book = new JobBook<WorkOrderExtra>(options);
    this.cancelingMs = options.cancelingMs ?? 100;
    this.random = seededRandom(options.chaos?.seed ?? 4);
  }

  /** The work order with this (numeric) id. */
  find(id: string): SimWorkOrder | undefined {
    return /^\d+$/.test(id) ? this.book.get(id) : undefined;
  }

  /** The step with this (numeric) id, with its work order. */
  findStep(id: string): { order: SimWorkOrder; step: StepView } | undefined {
    const entry = /^\d+$/.test(id) ? this.steps.get(Number(id)) : undefined;
    const step = entry ? this.stepViews(entry.order)[entry.rank] : undefined;
    return entry && step ? { order: entry.order, step } : undefined;
  }

  /** A new work order of a known workflow (`undefined` for an unknown one). */
  create(
    workflowId: string,
    parameters: Record<string, string>,
    settings: { name?: string; priority?: string },
  ): SimWorkOrder | undefined {
    const workflow = WORKFLOWS.find((w) => String(w.id) === workflowId);
    if (!workflow) return undefined;
    const id = String(++this.nextWorkOrder);
    const stepIds = STEPS.map(() => ++this.nextStep);
    this.nextOutput += 100;
    const priority = Number(settings.priority ?? 2);
    const order = this.book.create(id, workflow.name, {
      workflowId: workflow.id,
      title: settings.name ?? workflow.name,
      priority: priority >= 1 && priority <= 3 ? priority : 2,
      parameters,
      stepIds,
      outputBase: this.nextOutput,
      packageId: uuid(this.random),
    });
    stepIds.forEach((stepId, rank) => {
      this.steps.set(stepId, { order, rank });
    });
    return order;
  }

  /** Cancels the work order: a refusal message when it is already over. */
  cancel(order: SimWorkOrder): string | undefined {
    const before = this.status(order);
    return this.book.cancel(order) ? undefined : `Work order ${order.id} cannot be canceled: it is ${before.state}`;
  }

  /** Runs the work order again from its first step: a refusal message while it still runs. */
  reset(order: SimWorkOrder): string | undefined {
    const status = this.status(order);
    if (status.phase === 'queued' || status.phase === 'running') {
      return `Work order ${order.id} cannot be reset: it is ${status.state}`;
    }
    order.createdAt = this.book.now();
    delete order.cancelled;
    return undefined;
  }

  /** The work order's status, with the Canceling window: a cancel takes a moment to land. */
  status(order: SimWorkOrder): OrderStatus {
    const { book } = this;
    const phase = book.phase(order);
    if (order.cancelled) {
      return book.now() - order.cancelled.at < this.cancelingMs
        ? { state: 'Canceling', prose: 'Cancel requested', phase }
        : { state: 'Canceled', prose: 'Canceled by user', phase };
    }
    if (phase === 'queued') return { state: 'Inactive', prose: 'Waiting to start', phase };
    if (phase === 'running') {
      const running = this.stepViews(order).find((s) => s.status === 'In Progress')?.name ?? STEPS[0].name;
      return { state: 'In Progress', prose: `Executing Step: ${running}`, phase };
    }
    if (phase === 'succeeded') return { state: 'Complete', prose: 'Work order completed', phase };
    // The outcome `cancelled` without a cancel request: an operator cancelled it in the web UI.
    if (phase === 'cancelled') return { state: 'Canceled', prose: 'Canceled by operator', phase };
    return { state: 'Failed', prose: `Step "${STEPS[1].name}" failed: ${FAILURE}`, phase };
  }

  /** Each step's status: the first runs the first half of the run, the second the rest. */
  stepViews(order: SimWorkOrder): StepView[] {
    const { book } = this;
    const phase = book.phase(order);
    const elapsed = book.now() - order.createdAt - book.queuedMs;
    const half = book.runningMs / 2;
    const cancelledAt = order.cancelled ? order.cancelled.at - order.createdAt - book.queuedMs : undefined;
    const last = STEPS.length - 1;
    return order.extra.stepIds.map((id, rank) => {
      const step = STEPS[rank] ?? { name: `Step ${rank + 1}`, type: 'Generic' };
      const startsAt = rank * half;
      const endsAt = startsAt + half;
      let status: string;
      let statusDetails: string | null = null;
      if (cancelledAt !== undefined && cancelledAt < endsAt) {
        const canceling = book.now() - (order.cancelled?.at ?? 0) < this.cancelingMs;
        status = cancelledAt < startsAt ? 'Inactive' : canceling ? 'Canceling' : 'Canceled';
        if (status !== 'Inactive') statusDetails = 'Canceled by user';
      } else if (phase === 'failed' && rank === last) {
        status = 'Failed';
        statusDetails = FAILURE;
      } else if (phase === 'cancelled' && rank === last) {
        status = 'Canceled';
        statusDetails = 'Canceled by operator';
      } else if (phase === 'succeeded' || phase === 'failed' || phase === 'cancelled' || elapsed >= endsAt) {
        status = 'Complete';
        statusDetails = rank === 0 ? 'Input checked' : 'FASPEX Authorization received';
      } else if (phase === 'running' && elapsed >= startsAt) {
        status = 'In Progress';
        statusDetails = rank === 0 ? 'Checking input' : 'Uploading package';
      } else {
        status = 'Inactive';
      }
      const outputs = status === 'Complete' ? stepOutputs(order, rank) : [];
      return { id, rank: rank + 1, name: step.name, type: step.type, status, statusDetails, outputs };
    });
  }
}

/** A completed step's outputs: a count and a `hash` (first step), the Faspex package (second). */
function stepOutputs(order: SimWorkOrder, rank: number): Variable[] {
  const base = order.extra.outputBase + rank * 10;
  const { packageId } = order.extra;
  if (rank === 0) {
    return [
      { name: 'file_count', id: base, type: 'integer', value: '2' },
      { name: 'IndexedTable', id: base + 1, type: 'hash', value: rubyHash(INDEXED_TABLE) },
    ];
  }
  return [
    { name: 'package_id', id: base, type: 'string', value: packageId },
    {
      name: 'package_post_url',
      id: base + 1,
      type: 'string',
      value: `fasp://faspex@127.0.0.1:33001/${packageId}.aspera-package?token=sim&cookie=aspera.faspex20:u:${order.id}`,
    },
  ];
}
