/**
 * A scripted, in-memory TrueSight server for unit tests: a `fetch` that records every request and
 * answers from routes the test declares. No msw, no sockets.
 */
import {
  replyJson as json,
  type ScriptedRequest as RecordedRequest,
  type ScriptedReply as Reply,
  ScriptedServer,
} from '@jobwire/testkit';
import { createTrueSightOrchestrationClient, type TrueSightOrchestrationClientOptions } from '../src/index.js';

export const BASE_URL = 'http://tso.test:38080';
export const ROOT = `${BASE_URL}/baocdp/rest`;
export const USERNAME = 'jobwire-user';
export const PASSWORD = 'sekr1t-PASS-word';
/** The first token the fake server issues; later ones are `tok-2`, `tok-3`, … */
export const TOKEN = 'tok-VERY-secret-123';

export type { ScriptedReply as Reply, ScriptedRequest as RecordedRequest } from '@jobwire/testkit';
export { rejection, rejectsWith, replyJson as json, replyNever as hang, replyText as text } from '@jobwire/testkit';

/** A login answer as TrueSight sends it: the token in the header, `{"login":"true"}` in the body. */
export const loginReply = (token: string): Reply => json({ login: 'true' }, 200, { 'Authentication-Token': token });

/** TrueSight below `/{component}/rest`, with a login that issues TOKEN, then tok-2, tok-3, … */
export class FakeServer extends ScriptedServer {
  private logins = 0;

  constructor() {
    super((url) => url.pathname.replace(/^\/(baocdp|baoap)\/rest/, ''));
    this.on('POST', '/login', (request) => {
      this.logins += 1;
      return loginReply(this.logins === 1 ? TOKEN : `tok-${this.logins}`)(request);
    });
  }

  /** Login requests. */
  get loginRequests(): RecordedRequest[] {
    return this.to('POST', '/login');
  }

  /** Requests other than logins. */
  get apiRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path !== '/login');
  }
}

/** A client with user credentials over `server`; read retries off unless asked for. */
export function clientFor(server: FakeServer, options: TrueSightOrchestrationClientOptions = {}) {
  return createTrueSightOrchestrationClient(
    { baseUrl: BASE_URL, username: USERNAME, password: PASSWORD },
    { fetch: server.fetch, retry: false, ...options },
  );
}

/** A job status as GET /job/{jobId}/status returns it. */
export function jobStatus(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    processName: ':Jobwire:Tests:Run',
    name: 'Run',
    peerId: 'urn:jxta:uuid-0000',
    startTime: 'Mon Apr 06 13:39:45 UTC 2015',
    status: 'Assigned',
    outputParameters: [],
    ...overrides,
  };
}
