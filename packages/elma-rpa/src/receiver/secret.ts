import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Issues and checks the per-task secrets of callback URLs. Made by `createCallbackSigner`. */
export interface CallbackSigner {
  /** A fresh token: a random nonce and the HMAC-SHA-256 of it under your key (`nonce.mac`, base64url). */
  create(): string;
  /** `true` when `token` was made by `create` with the same key; the MAC is compared in constant time. */
  verify(token: string | null | undefined): boolean;
}

const NONCE = /^[A-Za-z0-9_-]{22}$/;
const MAC = /^[A-Za-z0-9_-]{43}$/;
/** Domain separation: a MAC made for something else with the same key is not a callback token. */
const LABEL = 'jobwire elma-rpa callback v1:';

/**
 * Callback tokens are stateless: nothing is stored per task, any process that has the key can
 * check a token, and a token cannot be made without the key. Each task gets its own nonce, so a
 * token seen in one task's URL says nothing about another's.
 *
 * The key must have at least 32 bytes (`randomBytes(32)`, or 32+ characters of a secret).
 */
export function createCallbackSigner(key: string | Uint8Array): CallbackSigner {
  const keyBytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : Buffer.from(key);
  if (keyBytes.length < 32) throw new RangeError('the callback key must have at least 32 bytes (e.g. randomBytes(32))');
  const mac = (nonce: string) =>
    createHmac('sha256', keyBytes)
      .update(LABEL + nonce)
      .digest();
  return {
    create() {
      const nonce = randomBytes(16).toString('base64url');
      return `${nonce}.${mac(nonce).toString('base64url')}`;
    },
    verify(token) {
      if (typeof token !== 'string' || token.length !== 66) return false;
      const nonce = token.slice(0, 22);
      const given = token.slice(23);
      if (token[22] !== '.' || !NONCE.test(nonce) || !MAC.test(given)) return false;
      const givenBytes = Buffer.from(given, 'base64url');
      // One spelling per MAC: base64url's last character has unused bits, which must be zero.
      if (givenBytes.toString('base64url') !== given) return false;
      return timingSafeEqual(givenBytes, mac(nonce));
    },
  };
}
