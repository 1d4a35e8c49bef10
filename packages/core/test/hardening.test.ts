import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shapeError, UnexpectedResponseError } from '../src/index.js';

describe('fast-check failures are reproducible', () => {
  it('a failing property reports its seed and path (what CI prints to replay a fuzz failure)', () => {
    let message = '';
    try {
      fc.assert(
        fc.property(fc.nat(), (n) => n < 50),
        { numRuns: 1000, seed: 4242 },
      );
    } catch (error) {
      message = String((error as Error).message);
    }
    expect(message).toMatch(/seed: 4242, path: "[\d:]+"/);
    expect(message).toContain('Counterexample: [50]');
  });
});

describe('regressions found by the reliability suite', () => {
  it('shapeError on a value nested too deep to serialise is still an UnexpectedResponseError', () => {
    const deep = JSON.parse(`${'['.repeat(20_000)}${']'.repeat(20_000)}`) as unknown;
    const error = shapeError({ vendor: 'alteryx-server', operation: 'getJob' }, 'a JobView', deep);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.excerpt).toBe('[deeply nested array]');
  });
});
