/**
 * A scripted, in-memory Alteryx Server for unit tests, on the testkit's `ScriptedServer`: a `fetch`
 * that records every request and answers from routes the test declares. No msw, no sockets.
 */
import {
  replyJson as json,
  type ScriptedRequest as RecordedRequest,
  type ScriptedReply as Reply,
  ScriptedServer,
} from '@jobwire/testkit';
import { type AlteryxServerClientOptions, createAlteryxServerClient } from '../src/index.js';

export const BASE_URL = 'http://alteryx.test/webapi';
export const CLIENT_ID = 'jobwire-client-id';
export const CLIENT_SECRET = 'sekr1t-CLIENT-secret';
/** The first token the fake server issues; later ones are `tok-2`, `tok-3`, … */
export const TOKEN = 'tok-VERY-secret-123';
/** What goes after `Basic ` in the token request. */
export const BASIC = Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`, 'utf8').toString('base64');

export type { ScriptedReply as Reply, ScriptedRequest as RecordedRequest } from '@jobwire/testkit';
export { rejection, rejectsWith, replyJson as json, replyNever as hang, replyText as text } from '@jobwire/testkit';

/** A token response as Alteryx sends it. */
export const tokenReply = (accessToken: string, expiresIn = 3600): Reply =>
  json({ access_token: accessToken, expires_in: expiresIn, token_type: 'bearer' });

/** Alteryx behind `/webapi`, with a token endpoint that issues TOKEN, then tok-2, tok-3, … (an hour each). */
export class FakeServer extends ScriptedServer {
  private tokensIssued = 0;

  constructor() {
    super((url) => (url.pathname.startsWith('/webapi/') ? url.pathname.slice('/webapi'.length) : url.pathname));
    this.on('POST', '/oauth2/token', (request) => {
      this.tokensIssued += 1;
      return tokenReply(this.tokensIssued === 1 ? TOKEN : `tok-${this.tokensIssued}`)(request);
    });
  }

  /** Requests to the token endpoint. */
  get tokenRequests(): RecordedRequest[] {
    return this.to('POST', '/oauth2/token');
  }

  /** Requests other than token requests. */
  get apiRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path !== '/oauth2/token');
  }
}

/** A client with OAuth2 client credentials over `server`; read retries off unless asked for. */
export function clientFor(server: FakeServer, options: AlteryxServerClientOptions = {}) {
  return createAlteryxServerClient(
    { baseUrl: BASE_URL, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
    { fetch: server.fetch, retry: false, ...options },
  );
}

/** A job as GET /v3/jobs/{jobId} returns it. */
export function jobView(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: '66ebd18d3d6200007e000d8c',
    appId: '66e1f0a23d6200007e000aa1',
    createDateTime: '2024-09-19T10:02:54.589Z',
    status: 'Running',
    disposition: 'None',
    outputs: [],
    messages: [],
    priority: 'Default',
    workerTag: '',
    runWithE2: true,
    ...overrides,
  };
}
