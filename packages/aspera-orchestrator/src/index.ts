// Everything a caller needs from the core (errors, the status model, waitForJob, ClientOptions,
// CallOptions…), so that one package is enough; this package's own names follow.
export * from '@jobwire/core';
export type { AsperaAuth } from './auth.js';
export {
  type AsperaJobStatus,
  type AsperaOrchestratorClient,
  type AsperaOrchestratorClientConfig,
  type AsperaOrchestratorClientOptions,
  type AsperaOrchestratorConnection,
  createAsperaOrchestratorClient,
} from './client.js';
export { type AsperaErrorDetails, asperaErrorDetails, errorDetailsOf, firstLineOf, mapAsperaError } from './errors.js';
export type { components, paths } from './generated/openapi.js';
export { parseRubyLiteral, RubyLiteralError, type RubyValue } from './ruby-literal.js';
export { asperaJobState, stepOutputs, workOrderJobStatus, workStepJobStatus } from './status.js';
export type {
  AsperaFormat,
  AsperaJobRef,
  AsperaPriority,
  AsperaStatusValue,
  OutputValue,
  PingResult,
  PriorityName,
  StartWorkOrderOptions,
  StepOutput,
  Variable,
  WorkflowDetails,
  WorkflowInput,
  WorkflowInputs,
  WorkflowOutput,
  WorkflowOutputs,
  WorkflowStatusCount,
  WorkflowSummary,
  WorkOrder,
  WorkOrderOutput,
  WorkOrderOwnership,
  WorkOrderStep,
  WorkOrderSummary,
  WorkStep,
  WorkStepChange,
  WorkStepReset,
  WorkStepStatus,
} from './types.js';
