// The samples served here are the files of specs/elma-rpa/samples/ (outside this package), imported:
// the build inlines them into the testkit's dist, so the published testkit reads no file.
import type { RequestHandler } from 'msw';
import contextVariable from '../../../../specs/elma-rpa/samples/context-variable.documented.json' with { type: 'json' };
import notApproved from '../../../../specs/elma-rpa/samples/error-system-not-approved.response.json' with { type: 'json' };
import taskNotFound from '../../../../specs/elma-rpa/samples/error-task-not-found.response.json' with { type: 'json' };
import processActualDocumented from '../../../../specs/elma-rpa/samples/process-actual.documented.response.json' with {
  type: 'json',
};
import processContext from '../../../../specs/elma-rpa/samples/process-context.response.json' with { type: 'json' };
import processFound from '../../../../specs/elma-rpa/samples/process-find.response.json' with { type: 'json' };
import processList from '../../../../specs/elma-rpa/samples/process-list.response.json' with { type: 'json' };
import statusOk from '../../../../specs/elma-rpa/samples/status-ok.response.json' with { type: 'json' };
import taskCreateRequest from '../../../../specs/elma-rpa/samples/task-create.request.json' with { type: 'json' };
import taskCreated from '../../../../specs/elma-rpa/samples/task-create.response.json' with { type: 'json' };
import taskDone from '../../../../specs/elma-rpa/samples/task-done.response.json' with { type: 'json' };
import taskError from '../../../../specs/elma-rpa/samples/task-error.response.json' with { type: 'json' };
import taskInQueue from '../../../../specs/elma-rpa/samples/task-in-queue.response.json' with { type: 'json' };
import { HttpResponse, http } from './msw-runtime.js';

/** The ELMA RPA samples, as served by `elmaRpaHandlers` (documented ones verbatim, see specs/elma-rpa/samples/README.md). */
export const elmaRpaSamples = {
  taskCreateRequest,
  taskCreated,
  taskInQueue,
  taskDone,
  taskError,
  taskNotFound,
  notApproved,
  processList,
  processActualDocumented,
  processFound,
  processContext,
  contextVariable,
  statusOk,
} as const;

/** The process the find and context handlers know (from `process-find.response.json`). */
const elmaRpaProcess = {
  /** Process token: `findProcess` answers for it, any other token gets `{"status": 404}`. */
  token: processFound.process.token,
  /** Version uuid: `getProcessContext` answers for it, any other gets `{"status": 404}`. */
  uuid: processFound.process.uuid,
} as const;

/** Task ids that choose which answer a request gets. */
export const elmaRpaTaskIds = {
  /** status → the documented DONE task; download → a file; cancel → the documented in-queue answer. */
  done: 955,
  /** status → a failed task with an `[ERR]` line in its log; cancel → 409 "not in the queue". */
  failed: 956,
  /** status → the documented in-queue (PREPARE) task. */
  queued: 957,
  /** cancel → 403: created by another system. */
  otherSystem: 958,
  /** Every task route → HTTP 200 with `{"status": 404}`. */
  missing: 4040,
} as const;

/** The system identifiers the ELMA RPA msw handlers know: one approved, one not. */
export const elmaRpaCredentials = {
  /** The system identifier of the documented create sample: approved. */
  authToken: '5d5ec66f-357d-4c2d-bbc1-2012278d2361',
  /** Registered but not approved yet: every call gets `{"status": 403}`. */
  unapprovedAuthToken: '0b7d2f4e-1c3a-4e5b-9d6f-7a8b9c0d1e2f',
} as const;

/** Options of the ELMA RPA msw handlers: base URL, auth token, cancel path. */
export interface ElmaRpaHandlerOptions {
  /** The Orchestrator URL the client is given (default `http://elma.test:48080`). */
  baseUrl?: string;
  /** The approved system identifier (default `elmaRpaCredentials.authToken`). */
  authToken?: string;
  /** Where cancel requests go (default `/v1/orchestra/task/cancel`, FACTS' guess). */
  cancelPath?: string;
  /** Bytes served by the file download. */
  fileBytes?: Uint8Array;
}

const unknownSystem = () => HttpResponse.json({ status: 401, error: 'the system is not registered' }, { status: 401 });

