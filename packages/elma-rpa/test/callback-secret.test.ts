/** Callback tokens and log escaping, the two small pieces the receiver is built on. */
import { createCallbackSigner, escapeLogField } from '@jobwire/elma-rpa/node';
import { describe, expect, it } from 'vitest';

describe('createCallbackSigner', () => {
  const signer = createCallbackSigner('0123456789abcdef0123456789abcdef');

  it('makes distinct tokens that verify under the same key only', () => {
    const a = signer.create();
    const b = signer.create();
    expect(a).toMatch(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(signer.verify(a)).toBe(true);
    expect(createCallbackSigner('0123456789abcdef0123456789abcdef').verify(a)).toBe(true);
    expect(createCallbackSigner('0123456789abcdef0123456789abcdeF').verify(a)).toBe(false);
  });

  it('refuses tampered, swapped and malformed tokens', () => {
    const token = signer.create();
    const [nonce, mac] = token.split('.') as [string, string];
    const other = signer.create().split('.') as [string, string];
    expect(signer.verify(`${other[0]}.${mac}`)).toBe(false);
    expect(signer.verify(`${nonce}.${other[1]}`)).toBe(false);
    expect(signer.verify(`${nonce}.${mac.slice(0, -1)}`)).toBe(false);
    expect(signer.verify(`${nonce}:${mac}`)).toBe(false);
    expect(signer.verify(`${nonce}.${mac.slice(0, -2)}+/`)).toBe(false);
    for (const bad of [null, undefined, '', '.', token.toUpperCase(), `${token} `]) expect(signer.verify(bad)).toBe(false);
  });

  it('accepts one spelling per MAC: the unused low bits of the last character must be zero', () => {
    const token = signer.create();
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(token.at(-1) ?? '');
    expect(last % 4).toBe(0);
    // Same bytes once decoded, another string: refused.
    expect(signer.verify(`${token.slice(0, -1)}${alphabet[last + 1]}`)).toBe(false);
  });

  it('refuses keys shorter than 32 bytes', () => {
    expect(() => createCallbackSigner('short')).toThrow(RangeError);
    expect(() => createCallbackSigner(new Uint8Array(31))).toThrow(RangeError);
    expect(() => createCallbackSigner(new Uint8Array(32))).not.toThrow();
  });
});

describe('escapeLogField', () => {
  it('escapes line breaks, ANSI escapes, C1 controls, separators, bidi overrides and backslashes', () => {
    expect(escapeLogField('a\nb\r\nc')).toBe('a\\u000ab\\u000d\\u000ac');
    expect(escapeLogField('\u001b[31mred\u001b[0m')).toBe('\\u001b[31mred\\u001b[0m');
    expect(escapeLogField('\u0085\u009b\u2028\u2029\u202e\u2066')).toBe('\\u0085\\u009b\\u2028\\u2029\\u202e\\u2066');
    expect(escapeLogField('already \\u000a escaped')).toBe('already \\\\u000a escaped');
    expect(escapeLogField('plain text: é ✓')).toBe('plain text: é ✓');
  });

  it('cuts long text and says how much was left out', () => {
    expect(escapeLogField('x'.repeat(10), 4)).toBe('xxxx…(6 more)');
    expect(escapeLogField(42)).toBe('42');
  });
});
