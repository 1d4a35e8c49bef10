// `@jobwire/core/definition`: what a vendor package says about itself so that tools need no list of
// vendors. Each vendor package exports one `VendorDefinition` as `@jobwire/<vendor>/definition`; the
// CLI, `pnpm demo`, the benchmarks, the browser and install checks and the shared contract suite read
// it. Types, and a few helpers definitions share.
import { ApiError, NotFoundError, SoapFaultError } from './errors.js';
import type { CallOptions, ClientOptions } from './http/client-options.js';
import type { WaitOptions } from './poller/wait-for-job.js';
import type { Simulator, SimulatorOptions } from './simulator/types.js';
import type { JobSource, JobStatus, VendorId } from './status.js';

/**
 * One connection setting of a vendor. Its key names the CLI flag and the environment variable:
 * `clientId` → `--client-id` and `JOBWIRE_ALTERYX_SERVER_CLIENT_ID`.
 */
export interface Setting {
  /** The setting's name: the flag is its kebab case, the variable its upper snake case. */
  key: string;
  /** What the setting is, for `--help`. */
  description: string;
  /** Secrets come only from the environment (or `--env-file`), never from a flag, and are never printed. */
  secret?: boolean;
  /** Used only by `jobwire check` (ids to probe, e.g. a job id), so only `check` takes the flag. */
  checkOnly?: boolean;
}

/** Settings resolved from flags and environment: `url` (the server's base address) and the vendor's own keys. */
export type Settings = Readonly<Record<string, string | undefined>>;

/** What starts a job: named values, from CLI flags (strings) or a JSON file (any JSON). */
export type StartInput = Readonly<Record<string, unknown>>;

/** One field of a job start (a `jobwire start` flag, or a key of its JSON file). */
export interface StartField {
  /** The field's name: the flag is its kebab case (`workflowId` → `--workflow-id`). */
  key: string;
  /** What it is, for `--help`. */
  description: string;
  /** The start cannot be made without it. */
  required?: boolean;
  /** The value is JSON (an object of inputs, answers or parameters), given on the command line as JSON text. */
  json?: boolean;
}

/** How jobs of this vendor are started: what is started, the fields it takes, and a start its simulator runs. */
export interface StartSpec {
  /** What a start runs, for people: `a workflow`, `a work order`, `a process`, `a task`, `a LoadAsset`. */
  what: string;
  /** The fields a start takes. */
  fields: readonly StartField[];
  /** A start the vendor's simulator runs (for `jobwire demo`, benchmarks and the contract suite). */
  demo: StartInput;
}

/** What a vendor can do beyond reading a job's status. */
export interface Capabilities {
  /** The vendor's API documents a way to cancel a job (the session then has `cancelJob`). */
  cancel: boolean;
  /** The client runs in browsers (REST over `fetch`); false where it needs Node (SOAP). */
  browser: boolean;
}

/** A client connected from settings, with what the tools need of it; ids are the strings the user typed. */
export interface VendorSession {
  /** The vendor's own client, for anything else. */
  readonly client: JobSource;
  /** Reads a job's status once. */
  getJobStatus(id: string, options?: CallOptions): Promise<JobStatus>;
  /** Waits until the job is done. */
  waitForJob(id: string, options?: WaitOptions): Promise<JobStatus>;
  /** Cancels the job and resolves with one line saying what the server did; absent when the vendor cannot. */
  cancelJob?(id: string, options?: CallOptions): Promise<string>;
  /** Starts a job (`StartSpec.fields`) and resolves with its id. */
  startJob(input: StartInput, options?: CallOptions): Promise<string>;
  /** The conformance probes `jobwire check` and the live suites run, in order. */
  readonly probes: readonly Probe[];
  /** Ends the session where the vendor has one (logout). */
  close?(): Promise<void>;
}

