import { isRecord, shapeError } from '@jobwire/core';
import {
  asArray,
  asRecord,
  assign,
  type DecodeContext,
  decodeBareText,
  decodeOutputValue,
  idOf,
  parseBody,
  statusOf,
  stepsOf,
  text,
  timestampsOf,
  toStep,
  unwrap,
  type Wire,
} from './decode.js';
import type {
  OutputValue,
  PingResult,
  StepOutput,
  WorkflowDetails,
  WorkflowInput,
  WorkflowInputs,
  WorkflowOutput,
  WorkflowOutputs,
  WorkflowStatusCount,
  WorkflowSummary,
  WorkOrderOutput,
  WorkOrderStep,
  WorkOrderSummary,
  WorkStepChange,
  WorkStepReset,
} from './types.js';

/*
 * The decoders of the calls a status poll never makes (outputs, cancel and reset answers, lists,
 * workflow specs, ping). The client imports this module on the first such call, so the bundle an
 * application loads up front to read and wait for a status does not carry them.
 */

/** XML: `<Work_step_output>` with name, id, type, value. JSON: the value itself. */
export function decodeStepOutput(body: string, wire: Wire, outputName: string, context: DecodeContext): StepOutput {
  if (wire.format === 'json') {
    // A JSON server sends the value itself; a plain string value may come unquoted (not JSON at all).
    const trimmed = body.trim();
    if (trimmed !== '' && !/^[[{"]/.test(trimmed)) {
      try {
        return { name: outputName, value: JSON.parse(trimmed) as OutputValue };
      } catch {
        return { name: outputName, value: decodeBareText(body, context) };
      }
    }
    const { value } = parseBody(body, wire, context);
    return { name: outputName, value: value as OutputValue };
  }
  const { value } = parseBody(body, wire, context);
  if (!isRecord(value) || !('value' in value)) throw shapeError(context, 'a Work_step_output with a value', value);
  const type = text(value.type);
  const output: StepOutput = {
    name: text(value.name) ?? outputName,
    value: decodeOutputValue(value.value, type, context),
  };
  if (typeof value.id === 'number') output.id = value.id;
  if (type) output.type = type;
  return output;
}

/**
 * A step after `work_step_cancel`: `<work_step action="cancel" id="">` (the documented answer has an
 * empty id: `stepId`, the id the caller asked for, stands in), its status (the first of the repeated
 * `status` elements), `<workflow id>`, `<action>` and `<timestamps>`. JSON: `{ "work_step": {...} }`.
 */
export function decodeWorkStepChange(body: string, wire: Wire, stepId: string, context: DecodeContext): WorkStepChange {
  const { value, inner } = unwrap(body, wire, context, 'work_step');
  const status = isRecord(inner) ? statusOf(inner.status, inner.statusDetails) : undefined;
  if (!isRecord(inner) || !status) throw shapeError(context, 'a work_step with a status', value);
  const statuses = asArray(inner.status);
  const attempt = Number(statuses.map((s) => (isRecord(s) ? s.attempt : undefined)).find((a) => a !== undefined));
  const action = isRecord(inner.action)
    ? assign<{ type?: string; id?: string }>({}, { type: text(inner.action.type), id: idOf(inner.action.id) })
    : undefined;
  return assign<WorkStepChange>(
    { id: idOf(inner.id) ?? stepId, status: status.status, raw: inner },
    {
      statusDetails: status.statusDetails,
      name: text(inner.name) ?? text(inner.workStepName),
      workflowId: idOf(asRecord(inner.workflow).id) ?? idOf(inner.workflow_id),
      action,
      attempt: Number.isInteger(attempt) ? attempt : undefined,
      ...timestampsOf(inner),
    },
  );
}

/**
 * `workstep_reset`: XML `<WorkStep_Reset><workstep_reset>true</workstep_reset><work_steps>…`
 * (one `work_steps` element per step); JSON `{ "work_order": {...} }` (documented only in part).
 * Steps without an id are kept in `raw` only.
 */
export function decodeWorkStepReset(body: string, wire: Wire, context: DecodeContext): WorkStepReset {
  const { root, value } = parseBody(body, wire, context);
  const key =
    root === undefined && isRecord(value)
      ? ['WorkStep_Reset', 'workstep_reset', 'work_order'].find((k) => k in value)
      : undefined;
  const inner = key !== undefined && isRecord(value) ? value[key] : value;
  if ((root !== undefined && root !== 'WorkStep_Reset') || !isRecord(inner) || (root === undefined && key === undefined)) {
    throw shapeError(context, 'a WorkStep_Reset (XML) or a work_order (JSON)', value);
  }
  const flag = inner.workstep_reset;
  const steps = stepsOf(inner.work_steps)
    .map(toStep)
    .filter((step): step is WorkOrderStep => step !== undefined);
  const firstStep = asRecord(asArray(inner.work_steps)[0]);
  return assign<WorkStepReset>(
    { steps, raw: inner },
    {
      reset: flag === true || flag === 'true' ? true : flag === false || flag === 'false' ? false : undefined,
      workOrderId: key === 'work_order' ? idOf(inner.id) : idOf(firstStep.workOrder_id),
    },
  );
}

/** `{workflows: {workflow: [...]}}` (one workflow may come unwrapped from XML), or a bare list. */
export function decodeWorkflows(body: string, wire: Wire, context: DecodeContext): WorkflowSummary[] {
  const { value } = parseBody(body, wire, context);
  const container = isRecord(value) && 'workflows' in value ? value.workflows : value;
  const list = asArray(isRecord(container) ? container.workflow : container);
  if (!list.every((item) => isRecord(item) && idOf(item.id) !== undefined)) {
    throw shapeError(context, 'a list of workflows with an id', value);
  }
  return list as WorkflowSummary[];
}

/** `work_orders_list`: `{ "work_orders": [...] }` (what IBM's aspera-cli reads), `{ work_orders: { work_order: [...] } }` or XML. Each needs an id. */
export function decodeWorkOrders(body: string, wire: Wire, context: DecodeContext): WorkOrderSummary[] {
  const { value } = parseBody(body, wire, context);
  const container = isRecord(value) && 'work_orders' in value ? value.work_orders : value;
  const list = asArray(isRecord(container) && 'work_order' in container ? container.work_order : container);
  return list.map((item) => {
    const id = isRecord(item) ? (idOf(item.id) ?? idOf(item.work_order_id)) : undefined;
    if (!isRecord(item) || id === undefined) throw shapeError(context, 'a list of work orders with an id', value);
    const status = statusOf(item.status, item.status_details ?? item.statusDetails);
    return assign<WorkOrderSummary>(
      { id, raw: item },
      {
        name: text(item.name),
        ...status,
        workflowId: idOf(asRecord(item.workflow).id) ?? idOf(item.workflow_id),
        createdAt: timestampsOf(item).createdAt,
      },
    );
  });
}

/** `workflow_details`: XML `<workflows><workflow id name><status type count last_activity/>…`; JSON `{workflows: {workflow: {id, statuses: [...]}}}`. */
export function decodeWorkflowDetails(body: string, wire: Wire, context: DecodeContext): WorkflowDetails {
  const { value, inner } = unwrap(body, wire, context, 'workflows');
  const workflow = isRecord(inner) ? inner.workflow : undefined;
  const id = isRecord(workflow) ? (idOf(workflow.id) ?? idOf(asRecord(inner).id)) : undefined;
  if (!isRecord(workflow) || id === undefined) throw shapeError(context, 'workflows.workflow with an id', value);
  const statuses = asArray(workflow.statuses ?? workflow.status).map((item) => {
    const entry = asRecord(item);
    const status = text(entry.status) ?? text(entry.type);
    const count = Number(entry.count);
    if (status === undefined || entry.count === undefined || !Number.isFinite(count)) {
      throw shapeError(context, 'statuses with a status and a count', value);
    }
    return assign<WorkflowStatusCount>(
      { status, count },
      { lastActivity: text(entry.last_activity), workflowName: text(entry.workflowName) },
    );
  });
  return assign<WorkflowDetails>({ id, statuses, raw: workflow }, { name: text(workflow.name) });
}

const flagOf = (value: unknown) =>
  value === true || value === 'true' ? true : value === false || value === 'false' ? false : undefined;

/** `workflow_inputs_spec`: `<workflow_inputs_spec><parameter id name>…` or `{workflow_inputs_spec: {parameter: [...]}}`. */
export function decodeWorkflowInputs(body: string, wire: Wire, context: DecodeContext): WorkflowInputs {
  const { value, inner } = unwrap(body, wire, context, 'workflow_inputs_spec');
  if (!isRecord(inner)) throw shapeError(context, 'a workflow_inputs_spec', value);
  const parameters = asArray(inner.parameter ?? inner.parameters).map((item) => {
    if (!isRecord(item) || typeof item.name !== 'string') throw shapeError(context, 'parameters with a name', value);
    const rawValue = item.value;
    return assign<WorkflowInput>(
      { name: item.name },
      {
        id: idOf(item.id),
        valueType: text(item.value_type),
        optional: flagOf(item.optional),
        value: typeof rawValue === 'string' || typeof rawValue === 'number' ? String(rawValue) : undefined,
      },
    );
  });
  return assign<WorkflowInputs>(
    { parameters, raw: inner },
    { workflowId: idOf(inner.workflow_id), workflowName: text(inner.workflow_name) },
  );
}

/** `workflow_outputs_spec`: one `<context id>` per output (3.0.1 documentation; IBM's aspera-cli reads `output`). */
export function decodeWorkflowOutputs(body: string, wire: Wire, context: DecodeContext): WorkflowOutputs {
  const { value, inner } = unwrap(body, wire, context, 'workflow_outputs_spec');
  if (!isRecord(inner)) throw shapeError(context, 'a workflow_outputs_spec', value);
  const outputs = asArray(inner.context ?? inner.output).map((item) => {
    const name = isRecord(item) ? (text(item.variable_name) ?? text(item.name)) : undefined;
    if (!isRecord(item) || name === undefined) throw shapeError(context, 'outputs with a variable_name', value);
    return assign<WorkflowOutput>(
      { variableName: name },
      { stepName: text(item.step_name), id: idOf(item.id), valueType: text(item.value_type) },
    );
  });
  return { outputs, raw: inner };
}

/** `<work_order_output><variable name=".." type="..">value</variable>...`, or its JSON spelling. */
export function decodeWorkOrderOutputs(body: string, wire: Wire, context: DecodeContext): WorkOrderOutput[] {
  const { value } = parseBody(body, wire, context);
  const container = isRecord(value) && 'work_order_output' in value ? value.work_order_output : value;
  const list = asArray(isRecord(container) ? (container.variable ?? container.variables) : container);
  return list.map((item) => {
    if (!isRecord(item) || typeof item.name !== 'string') throw shapeError(context, 'variables with a name', value);
    const type = text(item.type);
    const output: WorkOrderOutput = {
      name: item.name,
      value: decodeOutputValue(item.value ?? item.content ?? '', type, context),
    };
    const stepName = text(item.step_name);
    if (stepName) output.stepName = stepName;
    if (type) output.type = type;
    return output;
  });
}

export function decodePing(body: string, wire: Wire, context: DecodeContext): PingResult {
  const { root, value } = parseBody(body, wire, context);
  const info = root === undefined && isRecord(value) ? value.remote_orchestrator_info : value;
  if (!isRecord(info)) throw shapeError(context, 'remote_orchestrator_info', value);
  const version = text(info['orchestrator-version']) ?? text(info.orchestrator_version);
  return version ? { orchestratorVersion: version, info } : { info };
}
