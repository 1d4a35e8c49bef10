import type { VendorDefinition } from '@jobwire/core/definition';
import { ExitCode } from '../exit-codes.js';
import { envName } from '../flags.js';
import { type Io, writeLine } from '../io.js';
import { closeSimulators, type SimulatorFlags, startSimulators } from '../simulators.js';

/**
 * `jobwire simulate [vendor…]`: runs simulators until interrupted and prints, per vendor, the
 * environment that points `jobwire` (or the conformance suites) at them. The credentials printed
 * are the simulator's own throwaway ones, which is why they may be shown.
 */
export async function simulateCommand(
  definitions: readonly VendorDefinition[],
  flags: SimulatorFlags & { json?: boolean },
  io: Io,
  signal: AbortSignal,
) {
  const running = await startSimulators(definitions, flags);
  try {
    for (const { definition, simulator, settings } of running) {
      const env = Object.fromEntries(
        Object.entries(settings).flatMap(([key, value]) => (value === undefined ? [] : [[envName(definition.id, key), value]])),
      );
      if (flags.json) {
        writeLine(io.stdout, JSON.stringify({ vendor: definition.id, url: simulator.url, env }));
      } else {
        writeLine(io.stdout, `# ${definition.title} simulator on ${simulator.url}`);
        for (const [name, value] of Object.entries(env)) writeLine(io.stdout, `export ${name}=${value}`);
      }
    }
    if (!flags.json) writeLine(io.stdout, '# press Ctrl-C to stop');
    await new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      else signal.addEventListener('abort', () => resolve(), { once: true });
    });
    return ExitCode.ok;
  } finally {
    await closeSimulators(running);
  }
}