/** A vendor's simulator, loaded on demand (Node only): how to start it and the settings that reach it. */
export interface VendorSimulator {
  /** Starts the simulator on 127.0.0.1 and a free port (or `options.port`). */
  start(options?: SimulatorOptions): Promise<Simulator>;
  /** The settings (`url`, credentials, ids to probe) that connect to a running simulator. */
  settings(simulator: Simulator): Settings;
}

/** Everything the tools know about one vendor: exported by its package as `@jobwire/<vendor>/definition`. */
export interface VendorDefinition {
  /** The vendor's id: its package name after `@jobwire/`. */
  readonly id: VendorId;
  /** The product's name, for people. */
  readonly title: string;
  /** How the client talks to the server. */
  readonly protocol: 'rest' | 'soap';
  /** What a job id looks like on the command line, for `--help`. */
  readonly idHelp: string;
  /** Connection settings besides `url`, which every vendor has. */
  readonly settings: readonly Setting[];
  /** What the vendor can do. */
  readonly capabilities: Capabilities;
  /** Why jobs cannot be cancelled, when `capabilities.cancel` is false. */
  readonly cannotCancel?: string;
  /** How jobs are started. */
  readonly start: StartSpec;
  /** Module id of the OpenAPI document the client was generated from (REST vendors), for `check`. */
  readonly openapi?: string;
  /** The WSDL text the client was generated from (SOAP vendors), for `check`. */
  wsdl?(): Promise<string>;
  /**
   * A connected session from resolved settings and client options.
   * @throws MissingSettingsError naming the settings that would do.
   */
  connect(settings: Settings, options?: ClientOptions): VendorSession;
  /** Loads the vendor's simulator (Node only; not in a browser bundle's path until called). */
  simulator(): Promise<VendorSimulator>;
}

/** Settings a definition cannot connect without: any one of `groups` (each a list of keys) would do. */
export class MissingSettingsError extends Error {
  static {
    MissingSettingsError.prototype.name = 'MissingSettingsError';
  }
  /** The vendor. */
  readonly vendor: VendorId;
  /** Alternatives: every key of one group is needed. */
  readonly groups: readonly (readonly string[])[];
  constructor(vendor: VendorId, groups: readonly (readonly string[])[]) {
    super(`${vendor} needs ${groups.map((group) => group.join(' + ')).join(', or ')}`);
    this.vendor = vendor;
    this.groups = groups;
  }
}

/** Thrown by `ProbeContext.need` (or a probe) to skip it: the reason says what would enable it. */
export class ProbeSkipped extends Error {
  static {
    ProbeSkipped.prototype.name = 'ProbeSkipped';
  }
}

/** What a probe gets: the abort signal, whether it may write, and the ids probes share. */
export interface ProbeContext {
  /** Aborts the probe. */
  signal?: AbortSignal | undefined;
  /** Whether probes that start or cancel jobs may run. */
  writes: boolean;
  /** Ids shared along the probes: given as settings, or found by an earlier probe (e.g. the job a run started). */
  ids: Record<string, string | undefined>;
  /** The id, or a `ProbeSkipped` saying which setting would provide it. */
  need(key: string): string;
  /** The product's version, set by a probe whose answer tells it (recordings keep it as provenance). */
  productVersion?: string | undefined;
}

/** One read (or, with `write`, one change) that `jobwire check` makes and reports on. */
export interface Probe {
  /** What it asks, for the report. */
  name: string;
  /** Starts or cancels jobs: runs only when writes are allowed. */
  write?: boolean;
  /** Resolves with one line saying what the server answered; throws `ProbeSkipped` to skip. */
  run(context: ProbeContext): Promise<string>;
}

/**
 * The context probes run in, as `jobwire check` and the live suites make it: the definition's
 * non-secret settings are the ids probes start from (never the secrets); write probes add theirs.
 */
