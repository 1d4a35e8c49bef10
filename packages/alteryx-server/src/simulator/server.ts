import { basicAuthorization } from '@jobwire/core';
import {
  hexId,
  JobBook,
  json,
  type SimJob,
  type SimRequest,
  type Simulator,
  type SimulatorOptions,
  seededRandom,
  startHttpServer,
} from '@jobwire/core/simulator';
import questions from '../../../../specs/alteryx-server/samples/workflow-questions.json' with { type: 'json' };

/** Options of the Alteryx Server simulator: job lifecycle, chaos and port (core's), credentials, token lifetime. */
export interface AlteryxSimulatorOptions extends SimulatorOptions {
  /** The OAuth2 client id (API key). */
  clientId?: string;
  /** The OAuth2 client secret (API secret). A secret: never logged. */
  clientSecret?: string;
  /** Token lifetime reported as `expires_in` (default 3600 s). */
  tokenLifetimeSeconds?: number;
}

/** What the simulator keeps of each job besides its lifecycle: what the run was queued with. */
export interface AlteryxJobExtra {
  /** The priority the run asked for (`Default` when none). */
  priority: string;
  /** The worker tag the run asked for (empty when none). */
  workerTag: string;
  /** The answers to the workflow's questions. */
  questions: Array<{ name: string; value: string }>;
  /** A queued job that was cancelled is deleted: it is then not found. */
  deleted?: boolean;
}

/** The credentials the simulator accepts: OAuth2 client credentials. */
export interface AlteryxSimulatorCredentials {
  /** The OAuth2 client id (API key). */
  clientId: string;
  /** The OAuth2 client secret (API secret). */
  clientSecret: string;
}

/** A running Alteryx Server simulator: core's `Simulator`, its jobs, and a way to expire tokens. */
export interface AlteryxSimulator extends Simulator<AlteryxSimulatorCredentials> {
  /** The vendor simulated. */
  readonly vendor: 'alteryx-server';
  /** Its jobs and where each one is in its life. */
  readonly jobs: JobBook<AlteryxJobExtra>;
  /** Invalidates every token issued so far (expired early, or revoked): the next call gets 401. */
  expireTokens(): void;
}

const NOT_QUEUED_OR_RUNNING = "This job is not in 'Queued' or 'Running' state.";
const denied = () => json({ message: 'Authorization has been denied for this request.' }, 401);
const jobNotFound = (id: string) => json({ message: `Job ${id} was not found.` }, 404);

/**
 * Alteryx Server API v3 on 127.0.0.1: OAuth2 client credentials, jobs that go Queued → Running →
 * Completed with a disposition (Success, or Error with an error message, or Cancelled), and the
 * documented cancel rules (queued → deleted, running → cancelled, finished → 400).
 */
