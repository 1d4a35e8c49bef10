// `@jobwire/aspera-orchestrator/simulator` (Node only): a stand-in IBM Aspera Orchestrator on
// 127.0.0.1 for tests, demos and benchmarks. The parts live in `simulator/`, one concern a file:
// what the server holds (catalog), how work orders run (work-orders), how answers are written
// (wire, bodies), how requests are read (requests) and the routes.
import { type Simulator, startHttpServer } from '@jobwire/core/simulator';
import { Bodies } from './simulator/bodies.js';
import type { AsperaOrchestratorSimulatorCredentials, AsperaOrchestratorSimulatorOptions } from './simulator/options.js';
import { authorizer, lookups } from './simulator/requests.js';
import { failure } from './simulator/wire.js';
import { type RouteContext, workOrderRoutes } from './simulator/work-order-routes.js';
import { WorkOrders } from './simulator/work-orders.js';
import { workflowRoutes } from './simulator/workflow-routes.js';

export type { AsperaOrchestratorSimulatorCredentials, AsperaOrchestratorSimulatorOptions } from './simulator/options.js';

/** A running Aspera Orchestrator simulator: core's `Simulator`, with the credentials it accepts. */
export interface AsperaOrchestratorSimulator extends Simulator<AsperaOrchestratorSimulatorCredentials> {
  /** Always `aspera-orchestrator`. */
  readonly vendor: 'aspera-orchestrator';
}

/**
 * Starts IBM Aspera Orchestrator on 127.0.0.1: the documented auth modes (HTTP Basic, query
 * login+password, query login+api_key), XML and JSON on every route in the documented shapes
 * (base path `/aspera/orchestrator`), workflows 256 and 257 whose work orders go Inactive →
 * In Progress → Complete / Failed (with statusDetails) / Canceled (through Canceling), two steps
 * per work order with outputs (a string, an integer and a `hash` written as a Ruby literal in XML),
 * and errors as Orchestrator sends them: a message and a stack trace.
 *
 * ```ts
 * const sim = await startAsperaOrchestratorSimulator({ queuedMs: 50, runningMs: 200 });
 * const client = createAsperaOrchestratorClient({ baseUrl: sim.url, auth: { username: sim.credentials.username, password: sim.credentials.password } });
 * // …
 * await sim.close();
 * ```
 */
export async function startAsperaOrchestratorSimulator(
  options: AsperaOrchestratorSimulatorOptions = {},
): Promise<AsperaOrchestratorSimulator> {
  const credentials: AsperaOrchestratorSimulatorCredentials = {
    username: options.username ?? 'sim-admin',
    password: options.password ?? 'sim-password',
    apiKey: options.apiKey ?? 'sim-api-key',
  };
  const orders = new WorkOrders(options);
  const authorized = authorizer(credentials);
  const context: RouteContext = {
    orders,
    bodies: new Bodies(orders, credentials),
    authorized,
    lookups: lookups(orders, authorized),
  };
  const server = await startHttpServer({
    basePath: '/aspera/orchestrator',
    chaos: options.chaos,
    port: options.port,
    notFound: (request) => failure(`No route matches [${request.method}] "${request.url.pathname}"`, 404),
    routes: [...workOrderRoutes(context), ...workflowRoutes(context)],
  });
  return Object.assign(server, { vendor: 'aspera-orchestrator' as const, credentials });
}
