import type { components } from './generated/openapi.js';

type Schemas = components['schemas'];

/** A string union that still accepts values the server may add later. */
type Open<T extends string> = T | (string & {});

/** Job status as Alteryx writes it. `Completed` does not mean success: see `disposition`. */
export type AlteryxJobStatusValue = Open<'Created' | 'Queued' | 'Running' | 'Completed' | 'Cancelled'>;
/** The result of a finished job. */
export type AlteryxDisposition = Open<'Success' | 'Error' | 'Warning' | 'Cancelled' | 'None'>;
export type AlteryxPriority = Open<'Default' | 'Low' | 'Medium' | 'High' | 'Critical'>;

/** A job (GET /v3/jobs/{jobId}); with `includeMessages: false` only `id` and `status` are certain. */
export type JobView = Omit<Schemas['JobView'], 'status' | 'disposition' | 'priority'> & {
  status: AlteryxJobStatusValue;
  disposition?: AlteryxDisposition;
  priority?: AlteryxPriority;
};
export type WorkflowJobView = Omit<Schemas['WorkflowJobView'], 'status' | 'priority'> & {
  status: AlteryxJobStatusValue;
  priority?: AlteryxPriority;
};
export type EnqueueJobContract = Omit<Schemas['EnqueueJobContract'], 'priority'> & { priority?: AlteryxPriority };
export type AppValue = Schemas['AppValue'];
export type OutputDataView = Schemas['OutputDataView'];
/** A message inside a JobView. `status`: 1 info, 2 warning, 3 error (as far as is known). */
export type MessageView = Schemas['MessageView'];
export type JobMessageView = Schemas['JobMessageView'];
export type WorkflowQuestion = Schemas['WorkflowQuestion'];
export type InvalidRequestResponseBody = Schemas['InvalidRequestResponseBody'];
export type TokenResponse = Schemas['TokenResponse'];

/** What `cancelJob` did: a running job is cancelled, a queued one deleted. */
export interface CancelJobResult {
  outcome: 'cancelled' | 'deleted';
  /** The server's own words, e.g. "Cancelled Successfully.". */
  message: string;
}

export interface ListWorkflowJobsQuery {
  sortField?: string;
  direction?: 'asc' | 'desc';
  offset?: number;
  limit?: number;
  status?: AlteryxJobStatusValue;
  resultCode?: AlteryxDisposition;
}

export interface JobOutput {
  /** The bytes, unread: stream them to a file or a parser. */
  body: ReadableStream<Uint8Array>;
  contentType: string | undefined;
  /** From `Content-Disposition`, when the server names the file. */
  fileName: string | undefined;
  /** Reads the whole output into memory (small outputs only). */
  arrayBuffer(): Promise<ArrayBuffer>;
}