export async function startAlteryxSimulator(options: AlteryxSimulatorOptions = {}): Promise<AlteryxSimulator> {
  const credentials = {
    clientId: options.clientId ?? 'sim-client-id',
    clientSecret: options.clientSecret ?? 'sim-client-secret',
  };
  const basic = basicAuthorization(credentials.clientId, credentials.clientSecret);
  const random = seededRandom(options.chaos?.seed ?? 42);
  const tokens = new Set<string>();
  const book = new JobBook<AlteryxJobExtra>(options);

  const authorized = (request: SimRequest) => {
    const header = request.headers.authorization ?? '';
    return header.startsWith('Bearer ') && tokens.has(header.slice('Bearer '.length));
  };
  const findJob = (id: string) => {
    const job = book.get(id);
    return job && !job.extra.deleted ? job : undefined;
  };

  const messagesOf = (job: SimJob<AlteryxJobExtra>) => {
    const phase = book.phase(job);
    if (phase === 'queued') return [];
    const messages = [{ status: 1, text: `Started running ${job.name}`, toolId: 0 }];
    if (phase === 'failed')
      messages.push({ status: 3, text: 'Error: Input Data (1): File not found "\\\\share\\sales.csv"', toolId: 1 });
    if (phase !== 'running') messages.push({ status: 1, text: `Finished running ${job.name}`, toolId: 0 });
    return messages;
  };

  const view = (job: SimJob<AlteryxJobExtra>, includeMessages: boolean) => {
    const phase = book.phase(job);
    const status = phase === 'queued' ? 'Queued' : phase === 'running' ? 'Running' : 'Completed';
    const disposition = { queued: 'None', running: 'None', succeeded: 'Success', failed: 'Error', cancelled: 'Cancelled' }[phase];
    const body: Record<string, unknown> = {
      id: job.id,
      appId: job.name,
      createDateTime: new Date(job.createdAt).toISOString(),
      status,
      disposition,
      outputs: phase === 'succeeded' ? [{ id: `${job.id}-out1`, availableFormats: ['Csv', 'Raw'], fileName: 'sales.csv' }] : [],
      priority: job.extra.priority,
      workerTag: job.extra.workerTag,
      runWithE2: true,
    };
    if (includeMessages) body.messages = messagesOf(job);
    return body;
  };

  const server = await startHttpServer({
    basePath: '/webapi',
    chaos: options.chaos,
    port: options.port,
    routes: [
      {
        method: 'POST',
        path: '/oauth2/token',
        handler: (request) => {
          const form = new URLSearchParams(request.body);
          const formBasic =
            form.get('client_id') === credentials.clientId && form.get('client_secret') === credentials.clientSecret;
          if ((request.headers.authorization !== basic && !formBasic) || form.get('grant_type') !== 'client_credentials') {
            return json({ error: 'invalid_client' }, 401);
          }
          const token = `sim-${hexId(random, 32)}`;
          tokens.add(token);
          return json({ access_token: token, expires_in: options.tokenLifetimeSeconds ?? 3600, token_type: 'bearer' });
        },
      },
      {
        method: 'POST',
        path: '/v3/workflows/:workflowId/jobs',
        handler: (request) => {
          if (!authorized(request)) return denied();
          let contract: Partial<AlteryxJobExtra>;
          try {
            contract = request.body ? (JSON.parse(request.body) as Partial<AlteryxJobExtra>) : {};
          } catch {
            return json({ message: 'The request is invalid.', modelState: { contract: ['Invalid JSON'] } }, 400);
          }
          const job = book.create(hexId(random), request.params.workflowId ?? '', {
            priority: contract.priority ?? 'Default',
            workerTag: contract.workerTag ?? '',
            questions: contract.questions ?? [],
          });
          return json(view(job, true));
        },
      },
      {
        method: 'GET',
        path: '/v3/workflows/:workflowId/jobs',
        handler: (request) => {
          if (!authorized(request)) return denied();
          const jobs = [...book.jobs.values()]
            .filter((job) => job.name === request.params.workflowId && !job.extra.deleted)
            .map((job) => {
              const v = view(job, false);
              return {
                id: v.id,
                createDate: v.createDateTime,
                status: v.status,
                priority: v.priority,
                workerTag: v.workerTag,
                runWithE2: true,
              };
            });
          return json(jobs);
        },
      },
      {
        method: 'GET',
        path: '/v3/workflows/:workflowId/questions',
        handler: (request) => (authorized(request) ? json(questions) : denied()),
      },
      {
        method: 'GET',
        path: '/v3/jobs/:jobId',
        handler: (request) => {
          if (!authorized(request)) return denied();
          const job = findJob(request.params.jobId ?? '');
          if (!job) return jobNotFound(request.params.jobId ?? '');
          return json(view(job, request.url.searchParams.get('includeMessages') !== 'false'));
        },
      },
      {
        method: 'GET',
        path: '/v3/jobs/:jobId/messages',
        handler: (request) => {
          if (!authorized(request)) return denied();
          const job = findJob(request.params.jobId ?? '');
          if (!job) return jobNotFound(request.params.jobId ?? '');
          // The documented answer is one JobMessageView (docs sample and Swagger response type);
          // which message a real server picks is not documented: the simulator sends the latest.
          return json(messagesOf(job).at(-1) ?? {});
        },
      },
      {
        method: 'DELETE',
        path: '/v3/jobs/:jobId',
        handler: (request) => {
          if (!authorized(request)) return denied();
          const job = findJob(request.params.jobId ?? '');
          if (!job) return jobNotFound(request.params.jobId ?? '');
          const phase = book.cancel(job);
          if (phase === undefined) return json({ message: NOT_QUEUED_OR_RUNNING }, 400);
          if (phase === 'queued') {
            job.extra.deleted = true;
            return json({ message: 'Deleted Successfully.' });
          }
          return json({ message: 'Cancelled Successfully.' });
        },
      },
      {
        method: 'GET',
        path: '/v1/jobs/:jobId/output/:outputId',
        handler: (request) => {
          if (!authorized(request)) return denied();
          const job = findJob(request.params.jobId ?? '');
          if (!job || book.phase(job) !== 'succeeded' || request.params.outputId !== `${job.id}-out1`) {
            return json({ message: 'Output not found.' }, 404);
          }
          // `format` is required (Swagger document); the answer without it is not documented.
          if (!request.url.searchParams.get('format')) return json({ message: 'The format parameter is required.' }, 400);
          return {
            status: 200,
            headers: { 'content-type': 'text/csv', 'content-disposition': 'attachment; filename="sales.csv"' },
            body: 'Region,Total\nEMEA,42\nAMER,17\n',
          };
        },
      },
    ],
  });

  return Object.assign(server, {
    vendor: 'alteryx-server' as const,
    credentials,
    jobs: book,
    expireTokens: () => tokens.clear(),
  }) satisfies Simulator<AlteryxSimulatorCredentials>;
}
