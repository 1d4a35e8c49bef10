import type { components } from './generated/openapi.js';
import type { RubyValue } from './ruby-literal.js';

type Schemas = components['schemas'];

/** A string union that still accepts values the server may add later. */
type Open<T extends string> = T | (string & {});

/** The wire format: JSON (the default) or XML. Both decode to the same objects. */
export type AsperaFormat = 'json' | 'xml';

/** Work order and step statuses as Orchestrator writes them (open list). */
export type AsperaStatusValue = Open<
  'Complete' | 'Failed' | 'Error' | 'Canceled' | 'In Progress' | 'Canceling' | 'Paused' | 'Inactive'
>;

/** An input, carried-through value or output of a step, as sent (a `hash` value is still text in XML). */
export type Variable = Schemas['Variable'];

/** One step of a work order, with the JSON sample's field names (XML's dashed names are mapped). */
export type WorkStep = Omit<Schemas['WorkStep'], 'status'> & { status: AsperaStatusValue };

/** `work_step_status/work_order.{xml,json}`: the step, its inputs, carried-through values and outputs. */
export interface WorkStepStatus {
  /** The step's input variables. */
  inputs: Variable[];
  /** The step's carry-through variables. */
  carry_thrus: Variable[];
  /** The step itself: id, name, status and times. */
  work_step: WorkStep;
  /** The step's output variables. */
  outputs: Variable[];
}

/** A decoded output value: a `hash` output is an object, in JSON and in XML (Ruby hash literal) alike. */
export type OutputValue = RubyValue;

/** One output of a step (`work_step_status/{stepId}.{xml,json}`). */
export interface StepOutput {
  /** The output's name. */
  name: string;
  /** The output's id (XML only: the JSON form sends just the value). */
  id?: number;
  /** `string`, `integer`, `hash`, ... (XML only). */
  type?: string;
  /** The output's value, decoded. */
  value: OutputValue;
}

/**
 * `work_order[priority]` as IBM documents it: an integer from 1 (low) to 3 (high). jobwire names
 * them `'low'`, `'normal'` (2, the middle value) and `'high'`.
 */
export type PriorityName = 'low' | 'normal' | 'high';

/** A priority to start a work order with: 1 (low), 2 (normal), 3 (high), or its name. */
export type AsperaPriority = 1 | 2 | 3 | PriorityName;

/** A step as the work order routes list it: `<work_step id=".."><name>..</name>`, with a status when the server gives one. */
export interface WorkOrderStep {
  /** The step id. */
  id: string;
  /** The step's name. */
  name?: string;
  /** The step's status, as the server wrote it (the documented work order status lists steps without one). */
  status?: AsperaStatusValue;
  /** The status element's prose, or the step's `statusDetails`. */
  statusDetails?: string;
}

/** Who started a work order and as whom it runs (`<ownership>`). */
export interface WorkOrderOwnership {
  /** `initiated_by`. */
  initiatedBy?: string;
  /** `running_as`. */
  runningAs?: string;
  /** `launched_by`. */
  launchedBy?: string;
}

/** A work order (status, start, cancel, reset). The same object from XML and from JSON. */
export interface WorkOrder {
  /** The work order id. */
  id: string;
  /** `master_id`: the top work order when this one is part of another. */
  masterId?: string;
  /** The work order's name, when it has one. */
  name?: string;
  /** The workflow the work order runs (`<workflow id="..">`). */
  workflowId?: string;
  /** The workflow revision it runs (`<workflow revision_id="..">`). */
  workflowRevisionId?: string;
  /** The workflow's name (the text of `<workflow>`). */
  workflowName?: string;
  /** 1 (low) to 3 (high), as the server wrote it. */
  priority?: number;
  /** `priority` by name: 1 `low`, 2 `normal`, 3 `high`. */
  priorityName?: PriorityName;
  /** `<priority dedicated_worker="..">`: the work order runs in its own worker process. */
  dedicatedWorker?: boolean;
  /** The `state` of `<status state="In Progress">`. */
  status: AsperaStatusValue;
  /** The prose of the status element, e.g. "Executing Step: Create faspex package". */
  statusDetails?: string;
  /** Who started it and as whom it runs. */
  ownership?: WorkOrderOwnership;
  /** As the server wrote it, e.g. "2014-11-24 16:48:37 UTC". */
  createdAt?: string;
  /** When it started, as the server wrote it. */
  initiatedAt?: string;
  /** When it last changed, as the server wrote it. */
  updatedAt?: string;
  /** When it finished, as the server wrote it (absent while it runs). */
  completedAt?: string;
  /** The work order's steps, in order. */
  steps: WorkOrderStep[];
  /** The whole answer in its JSON spelling (XML is converted), unknown elements included. */
  raw: Record<string, unknown>;
}

/** One work order of `work_orders_list`: its id, and what else the server sent. */
export interface WorkOrderSummary {
  /** The work order id. */
  id: string;
  /** The work order's name. */
  name?: string;
  /** Its status, when the list gives one. */
  status?: AsperaStatusValue;
  /** The status prose, when the list gives one. */
  statusDetails?: string;
  /** The workflow it runs. */
  workflowId?: string;
  /** As the server wrote it. */
  createdAt?: string;
  /** The item as sent. */
  raw: Record<string, unknown>;
}

