// The samples served here are the files of specs/truesight-orchestration/samples/ (outside this
// package), imported: the build inlines them into the testkit's dist, so the published testkit reads
// no file.
import type { RequestHandler } from 'msw';
import executeRequest from '../../../../specs/truesight-orchestration/samples/execute.request.json' with { type: 'json' };
import executeAsyncResponse from '../../../../specs/truesight-orchestration/samples/execute-async.response.json' with {
  type: 'json',
};
import executeSyncResponse from '../../../../specs/truesight-orchestration/samples/execute-sync.response.json' with {
  type: 'json',
};
import executeXmlRequest from '../../../../specs/truesight-orchestration/samples/execute-xml.request.json' with { type: 'json' };
import jobStatus from '../../../../specs/truesight-orchestration/samples/job-status.json' with { type: 'json' };
import loginRequest from '../../../../specs/truesight-orchestration/samples/login.request.json' with { type: 'json' };
import loginRequestTso82 from '../../../../specs/truesight-orchestration/samples/login.request.tso82.json' with { type: 'json' };
import loginBao8 from '../../../../specs/truesight-orchestration/samples/login.response.bao8.headers.json' with { type: 'json' };
import loginResponse from '../../../../specs/truesight-orchestration/samples/login.response.json' with { type: 'json' };
import loginTso82 from '../../../../specs/truesight-orchestration/samples/login.response.tso82.headers.json' with {
  type: 'json',
};
import loginTso2002 from '../../../../specs/truesight-orchestration/samples/login.response.tso2002.headers.json' with {
  type: 'json',
};
import { HttpResponse, http } from './msw-runtime.js';

/** The documented TrueSight samples (and jobwire's fixtures), as served by `trueSightHandlers`. */
export const trueSightSamples = {
  /** The documented job status, in its faithful JSON form (the verbatim text is not JSON). */
  jobStatus,
  loginRequest,
  loginResponse,
  executeRequest,
  /** The documented request with XML input values (faithful form: the documented text lacks a comma). */
  executeXmlRequest,
  /** The login request of BMC's REST call examples (8.2): documented sample credentials. */
  loginRequestTso82,
  /** The documented login answers: Atrium Orchestrator 8, TrueSight Orchestration 8.2, and 20.02+ (token also as a cookie). */
  loginAnswers: {
    bao8: loginBao8,
    tso82: loginTso82,
    tso2002: loginTso2002,
  },
  executeSyncResponse,
  executeAsyncResponse,
  /** The documented answer for a job id that does not exist. */
  invalidInput: 'Invalid input. No result generated',
} as const;

/** Credentials the handlers accept (the login fixture's fake values). */
export const trueSightCredentials = {
  username: loginRequest.username,
  password: loginRequest.password,
} as const;

/** The token the handlers issue on login, and accept afterwards. */
export const trueSightToken = 'FAKE-AUTH-TOKEN-jobwire-fixture-not-a-real-token';

/** Job ids that choose which answer a status request gets. Any other id gets the documented sample. */
export const trueSightJobIds = {
  /** The id of the async execution fixture (answered with the documented sample). */
  started: executeAsyncResponse.jobId,
  /** HTTP 200 "Invalid input. No result generated": the id does not exist. */
  missing: 'job-that-does-not-exist',
} as const;

/** Options of the TrueSight Orchestration msw handlers: base URL, component, credentials. */
export interface TrueSightHandlerOptions {
  /** The server root the client is given (the REST root `/{component}/rest` is added), default `http://truesight.test:38080`. */
  baseUrl?: string;
  /** `baocdp` (default) or `baoap`. */
  component?: 'baocdp' | 'baoap';
  /** The user name accepted (or sent). */
  username?: string;
  /** The password accepted (or sent). A secret: never logged. */
  password?: string;
}

const unauthorized = () => new HttpResponse('Unauthorized', { status: 401, headers: { 'content-type': 'text/plain' } });

/**
 * Login headers as TrueSight 20.02+ documents them: the token in the header and as a cookie,
 * beside JSESSIONID. The documented cookies are `Secure`; these are not, because msw's cookie store
 * refuses a secure cookie from the plain-HTTP test URL.
 */
function loginHeaders(root: string, token: string): Headers {
  const path = new URL(root).pathname.replace(/\/rest$/, '');
  const headers = new Headers({ 'Authentication-Token': token });
  headers.append('Set-Cookie', `JSESSIONID=FAKE-SESSION; Path=${path}; HttpOnly`);
  headers.append('Set-Cookie', `Authentication-Token=${token}; Path=${path}; HttpOnly`);
  return headers;
}

/**
 * msw handlers that answer like TrueSight Orchestration's REST service, from the documented
 * samples: login checks the credentials and returns the token in `Authentication-Token` (and, as
 * 20.02 and later do, in a cookie), every other route checks that header.
 */
export function trueSightHandlers(options: TrueSightHandlerOptions = {}): RequestHandler[] {
  const root = `${(options.baseUrl ?? 'http://truesight.test:38080').replace(/\/+$/, '')}/${options.component ?? 'baocdp'}/rest`;
  const username = options.username ?? trueSightCredentials.username;
  const password = options.password ?? trueSightCredentials.password;
  const authorized = (request: Request) => request.headers.get('authentication-token') === trueSightToken;

  return [
    http.post(`${root}/login`, async ({ request }) => {
      const body = (await request.json().catch(() => undefined)) as { username?: unknown; password?: unknown } | undefined;
      if (body?.username !== username || body?.password !== password) return unauthorized();
      return HttpResponse.json(loginResponse, { headers: loginHeaders(root, trueSightToken) });
    }),
    http.post(`${root}/logout`, ({ request }) =>
      authorized(request) ? new HttpResponse(null, { status: 200 }) : unauthorized(),
    ),
    http.post(`${root}/process/:processName/execute`, ({ request }) => {
      if (!authorized(request)) return unauthorized();
      const mode = new URL(request.url).searchParams.get('mode') ?? 'sync';
      return HttpResponse.json(mode === 'async' ? executeAsyncResponse : executeSyncResponse);
    }),
    http.get(`${root}/job/:jobId/status`, ({ request, params }) => {
      if (!authorized(request)) return unauthorized();
      if (params.jobId === trueSightJobIds.missing) {
        return new HttpResponse(trueSightSamples.invalidInput, { headers: { 'content-type': 'text/plain' } });
      }
      return HttpResponse.json(jobStatus);
    }),
  ];
}
