/**
 * A scripted, in-memory ELMA Orchestrator for unit tests — the testkit's `ScriptedServer` (every
 * ELMA call is a POST, `request.json` is the body) — plus ELMA's task and envelope shapes.
 */
import { replyJson as json, type ScriptedServer } from '@jobwire/testkit';
import { createElmaRpaClient, type ElmaRpaClientOptions } from '../src/index.js';

export const BASE_URL = 'http://elma.test:48080';
export const AUTH_TOKEN = '9f1c2d3e-4b5a-4c6d-8e7f-a0b1c2d3e4f5';

export type { ScriptedReply as Reply, ScriptedRequest as RecordedRequest } from '@jobwire/testkit';
export {
  rejectsWith,
  replyJson as json,
  replyNever as hang,
  replyText as text,
  ScriptedServer as FakeServer,
} from '@jobwire/testkit';

/** A client over `server` (a `FakeServer`); read retries off unless asked for. */
export function clientFor(server: ScriptedServer, options: ElmaRpaClientOptions = {}, cancelPath?: string) {
  return createElmaRpaClient(
    { baseUrl: BASE_URL, authToken: AUTH_TOKEN, ...(cancelPath ? { cancelPath } : {}) },
    { fetch: server.fetch, retry: false, ...options },
  );
}

/** A task as the status endpoint returns it. */
export function task(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 955,
    process: 'c39f99de-cb8f-4661-a206-b282a4830cbf',
    system: AUTH_TOKEN,
    priority: 'MEDIUM',
    status: 'EXECUTING',
    metrics: { startTime: '2020-06-29T14:08:23Z', endTime: '0001-01-01T00:00:00Z' },
    created: '2020-06-29T10:29:52Z',
    updated: '2020-06-29T14:08:23Z',
    ...overrides,
  };
}

export const envelope = (t: Record<string, unknown>, status = 200) => json({ status, task: t });
