/*
 * Request bytes to text, as RFC 7303 §3.2/§8 says for XML media types: the `charset` parameter
 * of Content-Type first, then a byte order mark, then the XML declaration's `encoding`, else
 * UTF-8. Decoding is exact or refused: a body that is not valid in its charset, or a charset the
 * kit does not know, is a client fault — never a silent U+FFFD.
 */

/** A body the kit cannot decode; `message` is safe to send back to the peer. */
export class CharsetError extends Error {
  static {
    CharsetError.prototype.name = 'CharsetError';
  }
}

// The labels each supported charset goes by (compared case-insensitively).
const LABELS: ReadonlyMap<string, 'utf-8' | 'latin1' | 'ascii' | 'utf-16le' | 'utf-16be' | 'utf-16'> = new Map([
  ['utf-8', 'utf-8'],
  ['utf8', 'utf-8'],
  ['iso-8859-1', 'latin1'],
  ['iso8859-1', 'latin1'],
  ['iso_8859-1', 'latin1'],
  ['latin1', 'latin1'],
  ['l1', 'latin1'],
  ['us-ascii', 'ascii'],
  ['ascii', 'ascii'],
  ['utf-16', 'utf-16'],
  ['utf-16le', 'utf-16le'],
  ['utf-16be', 'utf-16be'],
]);

/** The `charset` parameter of a Content-Type header, lower-cased and unquoted; undefined when absent. */
export function charsetOf(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const match = /;\s*charset\s*=\s*(?:"([^"]*)"|([^\s;]+))/i.exec(contentType);
  const value = match?.[1] ?? match?.[2];
  return value?.toLowerCase();
}

function decoded(bytes: Uint8Array, encoding: 'utf-8' | 'utf-16le' | 'utf-16be', label: string): string {
  try {
    // ignoreBOM: the BOM stays in the text, where the XML reader skips it.
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new CharsetError(`request body is not valid ${label}`);
  }
}

/** The body as text in the charset it declares (or UTF-8); CharsetError when that is not possible. */
export function decodeBody(bytes: Uint8Array, contentType: string | undefined): string {
  let label = charsetOf(contentType);
  if (label === undefined) {
    if (bytes[0] === 0xfe && bytes[1] === 0xff) label = 'utf-16be';
    else if (bytes[0] === 0xff && bytes[1] === 0xfe) label = 'utf-16le';
    else {
      // The declaration is ASCII in every charset supported here but UTF-16 (which has a BOM).
      const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
      const declared = /^(?:\uFEFF|\u00EF\u00BB\u00BF)?<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head);
      label = declared?.[1]?.toLowerCase() ?? 'utf-8';
    }
  }
  const charset = LABELS.get(label);
  if (charset === undefined) throw new CharsetError(`unsupported charset ${JSON.stringify(label.slice(0, 40))} (use UTF-8)`);
  if (charset === 'latin1') return Buffer.from(bytes).toString('latin1');
  if (charset === 'ascii') {
    if (bytes.some((byte) => byte > 0x7f)) throw new CharsetError('request body is not valid US-ASCII');
    return Buffer.from(bytes).toString('latin1');
  }
  if (charset === 'utf-16') {
    const bigEndian = !(bytes[0] === 0xff && bytes[1] === 0xfe);
    return decoded(bytes, bigEndian ? 'utf-16be' : 'utf-16le', 'UTF-16');
  }
  return decoded(bytes, charset, charset.toUpperCase());
}
