import type { components } from './generated/openapi.js';

type Schemas = components['schemas'];

/** A string union that still accepts values the server may add later. */
type Open<T extends string> = T | (string & {});

/**
 * Task status as ELMA writes it. `PREPARE` is the initial status (input files are being
 * fetched), `EMPTY_ST` the unset default.
 */
export type ElmaTaskStatus = Open<'EMPTY_ST' | 'PREPARE' | 'QUEUE' | 'EXECUTING' | 'DONE' | 'ERROR' | 'CANCEL'>;
/** A task's priority as ELMA writes it; other strings pass through (the list is open). */
export type ElmaPriority = Open<'EMPTY_P' | 'HIGH' | 'MEDIUM' | 'LOW'>;

/** A task id: the server's integer, or its decimal text (as a command line gives it). */
export type TaskId = number | string;

/**
 * A value of an input context. ELMA types are string, int, double, bool, datetime (a `Date`
 * or ISO text), file (a URL the bot downloads: a `URL` or its text) and arrays of these.
 */
export type ContextValue =
  | string
  | number
  | boolean
  | null
  | Date
  | URL
  | readonly ContextValue[]
  | { readonly [name: string]: ContextValue };

/** The input context of a task: parameter name → value. Sent JSON-encoded as `ctx`. */
export type TaskContext = { readonly [name: string]: ContextValue };

/** A decoded JSON value, as found in an output context. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [name: string]: JsonValue };

/** Bot timing. Times the server reports as year 1 (`0001-01-01T00:00:00Z`, "not set") are absent. */
export interface TaskMetrics {
  /** When the bot started the process. */
  startTime?: string;
  /** When the bot completed the process. */
  endTime?: string;
}

/** A task as the Orchestrator reports it, with its JSON-in-a-string fields decoded. */
export interface ElmaTask {
  /** The task id. */
  id: number;
  /** The task's status, as the server wrote it. */
  status: ElmaTaskStatus;
  /** Process token. */
  process?: string;
  /** The process version the task runs. */
  version?: number;
  /** The task's priority. */
  priority?: ElmaPriority;
  /** UUID of the system that set the task. */
  system?: string;
  /** The bot groups the task may run on. */
  groups?: string[];
  /** The bot the task was given to. */
  bot?: string;
  /** The input context as the server stores it (JSON text, or a reference to it). */
  ctx?: string;
  /** The output context exactly as sent: JSON text. */
  outputCtx?: string;
  /** `outputCtx` decoded; absent when there is none or it is not a JSON object. */
  outputContext?: Record<string, JsonValue>;
  /** The execution log, one line per entry: `[INF] 2020/06/29 14:08:23 | [source] | text`. */
  log?: string;
  /** When the task was created, started and completed. */
  metrics: TaskMetrics;
  /** When the Orchestrator received the task. */
  created?: string;
  /** When the task was last updated. */
  updated?: string;
}

/** What `createTask` sends. The context is encoded to JSON for you. */
export interface CreateTaskInput<C extends TaskContext = TaskContext> {
  /** The process token (see `listProcesses`). */
  process: string;
  /** Process version; 0 (the default) runs the current version. */
  version?: number;
  /** A URL the Orchestrator POSTs to when the task has finished (see `parseTaskCallback`). */
  callback?: string | URL;
  /** The input context. */
  context: C;
}

/**
 * A process version of the repository, as `listProcesses` and `findProcess` give it: `uuid`
 * (the version), `token` (the process), `version`, `active`, `name`, `desc`, `hash`, `created`,
 * `uploaded`, `useruuid`, `fullname`, `groups`, and whatever else the server sends.
 */
export type ElmaProcess = Schemas['Process'];

/** A context variable's type as ELMA writes it; the documented values are listed, others pass through. */
export type ElmaVariableType = Open<'bool' | 'datetime' | 'double' | 'file' | 'int' | 'string' | 'mail'>;
/** A context variable's scope as ELMA writes it: `In` (input), `Out` (output), `InOut` (both). */
export type ElmaVariableScope = Open<'In' | 'Out' | 'InOut'>;

/** One context variable of a process version, as `getProcessContext` returns it. */
export interface ContextVariable {
  /** The variable name: the key in a task's input context and output context. */
  name: string;
  /** Its type (`bool`, `datetime`, `double`, `file`, `int`, `string`, `mail`), when sent. */
  type?: ElmaVariableType;
  /** Its scope (`In`, `Out`, `InOut`), when sent. */
  scope?: ElmaVariableScope;
  /** The variable holds an array of `type`, when the server says. */
  isArray?: boolean;
  /** The variable's description (`caption` in ELMA's API page). */
  caption?: string;
  /** A description as ELMA's own client reads it (`desc`), when sent. */
  desc?: string;
  /** The scope is `In` or `InOut` (any letter case): a task's input context may set it. */
  input: boolean;
  /** The scope is `Out` or `InOut` (any letter case): the output context may carry it. */
  output: boolean;
}

/** The context variables of a process version, and the same split by direction. */
export interface ProcessContext {
  /** Every variable, in the server's order. */
  variables: ContextVariable[];
  /** The variables a task's input context may set (`In`, `InOut`). */
  inputs: ContextVariable[];
  /** The variables the output context may carry (`Out`, `InOut`). */
  outputs: ContextVariable[];
}

/** Which version `findProcess` looks up. */
export interface FindProcessQuery {
  /** The version number; 0 (the default) is the current version. */
  version?: number;
}

/** One page of published processes. */
export interface ProcessPage {
  /** Number of processes over all pages, when the server says. */
  total: number | undefined;
  /** The processes of this page. */
  processes: ElmaProcess[];
}

/** Paging of `listProcesses`. */
export interface ListProcessesQuery {
  /** Page number (sent only when given; whether pages count from 0 or 1 is not documented). */
  page?: number;
  /** Processes per page (sent only when given). */
  limit?: number;
}

/** `getSystemStatus` resolves only for an approved system; otherwise it rejects with the server's reason. */
export interface SystemStatus {
  /** The system is registered and approved. */
  approved: true;
  /** The body's numeric status (200). */
  status: number;
}

/** What `registerSystem` sends: how your system appears to the Orchestrator's administrator. */
export interface RegisterSystemInput {
  /** Shown in the Orchestrator's admin console. */
  name: string;
  /** A description shown to the administrator. */
  desc?: string;
}

/**
 * A downloaded file of a task, unread. Read it once: stream `body`, call `arrayBuffer()`, or in
 * Node save it with `saveTaskFile` from `@jobwire/elma-rpa/node`.
 */
export interface TaskFile {
  /** The bytes as they arrive: nothing is buffered. */
  body: ReadableStream<Uint8Array>;
  /** The `Content-Type` of the download, when the server sent one. */
  contentType: string | undefined;
  /** The size in bytes, when the server sent `Content-Length`. */
  size: number | undefined;
  /** The file name asked for. */
  fileName: string;
  /** Reads the whole file into memory (small files only). */
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** The raw wire types, for `client.api` users. */
export type TaskWire = Schemas['Task'];
/** A task exactly as the Orchestrator sends it, before decoding. */
export type TaskResponseWire = Schemas['TaskResponse'];
/** ELMA's `{ status, … }` envelope, in which it reports errors (404, 403) inside a `200 OK`. */
export type StatusEnvelope = Schemas['StatusEnvelope'];
