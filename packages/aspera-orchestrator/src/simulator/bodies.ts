// The simulator's answers in the shapes IBM documents, in XML and in JSON: step status (2.6.0 /
// 3.0.3), work order (3.0.1 "status spec"), step cancel (3.0.3) and step reset (3.0.2).
import { json, type SimResponse } from '@jobwire/core/simulator';
import { escapeXml } from '@jobwire/xml';
import { INDEXED_TABLE, WORKFLOWS } from './catalog.js';
import type { AsperaOrchestratorSimulatorCredentials } from './options.js';
import { type Format, isoTime, railsTime, type Value, xmlBody, xmlScalar } from './wire.js';
import type { SimWorkOrder, StepView, Variable, WorkOrders } from './work-orders.js';

/** One output's value in JSON: a hash is an object there, not a Ruby literal. */
export function jsonValue(output: Variable): Value {
  if (output.type === 'integer') return Number(output.value);
  if (output.type === 'hash') return INDEXED_TABLE;
  return output.value;
}

/** Writes the answers of one simulator's work orders. */
export class Bodies {
  constructor(
    private readonly orders: WorkOrders,
    private readonly credentials: AsperaOrchestratorSimulatorCredentials,
  ) {}

  /** The `work_step` record of a step status (Rails' column names). */
  workStepData(order: SimWorkOrder, step: StepView): Record<string, Value> {
    const { book } = this.orders;
    const activated = order.createdAt + book.queuedMs + (step.rank - 1) * (book.runningMs / 2);
    const done = step.status === 'Complete' || step.status === 'Failed' || step.status === 'Canceled';
    const inactive = step.status === 'Inactive';
    return {
      workOrder_id: Number(order.id),
      preProcessing: null,
      group: Number(order.id),
      executionTimeout: 0,
      activable_date: inactive ? null : isoTime(activated),
      stepName: null,
      created_at: isoTime(order.createdAt),
      updated_at: isoTime(book.now()),
      timeout: null,
      on_timeout: null,
      step_type: step.type,
      attempt: 1,
      step_id: 3800 + step.rank,
      statusDetails: step.statusDetails,
      rank: step.rank,
      id: step.id,
      activation_date: inactive ? null : isoTime(activated),
      workflow_id: order.extra.workflowId,
      synch_filter: 0,
      completion_date: done ? isoTime(Math.min(book.now(), activated + book.runningMs / 2)) : null,
      action_id: step.rank,
      status: step.status,
      running_as: 2,
      original_activation_date: inactive ? null : isoTime(activated),
      workStepName: step.name,
      postProcessing: null,
    };
  }

  /** A step's status with its carry-thrus (the work order's parameters) and outputs. */
  stepStatus(order: SimWorkOrder, step: StepView, format: Format): SimResponse {
    const carry: Variable[] = Object.entries(order.extra.parameters).map(([name, value], i) => ({
      name,
      id: order.extra.outputBase - 100 + i,
      type: 'string',
      value,
    }));
    if (format === 'json') {
      const variable = ({ name, id, type, value }: Variable) => ({ name, id, type, value });
      return json({
        inputs: [],
        carry_thrus: carry.map(variable),
        work_step: this.workStepData(order, step),
        outputs: step.outputs.map(variable),
      });
    }
    const variables = (tag: string, list: Variable[]) =>
      list.length === 0
        ? `<${tag}s type="array"/>`
        : `<${tag}s type="array">${list
            .map(
              (v) =>
                `<${tag}><name>${escapeXml(v.name)}</name><id type="integer">${v.id}</id><type>${v.type}</type>${xmlScalar('value', v.value)}</${tag}>`,
            )
            .join('')}</${tag}s>`;
    const stepXml = xmlScalar('work_step', this.workStepData(order, step));
    return xmlBody(
      `<Work-step-status><inputs type="array"/>${variables('carry-thru', carry)}${stepXml}${variables('output', step.outputs)}</Work-step-status>`,
    );
  }

  /** One output of a step: its value (JSON), or `<Work_step_output>` (XML). */
  stepOutput(output: Variable, format: 'xml' | 'json'): SimResponse {
    if (format === 'json') return json(jsonValue(output));
    return xmlBody(
      `<Work_step_output><name>${escapeXml(output.name)}</name><id type="integer">${output.id}</id>${xmlScalar('value', output.value)}<type>${output.type}</type></Work_step_output>`,
    );
  }

  /** When the work order was created, started, updated and finished, for `<timestamps>` ('' while not yet). */
  private times(order: SimWorkOrder) {
    const { book } = this.orders;
    const phase = book.phase(order);
    const initiated = order.createdAt + book.queuedMs;
    const finished = order.cancelled?.at ?? initiated + book.runningMs;
    const done = phase !== 'queued' && phase !== 'running';
    return {
      created_at: railsTime(order.createdAt),
      initiated_at: phase === 'queued' ? '' : railsTime(initiated),
      updated_at: railsTime(book.now()),
      completed_at: done || order.cancelled ? railsTime(Math.min(book.now(), finished)) : '',
    };
  }

