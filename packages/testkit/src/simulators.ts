// The simulators live in the vendor packages (`@jobwire/<vendor>/simulator`, started through
// `@jobwire/<vendor>/definition`). The testkit does not depend on them — vendor packages test with
// the testkit, so the dependency graph would be a cycle — and loads them by name at run time: from
// where the testkit is installed (the project's node_modules), and in this workspace through the
// vitest aliases. What is here keeps older callers working.
import type { VendorDefinition } from '@jobwire/core/definition';
import type {
  ChaosOptions,
  Simulator as CoreSimulator,
  SimulatorOptions as CoreSimulatorOptions,
  JobBook,
  LifecycleOptions,
} from '@jobwire/core/simulator';

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

/** The vendors whose simulator `startSimulator` types precisely (any installed vendor package works). */
export type SimulatedVendor = keyof SimulatorCredentials;

/** Options of `startSimulator`: job lifecycle, chaos and port (core's `SimulatorOptions`). */
export interface SimulatorOptions extends LifecycleOptions {
  /** Seeded faults for reliability tests. */
  chaos?: ChaosOptions | undefined;
  /** Port to listen on (default: a free one). Always bound to 127.0.0.1. */
  port?: number | undefined;
}

/** A running vendor simulator: its URL, the credentials it accepts, request counts, chaos control and `close`. */
export interface Simulator<V extends SimulatedVendor = SimulatedVendor> extends CoreSimulator<SimulatorCredentials[V]> {
  /** The vendor simulated. */
  readonly vendor: V;
}

/** `@jobwire/<vendor>/<entry>`, loaded at run time; an error saying what to install when it cannot be. */
async function loadVendorEntry(vendor: string, entry: 'definition' | 'simulator'): Promise<Record<string, unknown>> {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(vendor)) throw new RangeError(`no simulator for vendor ${JSON.stringify(vendor)}`);
  const specifier = `@jobwire/${vendor}/${entry}`;
  try {
    return (await import(/* @vite-ignore */ specifier)) as Record<string, unknown>;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`could not load ${specifier} (${reason}): is @jobwire/${vendor} installed beside @jobwire/testkit?`, {
      cause: error,
    });
  }
}

/**
 * Starts a stand-in for a vendor's server: a real HTTP server on 127.0.0.1 that authenticates like
 * the product, runs jobs through the vendor's statuses on a clock, and answers errors in the
 * vendor's own shapes. Loads `@jobwire/<vendor>/definition` (install the vendor package beside the
 * testkit) and starts `definition.simulator()`.
 */
export async function startSimulator<V extends SimulatedVendor>(vendor: V, options?: SimulatorOptions): Promise<Simulator<V>>;
/** Any vendor package with a definition: `startSimulator('my-vendor')` loads `@jobwire/my-vendor/definition`. */
export async function startSimulator(vendor: string, options?: SimulatorOptions): Promise<CoreSimulator>;
export async function startSimulator(vendor: string, options: SimulatorOptions = {}): Promise<CoreSimulator> {
  const { definition } = (await loadVendorEntry(vendor, 'definition')) as { definition?: VendorDefinition };
  if (typeof definition?.simulator !== 'function')
    throw new Error(`@jobwire/${vendor}/definition exports no definition with a simulator`);
  const simulator = await definition.simulator();
  return simulator.start(options as CoreSimulatorOptions);
}

/** `start<Vendor>Simulator` of `@jobwire/<vendor>/simulator`, called with `options`. */
async function startVendorSimulator<T>(vendor: SimulatedVendor, name: string, options: object): Promise<T> {
  const start = (await loadVendorEntry(vendor, 'simulator'))[name];
  if (typeof start !== 'function') throw new Error(`@jobwire/${vendor}/simulator exports no ${name}`);
  return (await start(options)) as T;
}

/**
 * Options of the Alteryx Server simulator (loose: any field is passed on).
 * @deprecated The precise type is `AlteryxSimulatorOptions` of `@jobwire/alteryx-server/simulator`.
 */
