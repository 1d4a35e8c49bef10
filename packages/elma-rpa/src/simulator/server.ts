import {
  hexId,
  JobBook,
  json,
  type SimJob,
  type SimRequest,
  type SimResponse,
  type Simulator,
  type SimulatorOptions,
  seededRandom,
  startHttpServer,
} from '@jobwire/core/simulator';
import processContext from '../../../../specs/elma-rpa/samples/process-context.response.json' with { type: 'json' };
import processList from '../../../../specs/elma-rpa/samples/process-list.response.json' with { type: 'json' };
import { type ElmaTaskExtra, elmaTaskViews, iso, REPORT_FILE } from './tasks.js';

/** Options of the ELMA RPA simulator: core's (job lifecycle, chaos, port), system identifier and approval. */
export interface ElmaRpaSimulatorOptions extends SimulatorOptions {
  /** The registered, approved system identifier (default: a UUID from the seed). */
  authToken?: string;
  /** Approve systems as soon as they register (default false: call `approveSystem(uuid)`). */
  autoApprove?: boolean;
  /** Size in bytes of the `report.txt` a successful task produces (default about 100 bytes). */
  fileSize?: number;
}

/** A running ELMA RPA simulator: core's `Simulator`, its task book and the administrator's approval. */
export interface ElmaRpaSimulator extends Simulator<{ authToken: string }> {
  /** The vendor simulated. */
  readonly vendor: 'elma-rpa';
  /** The tasks, on the simulator's clock (for tests that look at or steer a task directly). */
  readonly jobs: JobBook<ElmaTaskExtra>;
  /** Lets a registered system in, as an administrator does in the admin console; false for an unknown system. */
  approveSystem(id: string): boolean;
}

interface SimSystem {
  name: string;
  desc: string;
  approved: boolean;
}

/** ELMA-style errors: the HTTP status may be 200 while the body's `status` says what happened. */
const failure = (status: number, error: string, httpStatus = 200): SimResponse => json({ status, error }, httpStatus);
const notRegistered = () => failure(401, 'the system is not registered', 401);
const notApproved = () => failure(403, 'the system is not approved');
const taskNotFound = (id: unknown) => failure(404, `task ${String(id)} not found`);

