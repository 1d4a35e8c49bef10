import type { SimulatorOptions } from '@jobwire/core/simulator';

/** Options of the Aspera Orchestrator simulator: job lifecycle, chaos and port (core's), credentials, the Canceling window. */
export interface AsperaOrchestratorSimulatorOptions extends SimulatorOptions {
  /** The user name accepted (default `sim-admin`). */
  username?: string | undefined;
  /** The password accepted (default `sim-password`). A secret: never logged. */
  password?: string | undefined;
  /** The API key accepted for query authentication (default `sim-api-key`). A secret: never logged. */
  apiKey?: string | undefined;
  /** How long a cancelled work order shows `Canceling` before `Canceled` (default 100 ms, simulator clock). */
  cancelingMs?: number | undefined;
}

/** What the simulator accepts: HTTP Basic with `username` + `password`; query `login`=username with `password` or `api_key`. */
// A type, not an interface: it must fit core's `Simulator` credentials (a record of strings).
export type AsperaOrchestratorSimulatorCredentials = {
  /** The user name (the query-string `login`). */
  username: string;
  /** That user's password. */
  password: string;
  /** That user's API key (query authentication). */
  apiKey: string;
};
