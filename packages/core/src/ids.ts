/**
 * Checks an id that goes into a URL path segment. Everything else in it is percent-encoded where
 * it goes, but "", "." and ".." cannot be: URL parsing resolves them (also as %2e), so
 * `getJob('..')` would address another resource. Those are refused before anything is sent.
 */
export function pathSegment(value: string, name: string): string {
  if (typeof value !== 'string' || value === '' || value === '.' || value === '..') {
    throw new RangeError(`${name} must be a non-empty string other than "." and ".." (got ${JSON.stringify(value)})`);
  }
  return value;
}
