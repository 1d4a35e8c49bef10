/**
 * The README's simulator snippet is examples/simulator.ts: this runs it (against the simulator it
 * starts, so apart from examples.test.ts, whose msw refuses every other request) and checks that
 * the README shows it verbatim.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';

describe('README simulator example', () => {
  it('the README shows examples/simulator.ts verbatim', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const source = readFileSync(new URL('../examples/simulator.ts', import.meta.url), 'utf8').trim();
    expect(readme).toContain(source);
  });

  it('simulator.ts runs a workflow on the simulator and waits for its success', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(' '));
    });
    await import('../examples/simulator.js');
    expect(lines).toEqual(['succeeded (Completed, Success)']);
  });
});
