/**
 * Text from a peer, made safe to log: every control character (C0, DEL, C1), the Unicode line
 * and paragraph separators and the bidirectional overrides are written as `\uXXXX` (a backslash as
 * `\\`, so an escape cannot be faked), and the
 * text is cut at `max` characters. A forged `\n[INFO] task 9 done` or an ANSI colour sequence
 * then stays inside one field of one line.
 */
export function escapeLogField(value: unknown, max = 200): string {
  const text = typeof value === 'string' ? value : String(value);
  const cut = text.length > max ? `${text.slice(0, max)}…(${text.length - max} more)` : text;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what is escaped.
  return cut.replace(/[\\\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) =>
    c === '\\' ? '\\\\' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
