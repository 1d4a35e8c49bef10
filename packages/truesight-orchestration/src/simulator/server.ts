import {
  hexId,
  JobBook,
  json,
  type SimJob,
  type SimPhase,
  type SimRequest,
  type SimResponse,
  type Simulator,
  type SimulatorOptions,
  seededRandom,
  startHttpServer,
} from '@jobwire/core/simulator';

/** Options of the TrueSight Orchestration simulator: job lifecycle, chaos and port (core's), credentials, token lifetime, answer variants. */
export interface TrueSightSimulatorOptions extends SimulatorOptions {
  /** The user name accepted (or sent). */
  username?: string;
  /** The password accepted (or sent). A secret: never logged. */
  password?: string;
  /** How long a token stays valid (default 24 h, the product's default), on the simulator's clock. */
  tokenLifetimeMs?: number;
  /** Send output values entity-escaped (`&lt;result&gt;…`), as some server versions do (default raw). */
  escapeOutputs?: boolean;
  /** Job status on an activity peer (`baoap`) exists from 7.9.01 on; false answers it 405 like older peers. */
  activityPeerJobStatus?: boolean;
}

/** What the simulator keeps of each job besides its lifecycle: its inputs and the peer that runs it. */
export interface TrueSightJobExtra {
  /** The input parameters the process was executed with. */
  inputs: Array<{ name: string; value: string }>;
  /** The peer that runs the job (`urn:jxta:uuid-…`). */
  peerId: string;
}

/** The credentials the simulator accepts at `POST /login`. */
export interface TrueSightSimulatorCredentials {
  /** The user name. */
  username: string;
  /** The password. */
  password: string;
}

/** A running TrueSight Orchestration simulator: core's `Simulator`, its jobs, and a way to expire tokens. */
export interface TrueSightSimulator extends Simulator<TrueSightSimulatorCredentials> {
  /** The vendor simulated. */
  readonly vendor: 'truesight-orchestration';
  /** Its jobs and where each one is in its life. */
  readonly jobs: JobBook<TrueSightJobExtra>;
  /** Invalidates every token issued so far (a server restart): the next call gets 401. */
  expireTokens(): void;
}

const COMPONENTS = new Set(['baocdp', 'baoap']);
const INVALID_INPUT = 'Invalid input. No result generated';
/** The statuses as the documented sample writes them (upper case). */
const STATUS: Record<SimPhase, string> = {
  queued: 'ASSIGNED',
  running: 'ASSIGNED',
  succeeded: 'COMPLETED',
  failed: 'COMPENSATED',
  cancelled: 'CANCELLED',
};
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const text = (body: string, status = 200): SimResponse => ({
  status,
  headers: { 'content-type': 'text/plain;charset=UTF-8' },
  body,
});
const unauthorized = () => text('Unauthorized', 401);
const methodNotAllowed = () => text('Method not allowed', 405);

