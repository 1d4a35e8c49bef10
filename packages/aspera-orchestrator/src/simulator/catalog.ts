// What the simulated Orchestrator holds before any request: its workflows, the steps each runs, the
// inputs and outputs they declare, its version, and the wording of its failures.

/** The workflows the simulator knows; each runs the same two steps (`STEPS`). */
export const WORKFLOWS = [
  { id: 256, portableId: 'd7a1b3c0-5c1e-4d8e-9a55-2f0e7a9c1b10', name: 'Deliver to Faspex' },
  { id: 257, portableId: '4b0f3a9e-0c55-4a7b-8d1e-6f2c9e0a7d21', name: 'Transcode and deliver' },
] as const;

/** One of `WORKFLOWS`. */
export type Workflow = (typeof WORKFLOWS)[number];

/** The steps of every simulated work order, in rank order. */
export const STEPS = [
  { name: 'Check input', type: 'FileValidation' },
  { name: 'Create faspex package', type: 'FaspexDelivery' },
] as const;

/** The run-time inputs every simulated workflow declares (`workflow_inputs_spec`). */
export const WORKFLOW_INPUTS = [
  { name: 'source_file', value_type: 'string', optional: false, value: '' },
  { name: 'recipient', value_type: 'string', optional: true, value: 'ops@example.com' },
] as const;

/** The outputs every simulated workflow declares (`workflow_outputs_spec`). */
export const WORKFLOW_OUTPUTS = [
  { step_name: 'Check input', variable_name: 'file_count', value_type: 'integer' },
  { step_name: 'Create faspex package', variable_name: 'package_id', value_type: 'string' },
] as const;

/** What `remote_node_ping` reports. */
export const ORCHESTRATOR_VERSION = '4.0.1.75432 (simulated)';

/** Why a failing work order's last step failed. */
export const FAILURE = 'Faspex rejected the package: quota exceeded for user ops';

/** The `hash` output of the first step, as an object (JSON) — XML writes it as a Ruby literal. */
export const INDEXED_TABLE = { Mac: { node_id: 'localhost', node: 'Mac', capacity_kb: '20000' } };
