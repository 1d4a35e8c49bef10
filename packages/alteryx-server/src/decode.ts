import { isRecord, type ShapeContext, shapeError } from '@jobwire/core';
import type { CancelJobResult, JobMessageView, JobView, TokenResponse, WorkflowJobView, WorkflowQuestion } from './types.js';

/*
 * The server's JSON is checked for the fields jobwire relies on before it is typed; a body
 * without them is an UnexpectedResponseError, never a TypeError later on.
 */

const isOptional = (value: unknown, type: 'string' | 'number' | 'boolean') =>
  value === undefined || value === null || typeof value === type;
const isOptionalArray = (value: unknown) => value === undefined || value === null || Array.isArray(value);

function isJobLike(value: unknown): value is Record<string, unknown> & { id: string; status: string } {
  return isRecord(value) && typeof value.id === 'string' && typeof value.status === 'string';
}

export function decodeJobView(value: unknown, context: ShapeContext): JobView {
  if (
    !isJobLike(value) ||
    !isOptional(value.disposition, 'string') ||
    !isOptionalArray(value.outputs) ||
    !isOptionalArray(value.messages) ||
    !((value.outputs as unknown[] | undefined) ?? []).every(isRecord) ||
    !((value.messages as unknown[] | undefined) ?? []).every(isRecord)
  ) {
    throw shapeError(context, 'a JobView with string id and status', value);
  }
  return value as JobView;
}

export function decodeWorkflowJobs(value: unknown, context: ShapeContext): WorkflowJobView[] {
  if (!Array.isArray(value) || !value.every(isJobLike)) throw shapeError(context, 'an array of WorkflowJobView', value);
  return value as WorkflowJobView[];
}

/** The documented answer is one JobMessageView (a one-element list here); an array is accepted too. */
export function decodeJobMessages(value: unknown, context: ShapeContext): JobMessageView[] {
  const list = isRecord(value) ? [value] : value;
  if (!Array.isArray(list) || !list.every(isRecord)) throw shapeError(context, 'an array of JobMessageView', value);
  return list as JobMessageView[];
}

export function decodeQuestions(value: unknown, context: ShapeContext): WorkflowQuestion[] {
  if (!Array.isArray(value) || !value.every((q) => isRecord(q) && typeof q.name === 'string')) {
    throw shapeError(context, 'an array of questions with a name', value);
  }
  return value as WorkflowQuestion[];
}

/** "Cancelled Successfully." for a running job, "Deleted Successfully." for a queued one. */
export function decodeCancel(value: unknown, context: ShapeContext): CancelJobResult {
  if (!isRecord(value) || typeof value.message !== 'string') throw shapeError(context, 'a message', value);
  return { outcome: /delet/i.test(value.message) ? 'deleted' : 'cancelled', message: value.message };
}

/** What a bearer token can hold and still travel in an `Authorization` header: visible ASCII (RFC 6750's b64token and more). */
const HEADER_TOKEN = /^[\x21-\x7e]+$/;

export function decodeToken(value: unknown, context: ShapeContext): TokenResponse {
  if (!isRecord(value) || typeof value.access_token !== 'string' || !HEADER_TOKEN.test(value.access_token)) {
    throw shapeError(context, 'an OAuth2 token response with access_token (visible ASCII, as a bearer token)', value);
  }
  const expires = Number(value.expires_in);
  return {
    access_token: value.access_token,
    expires_in: Number.isFinite(expires) && expires > 0 ? expires : 3600,
    token_type: typeof value.token_type === 'string' ? value.token_type : 'bearer',
  };
}
