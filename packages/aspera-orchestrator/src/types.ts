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

/** A step as the work order routes describe it: `<work_step id=".."><status state="..">prose</status>`. */
export interface WorkOrderStep {
  /** The step id. */
  id: string;
  /** The step's name. */
  name?: string;
  /** The step's status, as the server wrote it. */
  status: AsperaStatusValue;
  /** The status element's prose. */
  statusDetails?: string;
}

/** A work order (status, start, cancel, reset, list). The same object from XML and from JSON. */
export interface WorkOrder {
  /** The work order id. */
  id: string;
  /** The work order's name, when it has one. */
  name?: string;
  /** The workflow the work order runs. */
  workflowId?: string;
  /** 1 (high) to 3 (low). */
  priority?: number;
  /** The `state` of `<status state="In Progress">`. */
  status: AsperaStatusValue;
  /** The prose of the status element, e.g. "Executing Step: Create faspex package". */
  statusDetails?: string;
  /** As the server wrote it, e.g. "2014-11-24 16:48:37 UTC". */
  createdAt?: string;
  /** When the work order last changed, as the server wrote it. */
  updatedAt?: string;
  /** The work order's steps, in order. */
  steps: WorkOrderStep[];
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

/** What `POST /api/login` returned: a bearer token. */
export interface LoginResult {
  /** The bearer token. */
  token: string;
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
  /** `work_order[priority]`: 1 (high) to 3 (low). */
  priority?: 1 | 2 | 3;
  /** `GET` (every version, the default) or `POST` (Orchestrator 4.x, parameters in a JSON body). */
  method?: 'GET' | 'POST';
}
