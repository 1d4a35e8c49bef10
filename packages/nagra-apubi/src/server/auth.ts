import { createHash, timingSafeEqual } from 'node:crypto';

/*
 * HTTP Basic (RFC 7617) checked in constant time: the scheme name is case-insensitive
 * (RFC 7235 §2.1: `basic`, `BASIC` are the same scheme), the credentials are compared as SHA-256
 * digests with timingSafeEqual, so neither their length nor a common prefix shows in the timing.
 */

const digest = (value: Buffer | string) => createHash('sha256').update(value).digest();

/** A checker for one user and password; true when an Authorization header carries exactly them. */
export function basicAuthChecker(username: string, password: string): (authorization: string | undefined) => boolean {
  // An empty user or password is a door anyone can open: refuse it, as no configuration at all is refused.
  if (username === '' || password === '') {
    throw new TypeError('createApubiServer: basicAuth needs a non-empty username and password');
  }
  if (username.includes(':')) throw new TypeError('createApubiServer: a Basic username cannot contain ":" (RFC 7617)');
  const expected = digest(Buffer.from(`${username}:${password}`, 'utf8'));
  return (authorization) => {
    const match = /^[Bb][Aa][Ss][Ii][Cc][ ]+([A-Za-z0-9+/]+={0,2})[ ]*$/.exec(authorization ?? '');
    const given = match ? Buffer.from(match[1] as string, 'base64') : Buffer.alloc(0);
    // Always compare, also when the header is missing or malformed: the same work either way.
    return timingSafeEqual(digest(given), expected) && match !== null;
  };
}