/**
 * msw handlers that answer like the ELMA RPA Orchestrator, from its samples. Every route is a
 * POST checking the `auth_tkn` (or `uuid`) in the JSON body; like ELMA, most failures come back
 * as HTTP 200 with the error in the body's `status`.
 */
export function elmaRpaHandlers(options: ElmaRpaHandlerOptions = {}): RequestHandler[] {
  const base = (options.baseUrl ?? 'http://elma.test:48080').replace(/\/+$/, '');
  const approved = options.authToken ?? elmaRpaCredentials.authToken;
  const file = options.fileBytes ?? new TextEncoder().encode('profile created for Ada Lovelace\n');

  /** The parsed body, or the answer to give instead when the system is not allowed in. */
  const readBody = async (request: Request, key: 'auth_tkn' | 'uuid' = 'auth_tkn') => {
    let body: Record<string, unknown>;
    try {
      body = (await request.json()) as Record<string, unknown>;
    } catch {
      return { refusal: HttpResponse.json({ status: 400, error: 'invalid JSON body' }) };
    }
    if (body[key] === approved) return { body };
    if (body[key] === elmaRpaCredentials.unapprovedAuthToken) return { refusal: HttpResponse.json(notApproved) };
    return { refusal: unknownSystem() };
  };
  const missing = () => HttpResponse.json(taskNotFound);

  return [
    http.post(`${base}/v1/orchestra/system/registration`, () => HttpResponse.json(statusOk)),
    http.post(`${base}/v1/orchestra/system/status`, async ({ request }) => {
      const { refusal } = await readBody(request, 'uuid');
      return refusal ?? HttpResponse.json(statusOk);
    }),
    http.post(`${base}/v1/repository/actual`, async ({ request }) => {
      const { refusal } = await readBody(request);
      return refusal ?? HttpResponse.json(processList);
    }),
    http.post(`${base}/v1/repository/find`, async ({ request }) => {
      const { refusal, body } = await readBody(request);
      if (refusal) return refusal;
      if (body.token !== elmaRpaProcess.token) return HttpResponse.json({ status: 404, error: 'process not found' });
      return HttpResponse.json(processFound);
    }),
    http.post(`${base}/v1/repository/context`, async ({ request }) => {
      const { refusal, body } = await readBody(request);
      if (refusal) return refusal;
      if (body.uuid !== elmaRpaProcess.uuid) return HttpResponse.json({ status: 404, error: 'process version not found' });
      return HttpResponse.json(processContext);
    }),
    http.post(`${base}/v1/orchestra/task/create`, async ({ request }) => {
      const { refusal } = await readBody(request);
      return refusal ?? HttpResponse.json(taskCreated);
    }),
    http.post(`${base}/v1/orchestra/task/status`, async ({ request }) => {
      const { refusal, body } = await readBody(request);
      if (refusal) return refusal;
      switch (body.id) {
        case elmaRpaTaskIds.failed:
          return HttpResponse.json(taskError);
        case elmaRpaTaskIds.queued:
          return HttpResponse.json(taskInQueue);
        case elmaRpaTaskIds.missing:
          return missing();
        default:
          return HttpResponse.json(taskDone);
      }
    }),
    http.post(`${base}${options.cancelPath ?? '/v1/orchestra/task/cancel'}`, async ({ request }) => {
      const { refusal, body } = await readBody(request);
      if (refusal) return refusal;
      switch (body.id) {
        case elmaRpaTaskIds.failed:
          return HttpResponse.json({ status: 409, error: `task ${body.id} is not in the queue` });
        case elmaRpaTaskIds.otherSystem:
          return HttpResponse.json({ status: 403, error: 'a task can be deleted only by the system that created it' });
        case elmaRpaTaskIds.missing:
          return missing();
        default:
          return HttpResponse.json(taskInQueue);
      }
    }),
    http.post(`${base}/v1/repository/task/download`, async ({ request }) => {
      const { refusal, body } = await readBody(request);
      if (refusal) return refusal;
      if (body.taskid !== elmaRpaTaskIds.done)
        return HttpResponse.json({ status: 404, error: `file ${String(body.filename)} not found` });
      return new HttpResponse(file.slice(), {
        headers: { 'content-type': 'application/octet-stream', 'content-length': String(file.byteLength) },
      });
    }),
  ];
}
