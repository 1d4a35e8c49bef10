import type { components } from './generated/openapi.js';

type Schemas = components['schemas'];

/** A string union that still accepts values the server may add later. */
type Open<T extends string> = T | (string & {});

/** Job status as Alteryx writes it. `Completed` does not mean success: see `disposition`. */
export type AlteryxJobStatusValue = Open<'Created' | 'Queued' | 'Running' | 'Completed' | 'Cancelled'>;
/** The result of a finished job. Only `Success` is a successful run; the list is open. */
export type AlteryxDisposition = Open<'Success' | 'Error' | 'Warning' | 'Cancelled' | 'None'>;
/** A job's priority as Alteryx writes it; other strings pass through (the list is open). */
export type AlteryxPriority = Open<'Default' | 'Low' | 'Medium' | 'High' | 'Critical'>;

/** A job (GET /v3/jobs/{jobId}); with `includeMessages: false` only `id` and `status` are certain. */
export type JobView = Omit<Schemas['JobView'], 'status' | 'disposition' | 'priority'> & {
  status: AlteryxJobStatusValue;
  disposition?: AlteryxDisposition;
  priority?: AlteryxPriority;
};
/** A job as `POST /v3/workflows/{workflowId}/jobs` and the jobs list return it. */
export type WorkflowJobView = Omit<Schemas['WorkflowJobView'], 'status' | 'priority'> & {
  status: AlteryxJobStatusValue;
  priority?: AlteryxPriority;
};
/** The body of `POST /v3/workflows/{workflowId}/jobs`: questions, priority, worker tag and the like. */
export type EnqueueJobContract = Omit<Schemas['EnqueueJobContract'], 'priority'> & { priority?: AlteryxPriority };
/** A workflow question's answer, sent when a job is queued (`{ name, value }`). */
export type AppValue = Schemas['AppValue'];
/** One output of a finished job: its id, file name and the formats it can be downloaded in. */
export type OutputDataView = Schemas['OutputDataView'];
/** A message inside a JobView. The meaning of `status` is not documented; jobwire reads 3 as an error. */
export type MessageView = Schemas['MessageView'];
/** A message of `GET /v3/jobs/{jobId}/messages` (the documented answer is one of these). */
export type JobMessageView = Schemas['JobMessageView'];
/** A question (an input) a workflow asks, from `GET /v3/workflows/{workflowId}/questions` (WorkflowQuestionView). */
export type WorkflowQuestion = Schemas['WorkflowQuestionView'];
/** One choice of a list question (WorkflowQuestionItemView): `{ key, value }`. */
export type WorkflowQuestionItem = Schemas['WorkflowQuestionItemView'];
/** The body of a 400 answer: the server's own message about the request. */
export type InvalidRequestResponseBody = Schemas['InvalidRequestResponseBody'];
/** The OAuth2 token response of `POST /oauth2/token`. */
export type TokenResponse = Schemas['TokenResponse'];

/** What `cancelJob` did: a running job is cancelled, a queued one deleted. */
export interface CancelJobResult {
  /** `cancelled` for a running job, `deleted` for a queued one. */
  outcome: 'cancelled' | 'deleted';
  /** The server's own words, e.g. "Cancelled Successfully.". */
  message: string;
}

/** Filters and paging of `GET /v3/workflows/{workflowId}/jobs`. */
export interface ListWorkflowJobsQuery {
  /** Field to sort by, e.g. `createDate`. */
  sortField?: string;
  /** Sort direction. */
  direction?: 'asc' | 'desc';
  /** Jobs to skip (paging). The Swagger document types it as a string; numbers are sent as digits. */
  offset?: number | string;
  /** Most jobs to return (paging). The Swagger document types it as a string; numbers are sent as digits. */
  limit?: number | string;
  /** Only jobs in this status. */
  status?: AlteryxJobStatusValue;
  /** Only jobs with this disposition. */
  resultCode?: AlteryxDisposition;
}

/** A job output file being downloaded: the unread body and what the response said about it. */
export interface JobOutput {
  /** The bytes, unread: stream them to a file or a parser. */
  body: ReadableStream<Uint8Array>;
  /** The `Content-Type` of the download, when the server sent one. */
  contentType: string | undefined;
  /** From `Content-Disposition`, when the server names the file. */
  fileName: string | undefined;
  /** Reads the whole output into memory (small outputs only). */
  arrayBuffer(): Promise<ArrayBuffer>;
}
