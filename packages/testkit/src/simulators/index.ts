import type { ChaosOptions, LifecycleOptions } from '@jobwire/core/simulator';
import { startAlteryxSimulator } from './alteryx-server.js';
import { startAsperaOrchestratorSimulator } from './aspera-orchestrator.js';
import { startElmaRpaSimulator } from './elma-rpa.js';
import { startNagraApubiSimulator } from './nagra-apubi.js';
import { startTrueSightSimulator } from './truesight-orchestration.js';

export type { ChaosOptions, LifecycleOptions, SimOutcome } from '@jobwire/core/simulator';

/** What each simulator accepts as credentials, keyed by vendor: spread it into the client's options. */
export interface SimulatorCredentials {
  /** OAuth2 client credentials. */
  'alteryx-server': { clientId: string; clientSecret: string };
  /** HTTP Basic with username + password; query auth as `login`=username with `password` or `api_key`=apiKey. */
  'aspera-orchestrator': { username: string; password: string; apiKey: string };
  /** HTTP Basic credentials. */
  'nagra-apubi': { username: string; password: string };
  /** The approved system identifier. */
  'elma-rpa': { authToken: string };
  /** A user name and password for `POST /login`. */
  'truesight-orchestration': { username: string; password: string };
}

/** The vendors that have a simulator. */
export type SimulatedVendor = keyof SimulatorCredentials;

/** Options of `startSimulator`: job lifecycle, chaos and port. */
export interface SimulatorOptions extends LifecycleOptions {
  /** Seeded faults for reliability tests. */
  chaos?: ChaosOptions;
  /** Port to listen on (default: a free one). Always bound to 127.0.0.1. */
  port?: number;
}

/** A running vendor simulator: its URL, the credentials it accepts, request counts, chaos control and `close`. */
export interface Simulator<V extends SimulatedVendor = SimulatedVendor> {
  /** The vendor simulated. */
  vendor: V;
  /** The base URL to give the client. */
  url: string;
  /** Credentials the simulator accepts (anything else gets the vendor's own 401). */
  credentials: Readonly<SimulatorCredentials[V]>;
  /** Requests received so far, and how many of them got an injected fault. */
  readonly requestCount: number;
  /** How many of those requests got an injected fault. */
  readonly faultCount: number;
  /** Turns seeded chaos on (or off with `undefined`) from the next request on. */
  setChaos(chaos: ChaosOptions | undefined): void;
  /** Stops it and releases its port; resolves when everything is closed. */
  close(): Promise<void>;
}

/**
 * Starts a stand-in for a vendor's server: a real HTTP server on 127.0.0.1 that authenticates like
 * the product, runs jobs through the vendor's statuses on a clock, and answers errors in the
 * vendor's own shapes.
 */
export async function startSimulator<V extends SimulatedVendor>(
  vendor: V,
  options: SimulatorOptions = {},
): Promise<Simulator<V>> {
  // The casts tie each branch's concrete simulator to the vendor the caller named.
  switch (vendor as SimulatedVendor) {
    case 'alteryx-server':
      return (await startAlteryxSimulator(options)) as unknown as Simulator<V>;
    case 'aspera-orchestrator':
      return (await startAsperaOrchestratorSimulator(options)) as unknown as Simulator<V>;
    case 'nagra-apubi':
      return (await startNagraApubiSimulator(options)) as unknown as Simulator<V>;
    case 'elma-rpa':
      return (await startElmaRpaSimulator(options)) as unknown as Simulator<V>;
    case 'truesight-orchestration':
      return (await startTrueSightSimulator(options)) as unknown as Simulator<V>;
    default:
      throw new RangeError(`no simulator for vendor ${JSON.stringify(vendor)}`);
  }
}

/** Every vendor that has a simulator, in the order the demo runs them. */
export const simulatedVendors: readonly SimulatedVendor[] = [
  'alteryx-server',
  'aspera-orchestrator',
  'truesight-orchestration',
  'elma-rpa',
  'nagra-apubi',
];
