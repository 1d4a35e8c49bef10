/**
 * The README's simulator and definition snippets are examples/simulator.ts and examples/definition.ts:
 * this runs them (against the simulator they start, so apart from examples.test.ts, whose msw
 * refuses every other request) and checks that the README shows them verbatim.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

async function run(example: string): Promise<string[]> {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(args.map(String).join(' '));
  });
  await import(`../examples/${example}.ts`);
  return lines;
}

describe('README simulator and definition examples', () => {
  it.each(['simulator', 'definition'])('the README shows examples/%s.ts verbatim', (name) => {
    const source = readFileSync(new URL(`../examples/${name}.ts`, import.meta.url), 'utf8').trim();
    expect(readme).toContain(source);
  });

  it('simulator.ts runs a process on the simulator and waits for its success', async () => {
    expect(await run('simulator')).toEqual(['succeeded (COMPLETED), status code 200']);
  });

  it('definition.ts starts the demo process through the definition and waits for it', async () => {
    expect(await run('definition')).toEqual(['BMC TrueSight Orchestration: succeeded (COMPLETED)']);
  });
});