export function createProbeContext(
  definition: Pick<VendorDefinition, 'settings'>,
  settings: Settings,
  options: { writes: boolean; signal?: AbortSignal | undefined },
): ProbeContext {
  const ids: Record<string, string | undefined> = Object.fromEntries(
    definition.settings.filter((setting) => !setting.secret).map((setting) => [setting.key, settings[setting.key]]),
  );
  return {
    signal: options.signal,
    writes: options.writes,
    ids,
    need(key) {
      const value = ids[key];
      if (value === undefined) throw new ProbeSkipped(`needs ${key} (a setting, or found by a write probe)`);
      return value;
    },
  };
}

/** `succeeded (Completed, Success)`: a status in one line, for probe reports. */
export function describeStatus(status: JobStatus): string {
  return `${status.state} (${status.vendorStatus}${status.detail ? `, ${status.detail}` : ''})`;
}

/** The probe every vendor has: the status of the job whose id the context holds under `key`. */
export function statusProbe(name: string, key: string, read: (id: string, options: CallOptions) => Promise<JobStatus>): Probe {
  return {
    name,
    async run({ need, signal }) {
      return describeStatus(await read(need(key), { signal }));
    },
  };
}

/** Waits (up to 10 minutes) for the job a write probe started: a write, since it needs that job. */
export function waitProbe(name: string, key: string, wait: (id: string, options: WaitOptions) => Promise<JobStatus>): Probe {
  return {
    name,
    write: true,
    async run({ need, signal }) {
      return describeStatus(await wait(need(key), { signal, timeoutMs: 10 * 60_000, minDelayMs: 200 }));
    },
  };
}

/**
 * The first probe of most vendors: ask for something that does not exist and expect the vendor's
 * documented refusal (default `NotFoundError`) — the server is reachable and takes the credentials.
 * Reports `404: <the server's message>`, or `fault <code>: <string>` for a SOAP fault.
 */
export function refusalProbe(
  name: string,
  read: (signal: AbortSignal | undefined) => Promise<unknown>,
  expected: abstract new (...args: never[]) => Error = NotFoundError,
): Probe {
  return {
    name,
    async run({ signal }) {
      const error = await read(signal).then(
        () => new Error(`${name}: the server found what should not exist`),
        (e: unknown) => e,
      );
      if (!(error instanceof expected)) throw error instanceof Error ? error : new Error(String(error));
      if (error instanceof SoapFaultError) return `fault ${error.faultCode}: ${error.faultString}`;
      return error instanceof ApiError ? `${error.status}: ${error.message}` : error.message;
    },
  };
}

/** A string field of a start, or a `RangeError` naming it when it is required and missing. */
export function startText(input: StartInput, key: string): string {
  const value = input[key];
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  throw new RangeError(`the start needs ${key} (a string), got ${value === undefined ? 'nothing' : typeof value}`);
}

/** An optional string field of a start: absent stays absent; present, it must be text (or a number). */
export function startOptionalText(input: StartInput, key: string): string | undefined {
  return input[key] === undefined ? undefined : startText(input, key);
}

/**
 * An object field of a start whose values are text on the wire (parameters, inputs, answers): only
 * strings, numbers and booleans are taken. `what` names one value in the error (`parameter`).
 */
export function startScalars(input: StartInput, key: string, what: string): Record<string, string | number | boolean> {
  const scalars: Record<string, string | number | boolean> = {};
  for (const [name, value] of Object.entries(startObject(input, key))) {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new RangeError(`the start's ${what} ${JSON.stringify(name)} must be a string, number or boolean`);
    }
    scalars[name] = value;
  }
  return scalars;
}

/** An object field of a start (inputs, parameters): parsed when given as JSON text; `{}` when absent. */
export function startObject(input: StartInput, key: string): Record<string, unknown> {
  let value = input[key];
  if (value === undefined) return {};
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      throw new RangeError(`the start's ${key} must be a JSON object, got text that is not JSON`);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RangeError(`the start's ${key} must be a JSON object`);
  }
  return value as Record<string, unknown>;
}