/** Java `Date.toString()` in UTC: `Wed Dec 31 23:59:59 UTC 1969`. */
function javaDateString(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function uuid(random: () => number): string {
  const hex = hexId(random, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function parseInputs(body: string): TrueSightJobExtra['inputs'] | undefined {
  try {
    const parsed = JSON.parse(body || '{}') as { inputParameters?: unknown };
    const list = parsed.inputParameters ?? [];
    if (!Array.isArray(list)) return undefined;
    const inputs: TrueSightJobExtra['inputs'] = [];
    for (const item of list) {
      const entry = item as { name?: unknown; value?: unknown };
      if (typeof entry?.name !== 'string') return undefined;
      inputs.push({ name: entry.name, value: typeof entry.value === 'string' ? entry.value : String(entry.value ?? '') });
    }
    return inputs;
  } catch {
    return undefined;
  }
}

/**
 * BMC TrueSight Orchestration's REST service on 127.0.0.1: `POST /{component}/rest/login` returns
 * a token in the `Authentication-Token` header (401 "Unauthorized" otherwise, and for expired or
 * logged-out tokens), processes run sync (outputs at once) or async (a job id), and jobs go
 * ASSIGNED → COMPLETED, COMPENSATED (with an "error message" output) or CANCELLED on the clock.
 * Output values are `<result>` fragments; an unknown job id is answered 200 "Invalid input. No
 * result generated". BMC documents no REST cancel call, so the simulator has none.
 */
export async function startTrueSightSimulator(options: TrueSightSimulatorOptions = {}): Promise<TrueSightSimulator> {
  const credentials = {
    username: options.username ?? 'sim-user',
    password: options.password ?? 'sim-password',
  };
  const random = seededRandom(options.chaos?.seed ?? 42);
  const book = new JobBook<TrueSightJobExtra>(options);
  const lifetime = options.tokenLifetimeMs ?? 24 * 60 * 60 * 1000;
  const tokens = new Map<string, number>();
  const result = (value: string) => {
    const fragment = `<result>${value}</result>`;
    return options.escapeOutputs ? escapeXml(fragment) : fragment;
  };

  const authorized = (request: SimRequest) => {
    const token = request.headers['authentication-token'];
    const issued = typeof token === 'string' ? tokens.get(token) : undefined;
    return issued !== undefined && book.now() - issued < lifetime;
  };

  const outputsOf = (job: SimJob<TrueSightJobExtra>, phase: SimPhase) => {
    if (phase === 'succeeded') {
      return [
        { name: 'status code', value: result('200') },
        { name: 'status reason', value: result('OK') },
        {
          name: 'header lines',
          value: result(
            ` <header-lines> <Date>${new Date(book.finishedAt(job)).toUTCString()}</Date> <Server>simulator</Server> </header-lines> `,
          ),
        },
        { name: 'process', value: result(escapeXml(job.name)) },
        { name: 'inputs', value: result(String(job.extra.inputs.length)) },
      ];
    }
    if (phase === 'failed') {
      return [
        { name: 'status code', value: result('500') },
        { name: 'error message', value: result('Connection refused: host unreachable') },
      ];
    }
    return [];
  };

  const statusOf = (job: SimJob<TrueSightJobExtra>) => {
    const phase = book.phase(job);
    const colon = job.name.lastIndexOf(':');
    return {
      processName: job.name,
      name: colon >= 0 ? job.name.slice(colon + 1) : job.name,
      peerId: job.extra.peerId,
      startTime: javaDateString(job.createdAt),
      status: STATUS[phase],
      outputParameters: outputsOf(job, phase),
    };
  };

  /** Routes of one component; `component` is checked, an unknown one gets the container's 404 page. */
  const withComponent = (handler: (request: SimRequest) => SimResponse) => (request: SimRequest) =>
    COMPONENTS.has(request.params.component ?? '') ? handler(request) : notFoundPage(request);

  const notFoundPage = (request: SimRequest): SimResponse => ({
    status: 404,
    headers: { 'content-type': 'text/html;charset=UTF-8' },
    body: `<html><head><title>Error 404 Not Found</title></head><body>${escapeXml(request.url.pathname)}</body></html>`,
  });

  const routes = [
    {
      method: 'POST',
      path: '/:component/rest/login',
      handler: withComponent((request) => {
        let body: { username?: unknown; password?: unknown } = {};
        try {
          body = JSON.parse(request.body || '{}') as typeof body;
        } catch {
          return unauthorized();
        }
        if (body.username !== credentials.username || body.password !== credentials.password) return unauthorized();
        const token = `AQIC5wM2LY4Sfc${hexId(random, 40)}.*`;
        tokens.set(token, book.now());
        return json({ login: 'true' }, 200, { 'Authentication-Token': token });
      }),
    },
    {
      method: 'POST',
      path: '/:component/rest/logout',
      handler: withComponent((request) => {
        if (!authorized(request)) return unauthorized();
        tokens.delete(String(request.headers['authentication-token']));
        return { status: 200 };
      }),
    },
    {
      method: 'POST',
      path: '/:component/rest/process/:processName/execute',
      handler: withComponent((request) => {
        if (!authorized(request)) return unauthorized();
        const inputs = parseInputs(request.body);
        if (!inputs) return text(INVALID_INPUT, 400);
        const mode = request.url.searchParams.get('mode') ?? 'sync';
        if (mode !== 'sync' && mode !== 'async') return text(INVALID_INPUT, 400);
        const job = book.create(uuid(random), request.params.processName ?? '', {
          inputs,
          peerId: `urn:jxta:uuid-${hexId(random, 64).toUpperCase()}`,
        });
        if (mode === 'async') return json({ jobId: job.id });
        // A sync run answers when the process has ended: the simulator answers with its end at once.
        return json(outputsOf(job, job.outcome));
      }),
    },
    {
      method: 'GET',
      path: '/:component/rest/job/:jobId/status',
      handler: withComponent((request) => {
        if (request.params.component === 'baoap' && options.activityPeerJobStatus === false) return methodNotAllowed();
        if (!authorized(request)) return unauthorized();
        const job = book.get(request.params.jobId ?? '');
        return job ? json(statusOf(job)) : text(INVALID_INPUT);
      }),
    },
  ];

  const known = routes.map((route) => new RegExp(`^${route.path.replace(/:[a-zA-Z]+/g, '[^/]+')}$`));
  const server = await startHttpServer({
    basePath: '',
    chaos: options.chaos,
    port: options.port,
    routes,
    // A known path with another method is 405 "Method not allowed" (documented); anything else the container's 404.
    notFound: (request) =>
      known.some((pattern) => pattern.test(request.url.pathname)) ? methodNotAllowed() : notFoundPage(request),
  });

  return Object.assign(server, {
    vendor: 'truesight-orchestration' as const,
    credentials,
    jobs: book,
    expireTokens: () => tokens.clear(),
  }) satisfies TrueSightSimulator;
}
