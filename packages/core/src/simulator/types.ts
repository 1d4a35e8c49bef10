import type { VendorId } from '../status.js';
import type { ChaosOptions } from './http-server.js';
import type { LifecycleOptions } from './lifecycle.js';

/** Options every vendor simulator takes: job lifecycle, chaos and port (a simulator may add its own). */
export interface SimulatorOptions extends LifecycleOptions {
  /** Seeded faults for reliability tests. */
  chaos?: ChaosOptions | undefined;
  /** Port to listen on (default: a free one). Always bound to 127.0.0.1. */
  port?: number | undefined;
}

/**
 * A running stand-in for a vendor's server: a real HTTP server on 127.0.0.1 that authenticates like
 * the product, runs jobs through the vendor's statuses on a clock, and answers errors in the
 * vendor's own shapes. What every `start<Vendor>Simulator` resolves with.
 */
export interface Simulator<Credentials extends object = Readonly<Record<string, string>>> {
  /** The vendor simulated. */
  readonly vendor: VendorId;
  /** The base URL to give the client. */
  readonly url: string;
  /** Credentials the simulator accepts (anything else gets the vendor's own 401). */
  readonly credentials: Readonly<Credentials>;
  /** Requests received so far, faults included. */
  readonly requestCount: number;
  /** How many of those requests got an injected fault. */
  readonly faultCount: number;
  /** Turns seeded chaos on (or off with `undefined`) from the next request on. */
  setChaos(chaos: ChaosOptions | undefined): void;
  /** Stops it and releases its port; resolves when everything is closed. */
  close(): Promise<void>;
}
