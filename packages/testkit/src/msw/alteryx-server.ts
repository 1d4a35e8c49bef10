// The samples served here are the files of specs/alteryx-server/samples/ (outside this package), imported:
// the build inlines them into the testkit's dist, so the published testkit reads no file.
import type { RequestHandler } from 'msw';
import cancelNoPermission from '../../../../specs/alteryx-server/samples/cancel-no-permission.json' with { type: 'json' };
import cancelNotQueuedOrRunning from '../../../../specs/alteryx-server/samples/cancel-not-queued-or-running.json' with {
  type: 'json',
};
import cancelQueued from '../../../../specs/alteryx-server/samples/cancel-queued.json' with { type: 'json' };
import cancelRunning from '../../../../specs/alteryx-server/samples/cancel-running.json' with { type: 'json' };
import jobMessages from '../../../../specs/alteryx-server/samples/job-messages.json' with { type: 'json' };
import jobView from '../../../../specs/alteryx-server/samples/job-view.json' with { type: 'json' };
import runWorkflowResponse from '../../../../specs/alteryx-server/samples/run-workflow.response.json' with { type: 'json' };
import tokenResponse from '../../../../specs/alteryx-server/samples/token-response.json' with { type: 'json' };
import workflowJobs from '../../../../specs/alteryx-server/samples/workflow-jobs.json' with { type: 'json' };
import workflowQuestions from '../../../../specs/alteryx-server/samples/workflow-questions.json' with { type: 'json' };
import { HttpResponse, http } from './msw-runtime.js';

/** The documented Alteryx samples, as served by `alteryxServerHandlers`. */
export const alteryxServerSamples = {
  jobView,
  jobMessages,
  cancelRunning,
  cancelQueued,
  cancelNotQueuedOrRunning,
  cancelNoPermission,
  runWorkflowResponse,
  tokenResponse,
  workflowJobs,
  workflowQuestions,
} as const;

/** Job ids that choose which documented answer a request gets. Any other id gets the JobView sample. */
export const alteryxServerJobIds = {
  /** DELETE → 200 "Cancelled Successfully." */
  running: '66ebd18d3d6200007e000d01',
  /** DELETE → 200 "Deleted Successfully." */
  queued: '66ebd18d3d6200007e000d02',
  /** DELETE → 400 "This job is not in 'Queued' or 'Running' state." */
  finished: '66ebd18d3d6200007e000d03',
  /** DELETE → 400 "You do not have permission to cancel this job." */
  forbidden: '66ebd18d3d6200007e000d04',
  /** Every job route → 404. */
  missing: '66ebd18d3d6200007e000d05',
} as const;

/** The client id and secret the Alteryx msw handlers accept. */
export const alteryxServerCredentials = {
  clientId: 'fake-client-id',
  clientSecret: 'fake-client-secret',
} as const;

/** Options of the Alteryx Server msw handlers: base URL, credentials, served bytes. */
export interface AlteryxServerHandlerOptions {
  /** The API root the client is given, e.g. `http://alteryx.test/webapi` (the default). */
  baseUrl?: string;
  /** The OAuth2 client id (API key). */
  clientId?: string;
  /** The OAuth2 client secret (API secret). A secret: never logged. */
  clientSecret?: string;
  /** Bytes served by the output download. */
  outputBytes?: Uint8Array;
}

const notFound = () => HttpResponse.json({ message: 'Job not found.' }, { status: 404 });
const unauthorized = () => HttpResponse.json({ message: 'Authorization has been denied for this request.' }, { status: 401 });

/**
 * msw handlers that answer like Alteryx Server, from the documented samples: the OAuth2 token
 * endpoint checks the Basic credentials, every other route the Bearer token it issued.
 */
export function alteryxServerHandlers(options: AlteryxServerHandlerOptions = {}): RequestHandler[] {
  const base = (options.baseUrl ?? 'http://alteryx.test/webapi').replace(/\/+$/, '');
  const basic = `Basic ${btoa(`${options.clientId ?? alteryxServerCredentials.clientId}:${options.clientSecret ?? alteryxServerCredentials.clientSecret}`)}`;
  const bearer = `Bearer ${tokenResponse.access_token}`;
  const authorized = (request: Request) => request.headers.get('authorization') === bearer;
  const output = options.outputBytes ?? new TextEncoder().encode('Region,Total\nEMEA,42\n');

  return [
    http.post(`${base}/oauth2/token`, async ({ request }) => {
      const form = new URLSearchParams(await request.text());
      if (request.headers.get('authorization') !== basic || form.get('grant_type') !== 'client_credentials') {
        return HttpResponse.json({ error: 'invalid_client' }, { status: 401 });
      }
      return HttpResponse.json(tokenResponse);
    }),
    http.get(`${base}/v3/jobs/:jobId`, ({ request, params }) => {
      if (!authorized(request)) return unauthorized();
      if (params.jobId === alteryxServerJobIds.missing) return notFound();
      return HttpResponse.json(jobView);
    }),
    http.get(`${base}/v3/jobs/:jobId/messages`, ({ request, params }) => {
      if (!authorized(request)) return unauthorized();
      if (params.jobId === alteryxServerJobIds.missing) return notFound();
      return HttpResponse.json(jobMessages);
    }),
    http.delete(`${base}/v3/jobs/:jobId`, ({ request, params }) => {
      if (!authorized(request)) return unauthorized();
      switch (params.jobId) {
        case alteryxServerJobIds.queued:
          return HttpResponse.json(cancelQueued);
        case alteryxServerJobIds.finished:
          return HttpResponse.json(cancelNotQueuedOrRunning, { status: 400 });
        case alteryxServerJobIds.forbidden:
          return HttpResponse.json(cancelNoPermission, { status: 400 });
        case alteryxServerJobIds.missing:
          return notFound();
        default:
          return HttpResponse.json(cancelRunning);
      }
    }),
    http.post(`${base}/v3/workflows/:workflowId/jobs`, ({ request }) =>
      authorized(request) ? HttpResponse.json(runWorkflowResponse) : unauthorized(),
    ),
    http.get(`${base}/v3/workflows/:workflowId/jobs`, ({ request }) =>
      authorized(request) ? HttpResponse.json(workflowJobs) : unauthorized(),
    ),
    http.get(`${base}/v3/workflows/:workflowId/questions`, ({ request }) =>
      authorized(request) ? HttpResponse.json(workflowQuestions) : unauthorized(),
    ),
    http.get(`${base}/v1/jobs/:jobId/output/:outputId`, ({ request, params }) => {
      if (!authorized(request)) return unauthorized();
      if (params.jobId === alteryxServerJobIds.missing) return notFound();
      // `format` is required (Swagger document); what a server answers without it is not documented.
      if (!new URL(request.url).searchParams.get('format')) {
        return HttpResponse.json({ message: 'The format parameter is required.' }, { status: 400 });
      }
      return new HttpResponse(output.slice(), {
        headers: { 'content-type': 'text/csv', 'content-disposition': `attachment; filename="${String(params.outputId)}.csv"` },
      });
    }),
  ];
}
