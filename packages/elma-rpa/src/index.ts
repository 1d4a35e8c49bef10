// Everything a caller needs from the core (errors, the status model, waitForJob, ClientOptions,
// CallOptions…), so that one package is enough; this package's own names follow.
export * from '@jobwire/core';
export { type ParseTaskCallbackOptions, parseTaskCallback } from './callback.js';
export {
  type CallOptions,
  createElmaRpaClient,
  DEFAULT_CANCEL_PATH,
  type ElmaRpaClient,
  type ElmaRpaClientOptions,
  type ElmaRpaConnection,
} from './client.js';
export { encodeContext } from './context.js';
export { HTTP_STATUS_HEADER, mapElmaError } from './errors.js';
export type { components, paths } from './generated/openapi.js';
export { elmaTaskState, lastErrorLine, toJobStatus } from './status.js';
export type {
  ContextValue,
  ContextVariable,
  CreateTaskInput,
  ElmaPriority,
  ElmaProcess,
  ElmaTask,
  ElmaTaskStatus,
  ElmaVariableScope,
  ElmaVariableType,
  FindProcessQuery,
  JsonValue,
  ListProcessesQuery,
  ProcessContext,
  ProcessPage,
  RegisterSystemInput,
  StatusEnvelope,
  SystemStatus,
  TaskContext,
  TaskFile,
  TaskId,
  TaskMetrics,
  TaskResponseWire,
  TaskWire,
} from './types.js';