/** A step after `work_step_cancel`: `<work_step action="cancel" id="">` with its status and timestamps. */
export interface WorkStepChange extends WorkOrderStep {
  /** The step's status after the request, e.g. `Canceling`. */
  status: AsperaStatusValue;
  /** The workflow of the step (`<workflow id="..">`). */
  workflowId?: string;
  /** The step's action (`<action type="UserInput" id="20"/>`). */
  action?: { type?: string; id?: string };
  /** The attempt number, when a `status` element gives it. */
  attempt?: number;
  /** As the server wrote it. */
  createdAt?: string;
  /** As the server wrote it. */
  initiatedAt?: string;
  /** As the server wrote it. */
  updatedAt?: string;
  /** As the server wrote it (absent while it runs). */
  completedAt?: string;
  /** The whole answer in its JSON spelling. */
  raw: Record<string, unknown>;
}

/** What `workstep_reset` answers: `<WorkStep_Reset>` (whether it reset, the steps) or, in JSON, the work order. */
export interface WorkStepReset {
  /** `<workstep_reset>true</workstep_reset>`, when the answer says. */
  reset?: boolean;
  /** The work order, when the answer names it. */
  workOrderId?: string;
  /** The work order's steps after the reset (those that carry an id). */
  steps: WorkOrderStep[];
  /** The whole answer in its JSON spelling. */
  raw: Record<string, unknown>;
}

/** `workflow_details`: how many work orders of a workflow are in each status. */
export interface WorkflowDetails {
  /** The workflow id. */
  id: string;
  /** The workflow's name, when the server gives it. */
  name?: string;
  /** One entry per status seen (statuses no work order has are left out). */
  statuses: WorkflowStatusCount[];
  /** The whole answer in its JSON spelling. */
  raw: Record<string, unknown>;
}

/** One status of `workflow_details`: XML `<status type count last_activity/>`, JSON `{status, count, last_activity}`. */
export interface WorkflowStatusCount {
  /** The status, e.g. `Complete`. */
  status: AsperaStatusValue;
  /** How many work orders are in it. */
  count: number;
  /** The last change, as the server wrote it. */
  lastActivity?: string;
  /** The workflow's name (JSON only). */
  workflowName?: string;
}

/** One run-time input of a workflow (`workflow_inputs_spec`). */
export interface WorkflowInput {
  /** The parameter's name: start with `parameters: { [name]: value }`. */
  name: string;
  /** Its id. */
  id?: string;
  /** `string`, `flag`, ... as the server wrote it. */
  valueType?: string;
  /** Whether a work order may leave it out. */
  optional?: boolean;
  /** Its default value, as the server wrote it. */
  value?: string;
}

/** `workflow_inputs_spec`: what a work order of this workflow takes as inputs. */
export interface WorkflowInputs {
  /** The workflow id. */
  workflowId?: string;
  /** The workflow's name. */
  workflowName?: string;
  /** The run-time parameters. */
  parameters: WorkflowInput[];
  /** The whole answer in its JSON spelling. */
  raw: Record<string, unknown>;
}

/** One output of a workflow (`workflow_outputs_spec`): a step's variable, without its value. */
export interface WorkflowOutput {
  /** The variable's name. */
  variableName: string;
  /** The step that sets it. */
  stepName?: string;
  /** Its id. */
  id?: string;
  /** `string`, ... as the server wrote it. */
  valueType?: string;
}

/** `workflow_outputs_spec`: the outputs a work order of this workflow will have. */
export interface WorkflowOutputs {
  /** The outputs, by step and variable name. */
  outputs: WorkflowOutput[];
  /** The whole answer in its JSON spelling. */
  raw: Record<string, unknown>;
}

/** One `variable` of `work_order_output`. */
export interface WorkOrderOutput {
  /** The output's name. */
  name: string;
  /** The step that produced it. */
  stepName?: string;
  /** The output's type, as the server wrote it. */
  type?: string;
  /** The output's value, decoded. */
  value: OutputValue;
}

/** A workflow as `workflows_list` returns it. */
export type WorkflowSummary = Schemas['WorkflowSummary'];

/** What `remote_node_ping` returned about the Orchestrator. */
export interface PingResult {
  /** `remote_orchestrator_info["orchestrator-version"]`, when the server says. */
  orchestratorVersion?: string;
  /** Everything `remote_orchestrator_info` held. */
  info: Record<string, unknown>;
}

/** What `getJobStatus`, `waitForJob` and `cancelJob` take: a work order, or one of its steps. */
export interface AsperaJobRef {
  /** The work order id. */
  workOrderId: string | number;
  /** A step of the work order, by name (spaces allowed). Without it, the work order itself. */
  stepName?: string;
}

/** Inputs and settings of a new work order (`/api/initiate`). */
export interface StartWorkOrderOptions {
  /** Workflow inputs: `external_parameters[NAME]=VALUE`. */
  parameters?: Record<string, string | number | boolean>;
  /** `work_order[name]`. */
  name?: string;
  /** `work_order[priority]`: 1 or `'low'`, 2 or `'normal'`, 3 or `'high'`. */
  priority?: AsperaPriority;
  /** `GET` (every version, the default) or `POST` (parameters in a JSON body; see the README's fidelity table). */
  method?: 'GET' | 'POST';
}
