import { hexId, JobBook, type SimJob, type Simulator, type SimulatorOptions, seededRandom } from '@jobwire/core/simulator';
import { ApubiFault, createApubiServer, type GetTaskStatusReply } from '../server.js';
import { listenWithChaos } from './chaos.js';

/*
 * The APUBI simulator is the package's own server kit (`createApubiServer`) with handlers that run
 * tasks on core's `JobBook` clock: one APUBI SOAP server, so the simulator answers exactly what the
 * kit answers (envelopes, faults, 401, 405, 413, `?wsdl`), and a kit change is seen by every
 * test that uses the simulator. Chaos is the listener's (./chaos.ts).
 */

/** Options of the APUBI simulator: job lifecycle, chaos and port (core's), and the Basic credentials. */
export interface NagraApubiSimulatorOptions extends SimulatorOptions {
  /** The HTTP Basic user it accepts (default `sim-wfm`). */
  username?: string | undefined;
  /** The HTTP Basic password it accepts (default `sim-password`). A secret: never logged. */
  password?: string | undefined;
}

/** The credentials the simulator accepts: HTTP Basic. */
export interface NagraApubiSimulatorCredentials {
  /** The HTTP Basic user. */
  username: string;
  /** The HTTP Basic password. */
  password: string;
}

/** What the simulator keeps of each task besides its lifecycle. */
export interface NagraApubiTaskExtra {
  /** The operation that made the task. */
  kind: 'load' | 'purge';
  /** Where a load publishes (the requested destination; a directory is completed with the file name). */
  destination: string;
}

/** A running APUBI simulator: core's `Simulator` and its tasks. */
export interface NagraApubiSimulator extends Simulator<NagraApubiSimulatorCredentials> {
  /** The vendor simulated. */
  readonly vendor: 'nagra-apubi';
  /** Its tasks and where each one is in its life. */
  readonly jobs: JobBook<NagraApubiTaskExtra>;
}

const SOURCE_SCHEMES = new Set(['ftp:', 'ftps:', 'sftp:', 'http:', 'https:', 'file:', 's3:']);

/** The published location: a directory destination gets the source's file name appended. */
function destinationOf(source: URL, destination: string): string {
  if (!destination.endsWith('/')) return destination;
  const file = source.pathname.split('/').filter(Boolean).pop() ?? 'asset';
  return `${destination}${file}`;
}

/** A source the publisher cannot fetch: not a URL, or a scheme it does not speak. */
function sourceUrl(source: string): URL {
  const url = URL.canParse(source) ? new URL(source) : undefined;
  if (url === undefined || !SOURCE_SCHEMES.has(url.protocol)) throw new ApubiFault('Source asset is missing or unreachable');
  return url;
}

/**
 * A NAGRA APUBI publishing server on 127.0.0.1, SOAP 1.1 at `/apubi` (the server kit): HTTP Basic
 * auth (the interface documents none; [guess]), LoadAsset/PurgeAsset tasks that are IN_PROGRESS
 * while queued and running and then SUCCESS (with DestinationAsset for loads) or FAILED — APUBI has
 * no cancel, so the `cancelled` outcome is reported as FAILED — and the documented
 * "Task Id does not exist" fault.
 *
 * ```ts
 * const sim = await startNagraApubiSimulator({ queuedMs: 100, runningMs: 400 });
 * const apubi = createNagraApubiClient({ baseUrl: sim.url, ...sim.credentials });
 * ```
 */
export async function startNagraApubiSimulator(options: NagraApubiSimulatorOptions = {}): Promise<NagraApubiSimulator> {
  const credentials = { username: options.username ?? 'sim-wfm', password: options.password ?? 'sim-password' };
  const random = seededRandom(options.chaos?.seed ?? 7);
  const book = new JobBook<NagraApubiTaskExtra>(options);
  const newTaskId = () => `task-${hexId(random, 16)}`;

  const published = (destination: string) =>
    [...book.jobs.values()].some(
      (job) =>
        job.extra.kind === 'load' && book.phase(job) === 'succeeded' && [job.extra.destination, job.name].includes(destination),
    );

  const status = (job: SimJob<NagraApubiTaskExtra>): GetTaskStatusReply => {
    const phase = book.phase(job);
    if (phase === 'queued' || phase === 'running') return { status: 'IN_PROGRESS' };
    if (phase !== 'succeeded') return { status: 'FAILED' };
    return job.extra.kind === 'load' ? { status: 'SUCCESS', destinationAsset: job.extra.destination } : { status: 'SUCCESS' };
  };

  const kit = createApubiServer(
    {
      loadAsset({ sourceAssetUrl, destinationAsset }) {
        const destination = destinationOf(sourceUrl(sourceAssetUrl), destinationAsset);
        return { taskId: book.create(newTaskId(), destinationAsset, { kind: 'load', destination }).id };
      },
      purgeAsset({ destinationAsset }) {
        if (!published(destinationAsset)) {
          throw new ApubiFault(`Destination asset cannot be deleted: ${destinationAsset} is not published`);
        }
        return { taskId: book.create(newTaskId(), destinationAsset, { kind: 'purge', destination: destinationAsset }).id };
      },
      getTaskStatus({ taskId }) {
        const job = book.get(taskId);
        if (job === undefined) throw new ApubiFault('Task Id does not exist');
        return status(job);
      },
    },
    { path: '/apubi', basicAuth: credentials },
  );
  const listener = await listenWithChaos(kit.handle, { chaos: options.chaos, port: options.port });

  const simulator: NagraApubiSimulator = {
    vendor: 'nagra-apubi',
    url: `${listener.origin}${kit.path}`,
    credentials,
    jobs: book,
    get requestCount() {
      return listener.requestCount;
    },
    get faultCount() {
      return listener.faultCount;
    },
    setChaos: listener.setChaos,
    close: listener.close,
  };
  return simulator;
}