export type AlteryxSimulatorOptions = SimulatorOptions & Readonly<Record<string, unknown>>;
/**
 * Options of the Aspera Orchestrator simulator (loose: any field is passed on).
 * @deprecated The precise type is `AsperaOrchestratorSimulatorOptions` of `@jobwire/aspera-orchestrator/simulator`.
 */
export type AsperaOrchestratorSimulatorOptions = SimulatorOptions & Readonly<Record<string, unknown>>;
/**
 * Options of the ELMA RPA simulator (loose: any field is passed on).
 * @deprecated The precise type is `ElmaRpaSimulatorOptions` of `@jobwire/elma-rpa/simulator`.
 */
export type ElmaRpaSimulatorOptions = SimulatorOptions & Readonly<Record<string, unknown>>;
/**
 * Options of the TrueSight Orchestration simulator (loose: any field is passed on).
 * @deprecated The precise type is `TrueSightSimulatorOptions` of `@jobwire/truesight-orchestration/simulator`.
 */
export type TrueSightSimulatorOptions = SimulatorOptions & Readonly<Record<string, unknown>>;

/**
 * Starts the Alteryx Server simulator of `@jobwire/alteryx-server/simulator` (loaded at run time).
 * @deprecated Import `startAlteryxSimulator` from `@jobwire/alteryx-server/simulator`.
 */
export function startAlteryxSimulator(
  options: AlteryxSimulatorOptions = {},
): Promise<Simulator<'alteryx-server'> & { readonly jobs: JobBook; expireTokens(): void }> {
  return startVendorSimulator('alteryx-server', 'startAlteryxSimulator', options);
}

/**
 * Starts the Aspera Orchestrator simulator of `@jobwire/aspera-orchestrator/simulator` (loaded at run time).
 * @deprecated Import `startAsperaOrchestratorSimulator` from `@jobwire/aspera-orchestrator/simulator`.
 */
export function startAsperaOrchestratorSimulator(
  options: AsperaOrchestratorSimulatorOptions = {},
): Promise<Simulator<'aspera-orchestrator'>> {
  return startVendorSimulator('aspera-orchestrator', 'startAsperaOrchestratorSimulator', options);
}

/**
 * Starts the ELMA RPA simulator of `@jobwire/elma-rpa/simulator` (loaded at run time).
 * @deprecated Import `startElmaRpaSimulator` from `@jobwire/elma-rpa/simulator`.
 */
export function startElmaRpaSimulator(
  options: ElmaRpaSimulatorOptions = {},
): Promise<Simulator<'elma-rpa'> & { readonly jobs: JobBook; approveSystem(id: string): boolean }> {
  return startVendorSimulator('elma-rpa', 'startElmaRpaSimulator', options);
}

/**
 * Starts the TrueSight Orchestration simulator of `@jobwire/truesight-orchestration/simulator` (loaded at run time).
 * @deprecated Import `startTrueSightSimulator` from `@jobwire/truesight-orchestration/simulator`.
 */
export function startTrueSightSimulator(
  options: TrueSightSimulatorOptions = {},
): Promise<Simulator<'truesight-orchestration'> & { readonly jobs: JobBook; expireTokens(): void }> {
  return startVendorSimulator('truesight-orchestration', 'startTrueSightSimulator', options);
}

/**
 * Starts the NAGRA APUBI simulator of `@jobwire/nagra-apubi/simulator` (loaded at run time).
 * @deprecated Import `startNagraApubiSimulator` from `@jobwire/nagra-apubi/simulator`.
 */
export function startNagraApubiSimulator(
  options: SimulatorOptions & Readonly<Record<string, unknown>> = {},
): Promise<Simulator<'nagra-apubi'>> {
  return startVendorSimulator('nagra-apubi', 'startNagraApubiSimulator', options);
}

/**
 * Every vendor that had a simulator in the testkit, in the order the demo runs them.
 * @deprecated Vendors are found from their packages' `jobwire.vendor` field; this list no longer grows.
 */
export const simulatedVendors: readonly SimulatedVendor[] = [
  'alteryx-server',
  'aspera-orchestrator',
  'truesight-orchestration',
  'elma-rpa',
  'nagra-apubi',
];
