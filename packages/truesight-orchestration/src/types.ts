import type { XmlNode } from '@jobwire/xml';
import type { components } from './generated/openapi.js';

type Schemas = components['schemas'];

/** A string union that still accepts values the server may add later. */
type Open<T extends string> = T | (string & {});

/** The component called: the CDP, or an activity peer (execute process only before 7.9.01). */
export type TrueSightComponent = 'baocdp' | 'baoap';

/** Job status as the server writes it; compared case-insensitively (the documented sample says `COMPLETED`). */
export type TrueSightJobStatusValue = Open<'Assigned' | 'Completed' | 'Compensated' | 'Cancelled' | 'Canceled'>;

/** GET /job/{jobId}/status, as the server sent it. */
export type JobStatusResponse = Omit<Schemas['JobStatusResponse'], 'status'> & { status: TrueSightJobStatusValue };
/** One output parameter, its value as sent: an XML fragment `<result>…</result>`, raw or entity-escaped. */
export type OutputParameter = Schemas['OutputParameter'];
/** One input parameter of executeProcess. `type` is optional (e.g. `xml`). */
export type InputParameter = Schemas['InputParameter'];
/** The body of `POST /process/{processName}/execute`: input parameters and mode. */
export type ExecuteProcessRequest = Schemas['ExecuteProcessRequest'];
/** The body of `POST /login`: the `Authentication-Token`. */
export type LoginResponse = Schemas['LoginResponse'];

/**
 * A decoded output value: the text inside `<result>…</result>` ("OK", "200"), the parsed XML
 * object when the result holds elements, or null when the server sent no value.
 */
export type OutputValue = XmlNode;

/** Inputs for executeProcess: a list of parameters, or a name → value map (values sent as text). */
export type ProcessInputs = readonly InputParameter[] | Readonly<Record<string, string | number | boolean>>;

/** `sync` waits for the process and returns its outputs; `async` returns a job id at once. */
export type ExecutionMode = 'sync' | 'async';

/** What a sync execution returned: the process's output parameters, raw and decoded. */
export interface SyncExecution {
  /** Synchronous execution. */
  mode: 'sync';
  /** The process's output parameters, raw and decoded. */
  outputParameters: OutputParameter[];
  /** Output values by parameter name, `<result>` unwrapped. */
  outputs: Record<string, OutputValue>;
}

/** What an async execution returned: the id of the job now running the process. */
export interface AsyncExecution {
  /** Asynchronous execution. */
  mode: 'async';
  /** The id of the job running the process. */
  jobId: string;
}

/** What `executeProcess` returned: outputs (sync) or a job id (async). */
export type ExecutionResult = SyncExecution | AsyncExecution;

/** A job's status, friendly: the response fields, the start time parsed, the outputs decoded. */
export interface TrueSightJob {
  /** The id asked for (the response does not repeat it). */
  jobId: string;
  /** Fully qualified process name (`processName`, or `ProcessName` as the documentation's table spells it). */
  processName: string | undefined;
  /** The process name, when the server says. */
  name: string | undefined;
  /** The peer that runs the job, when the server says. */
  peerId: string | undefined;
  /** The job's status, as the server wrote it. */
  status: TrueSightJobStatusValue;
  /** Java `Date.toString()` text, as sent: `Wed Dec 31 17:59:59 CST 1969`. */
  startTime: string | undefined;
  /** `startTime` as a Date when its format and time zone are recognised. */
  startedAt: Date | undefined;
  /** The output parameters as sent. */
  outputParameters: OutputParameter[];
  /** Output values by parameter name, `<result>` unwrapped. */
  outputs: Record<string, OutputValue>;
  /** The response body as received. */
  raw: JobStatusResponse;
}