function uuid(random: () => number): string {
  const hex = hexId(random, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The ELMA RPA Orchestrator on 127.0.0.1: systems that register and must be approved, `auth_tkn`
 * in every JSON body, tasks that go PREPARE → QUEUE → EXECUTING → DONE (with an output context
 * and a downloadable `report.txt`) or ERROR (with an `[ERR]` log line), cancels accepted only for
 * queued tasks and only from the system that created them, completion callbacks POSTed as
 * `{status, task}`, and errors as ELMA sends them: HTTP 200 with the code in the body's `status`.
 */
export async function startElmaRpaSimulator(options: ElmaRpaSimulatorOptions = {}): Promise<ElmaRpaSimulator> {
  const random = seededRandom(options.chaos?.seed ?? 42);
  const credentials = { authToken: options.authToken ?? uuid(random) };
  const systems = new Map<string, SimSystem>([[credentials.authToken, { name: 'jobwire simulator', desc: '', approved: true }]]);
  const book = new JobBook<ElmaTaskExtra>(options);
  const byNumber = new Map<number, SimJob<ElmaTaskExtra>>();
  let nextId = 1000;

  /** The parsed body and its approved system, or the answer to give instead. */
  const parse = (request: SimRequest, key: 'auth_tkn' | 'uuid' = 'auth_tkn') => {
    let body: Record<string, unknown>;
    try {
      const value: unknown = JSON.parse(request.body);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
      body = value as Record<string, unknown>;
    } catch {
      return { refusal: failure(400, 'invalid request body', 400) } as const;
    }
    const system = typeof body[key] === 'string' ? systems.get(body[key] as string) : undefined;
    if (!system) return { refusal: notRegistered() } as const;
    if (!system.approved) return { refusal: notApproved() } as const;
    return { body, system: body[key] as string } as const;
  };

  const { statusOf, view, reportOf } = elmaTaskViews(book, options.fileSize);

  const findTask = (id: unknown) => (typeof id === 'number' ? byNumber.get(id) : undefined);

  // Completion callbacks: looked for on a short timer, so they follow the simulator's clock.
  const callbackTimer = setInterval(() => {
    for (const job of byNumber.values()) {
      const { callback } = job.extra;
      if (!callback || job.extra.callbackSent || !['DONE', 'ERROR', 'CANCEL'].includes(statusOf(job))) continue;
      job.extra.callbackSent = true;
      void fetch(callback, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ status: 200, task: view(job) }),
      }).catch(() => undefined);
    }
  }, 20);
  callbackTimer.unref();

  const server = await startHttpServer({
    basePath: '',
    chaos: options.chaos,
    port: options.port,
    notFound: (request) => failure(404, `no route for ${request.method} ${request.url.pathname}`, 404),
    routes: [
      {
        method: 'POST',
        path: '/v1/orchestra/system/registration',
        handler: (request) => {
          let body: Record<string, unknown>;
          try {
            body = JSON.parse(request.body) as Record<string, unknown>;
          } catch {
            return failure(400, 'invalid request body', 400);
          }
          if (typeof body?.uuid !== 'string' || body.uuid === '' || typeof body.name !== 'string') {
            return failure(400, 'uuid and name are required');
          }
          if (!systems.has(body.uuid)) {
            systems.set(body.uuid, { name: body.name, desc: String(body.desc ?? ''), approved: options.autoApprove ?? false });
          }
          return json({ status: 200 });
        },
      },
      {
        method: 'POST',
        path: '/v1/orchestra/system/status',
        handler: (request) => parse(request, 'uuid').refusal ?? json({ status: 200 }),
      },
      {
        method: 'POST',
        path: '/v1/repository/actual',
        handler: (request) => {
          const parsed = parse(request);
          if (parsed.refusal) return parsed.refusal;
          const limit = typeof parsed.body.limit === 'number' && parsed.body.limit > 0 ? parsed.body.limit : 50;
          const page = typeof parsed.body.page === 'number' && parsed.body.page > 1 ? parsed.body.page : 1;
          const all = processList.process;
          return json({ status: 200, total: all.length, process: all.slice((page - 1) * limit, page * limit) });
        },
      },
      {
        method: 'POST',
        path: '/v1/repository/find',
        handler: (request) => {
          const parsed = parse(request);
          if (parsed.refusal) return parsed.refusal;
          const { token, version } = parsed.body;
          // Each process has only its current version here: 0 or that version's number finds it.
          const process = processList.process.find((p) => p.token === token);
          if (!process || (version !== undefined && version !== 0 && version !== process.version))
            return failure(404, `process ${String(token)} version ${String(version ?? 0)} not found`);
          return json({ status: 200, process });
        },
      },
      {
        method: 'POST',
        path: '/v1/repository/context',
        handler: (request) => {
          const parsed = parse(request);
          if (parsed.refusal) return parsed.refusal;
          // Every process version here has the variables of the documented-types fixture.
          if (!processList.process.some((p) => p.uuid === parsed.body.uuid))
            return failure(404, `process version ${String(parsed.body.uuid)} not found`);
          return json({ status: 200, ctx: processContext.ctx });
        },
      },
      {
        method: 'POST',
        path: '/v1/orchestra/task/create',
        handler: (request) => {
          const parsed = parse(request);
          if (parsed.refusal) return parsed.refusal;
          const task = parsed.body.task as Record<string, unknown> | undefined;
          if (typeof task?.process !== 'string' || typeof task.ctx !== 'string')
            return failure(400, 'task.process and task.ctx are required');
          try {
            JSON.parse(task.ctx);
          } catch {
            return failure(400, 'ctx is not a JSON document');
          }
          const process = processList.process.find((p) => p.token === task.process);
          if (!process) return failure(404, `process ${task.process} not found`);
          if (!process.active) return failure(400, `process ${task.process} is not active`);
          const numericId = nextId++;
          const job = book.create(String(numericId), process.name, {
            numericId,
            process,
            version: typeof task.version === 'number' && task.version > 0 ? task.version : process.version,
            ctx: task.ctx,
            system: parsed.system,
            ...(typeof task.callback === 'string' ? { callback: task.callback } : {}),
          });
          byNumber.set(numericId, job);
          const created = iso(job.createdAt);
          return json({
            status: 201,
            task: {
              id: numericId,
              process: process.token,
              system: parsed.system,
              priority: 'MEDIUM',
              status: statusOf(job),
              metrics: {},
              created,
              updated: created,
            },
          });
        },
      },
      {
        method: 'POST',
        path: '/v1/orchestra/task/status',
        handler: (request) => {
          const parsed = parse(request);
          if (parsed.refusal) return parsed.refusal;
          const job = findTask(parsed.body.id);
          return job ? json({ status: 200, task: view(job) }) : taskNotFound(parsed.body.id);
        },
      },
      {
        method: 'POST',
        path: '/v1/orchestra/task/cancel',
        handler: (request) => {
          const parsed = parse(request);
          if (parsed.refusal) return parsed.refusal;
          const job = findTask(parsed.body.id);
          if (!job) return taskNotFound(parsed.body.id);
          if (job.extra.system !== parsed.system) return failure(403, 'a task can be deleted only by the system that created it');
          // Only a task still waiting in the queue may be cancelled; a running one is the bot's.
          if (book.phase(job) !== 'queued')
            return failure(409, `task ${job.extra.numericId} is not in the queue (status ${statusOf(job)})`);
          book.cancel(job);
          return json({ status: 200, task: view(job) });
        },
      },
      {
        method: 'POST',
        path: '/v1/repository/task/download',
        handler: (request) => {
          const parsed = parse(request);
          if (parsed.refusal) return parsed.refusal;
          const job = findTask(parsed.body.taskid);
          if (!job) return taskNotFound(parsed.body.taskid);
          if (statusOf(job) !== 'DONE' || parsed.body.filename !== REPORT_FILE) {
            return failure(404, `file ${String(parsed.body.filename)} not found`);
          }
          return { status: 200, headers: { 'content-type': 'application/octet-stream' }, body: reportOf(job) };
        },
      },
    ],
  });

  const closeServer = server.close;
  const simulator: ElmaRpaSimulator = Object.assign(server, {
    vendor: 'elma-rpa' as const,
    credentials,
    jobs: book,
    approveSystem(id: string): boolean {
      const system = systems.get(id);
      if (system) system.approved = true;
      return system !== undefined;
    },
    close: async () => {
      clearInterval(callbackTimer);
      await closeServer();
    },
  });
  return simulator;
}