  /**
   * A work order as documented (3.0.1 "status spec"): `<work_order time action id master_id>` with
   * `<workflow id revision_id>`, `<status state>`, `<ownership>`, `<priority dedicated_worker>`,
   * `<timestamps>` and `<work_steps>`. JSON: the same data wrapped in `work_order`, attributes as
   * fields and element text as `content` (the JSON form is not documented).
   */
  workOrder(order: SimWorkOrder, format: Format, action = 'status'): SimResponse {
    const { book } = this.orders;
    const status = this.orders.status(order);
    const views = this.orders.stepViews(order);
    const workflow = WORKFLOWS.find((w) => w.id === order.extra.workflowId);
    const times = this.times(order);
    const user = this.credentials.username;
    const owner = { initiated_by: user, running_as: 'system', launched_by: user };
    if (format === 'json') {
      return json({
        work_order: {
          time: railsTime(book.now()),
          action,
          id: order.id,
          master_id: order.id,
          name: order.extra.title,
          workflow: { id: String(order.extra.workflowId), revision_id: '12', content: workflow?.name ?? '' },
          status: { state: status.state, content: status.prose },
          comments: '',
          latest_update: '',
          ownership: owner,
          priority: { dedicated_worker: 'false', content: String(order.extra.priority) },
          timestamps: times,
          work_steps: {
            work_step: views.map((s) => ({
              id: String(s.id),
              name: s.name,
              status: { state: s.status, content: s.statusDetails ?? '' },
            })),
          },
        },
      });
    }
    const stepsXml = views
      .map(
        (s) =>
          `<work_step id="${s.id}"><name>${escapeXml(s.name)}</name><status state="${escapeXml(s.status)}">${escapeXml(s.statusDetails ?? '')}</status></work_step>`,
      )
      .join('');
    const timesXml = Object.entries(times)
      .map(([k, v]) => (v === '' ? `<${k}/>` : `<${k}>${v}</${k}>`))
      .join('');
    return xmlBody(
      `<work_order time="${railsTime(book.now())}" action="${action}" id="${order.id}" master_id="${order.id}"><name>${escapeXml(order.extra.title)}</name><workflow id="${order.extra.workflowId}" revision_id="12">${escapeXml(workflow?.name ?? '')}</workflow><status state="${escapeXml(status.state)}">${escapeXml(status.prose)}</status><comments/><latest_update/><ownership><initiated_by>${escapeXml(owner.initiated_by)}</initiated_by><running_as>system</running_as><launched_by>${escapeXml(owner.launched_by)}</launched_by></ownership><priority dedicated_worker="false">${order.extra.priority}</priority><timestamps>${timesXml}</timestamps><work_steps>${stepsXml}</work_steps></work_order>`,
    );
  }

  /** A cancelled step as documented (3.0.3): `<work_step action="cancel" id="">`, two `<status>`, `<action>`, `<timestamps>`. */
  stepCancel(order: SimWorkOrder, step: StepView, format: 'xml' | 'json'): SimResponse {
    const { book } = this.orders;
    const prose = step.statusDetails ?? 'Cancel requested';
    const times = this.times(order);
    if (format === 'json') {
      return json({
        work_step: {
          time: railsTime(book.now()),
          action: 'cancel',
          id: '',
          name: step.name,
          workflow: { id: String(order.extra.workflowId) },
          status: [
            { state: 'Canceling', content: prose },
            { state: 'Canceling', attempt: '1', content: prose },
          ],
          timestamps: { ...times, completed_at: '' },
        },
      });
    }
    return xmlBody(
      `<work_step time="${railsTime(book.now())}" action="cancel" id="" ><name>${escapeXml(step.name)}</name><workflow id="${order.extra.workflowId}"></workflow><status state="Canceling">${escapeXml(prose)}</status><action type="${step.type}" id="${step.rank}"/><status state="Canceling" attempt="1">${escapeXml(prose)}</status><timestamps><created_at>${times.created_at}</created_at><initiated_at>${times.initiated_at}</initiated_at><updated_at>${times.updated_at}</updated_at><completed_at></completed_at></timestamps></work_step>`,
    );
  }

  /** A step reset as documented (3.0.2): XML `<WorkStep_Reset>` with one `<work_steps>` per step; JSON the work order. */
  stepReset(order: SimWorkOrder, format: 'xml' | 'json'): SimResponse {
    if (format === 'json') return this.workOrder(order, 'json', 'reset');
    const stepsXml = this.orders
      .stepViews(order)
      .map((s) => {
        const data = this.workStepData(order, s);
        return `<work_steps>${Object.entries(data)
          .map(([k, v]) => (v === null ? `<${k} />` : `<${k}>${escapeXml(String(v))}</${k}>`))
          .join('')}</work_steps>`;
      })
      .join('');
    return xmlBody(`<WorkStep_Reset><workstep_reset>true</workstep_reset>${stepsXml}</WorkStep_Reset>`);
  }
}
