import { alteryxServerHandlers } from './msw/alteryx-server.js';

export {
  type AlteryxServerHandlerOptions,
  alteryxServerCredentials,
  alteryxServerHandlers,
  alteryxServerJobIds,
  alteryxServerSamples,
} from './msw/alteryx-server.js';
export { type PrismOptions, type RunningPrism, startPrism } from './prism.js';
export {
  type ChaosOptions,
  type LifecycleOptions,
  type SimOutcome,
  type SimulatedVendor,
  type Simulator,
  type SimulatorCredentials,
  type SimulatorOptions,
  simulatedVendors,
  startSimulator,
} from './simulators/index.js';
export {
  createSpecValidator,
  type OpenApiDocument,
  type ResponseCheck,
  type ResponseToCheck,
} from './spec-validator.js';

/** msw handlers per vendor, serving the documented samples: `setupServer(...handlers.alteryxServer())`. */
export const handlers = {
  alteryxServer: alteryxServerHandlers,
} as const;
