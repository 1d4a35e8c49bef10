// What every contract case runs on: the vendor's simulator started through its definition, the
// settings that reach it, and sessions connected through `definition.connect` whose requests and
// log lines the suite sees (through the client options every vendor takes).
import assert from 'node:assert/strict';
import type { ClientOptions, Logger } from '@jobwire/core';
import type { Settings, VendorDefinition, VendorSession } from '@jobwire/core/definition';
import type { Simulator, SimulatorOptions } from '@jobwire/core/simulator';
import { recordingLogger } from '../reliability.js';
import { sameShapeOther } from './assertions.js';
import type { ContractOptions } from './options.js';

/** One request a session sent, as its `fetch` got it. */
export interface SeenRequest {
  /** The HTTP method. */
  method: string;
  /** The request URL, parsed. */
  url: URL;
}

/** A session made by the harness, with what it sent and logged. */
export interface RecordedSession {
  /** The definition's session. */
  session: VendorSession;
  /** Every request it sent, in order. */
  requests: SeenRequest[];
  /** Every line it logged. */
  logged: Array<{ level: string; args: unknown[] }>;
}

/** A running simulator of the definition's vendor, and sessions to it. */
export interface ContractHarness {
  /** The definition under test. */
  readonly definition: VendorDefinition;
  /** The suite's options. */
  readonly options: ContractOptions;
  /** The running simulator. */
  readonly simulator: Simulator;
  /** The settings that reach it (`definition.simulator().settings(simulator)`). */
  readonly settings: Settings;
  /** A session with these settings (default the simulator's), the suite's client options and `extra`. */
  connect(settings?: Settings, extra?: ClientOptions): RecordedSession;
  /** A job id the simulator does not know (`options.unknownJobId`, or one shaped like a started job's id). */
  unknownJobId(): Promise<string>;
  /** Closes the sessions (where they have `close`) and the simulator. */
  close(): Promise<void>;
}

/** Starts the vendor's simulator through its definition (`definition.simulator()` → `start(options)`). */
export async function startHarness(
  definition: VendorDefinition,
  simulatorOptions: SimulatorOptions | ((options: ContractOptions) => SimulatorOptions),
  options: ContractOptions = {},
): Promise<ContractHarness> {
  const vendorSimulator = await definition.simulator();
  const simulator = await vendorSimulator.start(
    typeof simulatorOptions === 'function' ? simulatorOptions(options) : simulatorOptions,
  );
  const settings = vendorSimulator.settings(simulator);
  const sessions: VendorSession[] = [];
  let unknownJobId: Promise<string> | undefined;

  const connect = (connectSettings: Settings = settings, extra: ClientOptions = {}): RecordedSession => {
    const user = { ...options.clientOptions, ...extra };
    const requests: SeenRequest[] = [];
    const recorder = recordingLogger();
    const userLogger: Logger | undefined = user.logger;
    const userFetch = user.fetch;
    const session = definition.connect(connectSettings, {
      ...user,
      fetch: (request) => {
        requests.push({ method: request.method, url: new URL(request.url) });
        return userFetch ? userFetch(request) : globalThis.fetch(request);
      },
      logger: {
        debug: (...args) => {
          recorder.debug(...args);
          userLogger?.debug?.(...args);
        },
        warn: (...args) => {
          recorder.warn(...args);
          userLogger?.warn?.(...args);
        },
      },
    });
    sessions.push(session);
    return { session, requests, logged: recorder.calls };
  };

  return {
    definition,
    options,
    simulator,
    settings,
    connect,
    unknownJobId() {
      if (options.unknownJobId !== undefined) return Promise.resolve(options.unknownJobId);
      unknownJobId ??= (async () => {
        const id = await connect().session.startJob(definition.start.demo);
        assert.equal(typeof id, 'string', 'startJob must resolve with the job id, a string');
        return /^\d+$/.test(id) ? '9'.repeat(Math.max(9, id.length)) : sameShapeOther(id);
      })();
      return unknownJobId;
    },
    async close() {
      await Promise.allSettled(sessions.map((session) => session.close?.()));
      await simulator.close();
    },
  };
}

/** The values of the definition's secret settings among `settings`. */
export function secretValues(definition: VendorDefinition, settings: Settings): string[] {
  return definition.settings
    .filter((setting) => setting.secret === true)
    .map((setting) => settings[setting.key])
    .filter((value): value is string => typeof value === 'string' && value !== '');
}

/** The settings with every secret setting among them changed (same shape, other characters); fails when there is none. */
export function wrongCredentials(definition: VendorDefinition, settings: Settings): Settings {
  const wrong: Record<string, string | undefined> = { ...settings };
  let changed = 0;
  for (const setting of definition.settings) {
    const value = settings[setting.key];
    if (setting.secret === true && typeof value === 'string' && value !== '') {
      wrong[setting.key] = sameShapeOther(value);
      changed++;
    }
  }
  assert.ok(
    changed > 0,
    `the simulator's settings (${Object.keys(settings).join(', ')}) hold no secret setting of the definition to change`,
  );
  return wrong;
}
