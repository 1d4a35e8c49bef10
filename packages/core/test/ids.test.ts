import { describe, expect, it } from 'vitest';
import { pathSegment } from '../src/index.js';

describe('pathSegment', () => {
  it('passes ordinary ids through untouched (they are encoded where they go)', () => {
    expect(pathSegment('66ebd18d3d6200007e000d8c', 'jobId')).toBe('66ebd18d3d6200007e000d8c');
    expect(pathSegment('a/b c?#%', 'jobId')).toBe('a/b c?#%');
    expect(pathSegment('...', 'jobId')).toBe('...');
    expect(pathSegment('.hidden', 'jobId')).toBe('.hidden');
  });

  it.each(['', '.', '..'])('refuses %j, which URL parsing would resolve away', (id) => {
    expect(() => pathSegment(id, 'jobId')).toThrow(
      new RangeError(`jobId must be a non-empty string other than "." and ".." (got ${JSON.stringify(id)})`),
    );
  });

  it('refuses a non-string passed from untyped code', () => {
    expect(() => pathSegment(undefined as unknown as string, 'workflowId')).toThrow(RangeError);
  });
});
