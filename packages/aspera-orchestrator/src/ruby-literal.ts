/**
 * Orchestrator writes `hash` outputs in XML as a Ruby hash literal:
 * `{'Mac' => {"node_id"=>"localhost", "capacity_kb"=>"20000"}}`. This reads that subset of Ruby
 * literals — hashes, arrays, single/double-quoted strings, symbols, numbers, true/false/nil —
 * into plain values. It evaluates nothing: anything else is a syntax error.
 */
export type RubyValue = string | number | boolean | null | RubyValue[] | { [key: string]: RubyValue };

/** Thrown by `parseRubyLiteral` when the text is not a Ruby literal it understands; says where. */
export class RubyLiteralError extends Error {
  static {
    RubyLiteralError.prototype.name = 'RubyLiteralError';
  }
}

const MAX_DEPTH = 64;

/** Parses the Ruby hash/array literal text some Orchestrator responses embed (e.g. `{"a"=>1}`); throws `RubyLiteralError` on anything else. Never evaluates code. */
export function parseRubyLiteral(text: string): RubyValue {
  let pos = 0;
  const fail = (what: string): never => {
    throw new RubyLiteralError(`${what} at offset ${pos}`);
  };
  const skip = () => {
    while (pos < text.length && /\s/.test(text[pos] ?? '')) pos++;
  };
  const expect = (token: string) => {
    skip();
    if (!text.startsWith(token, pos)) fail(`expected ${JSON.stringify(token)}`);
    pos += token.length;
  };

  const quoted = (): string => {
    const quote = text[pos];
    pos++;
    let out = '';
    while (pos < text.length) {
      const ch = text[pos++] ?? '';
      if (ch === quote) return out;
      if (ch !== '\\') {
        out += ch;
        continue;
      }
      const next = text[pos++] ?? '';
      // Single-quoted Ruby strings only unescape \\ and \'; double-quoted ones the usual set.
      if (quote === "'") out += next === '\\' || next === "'" ? next : `\\${next}`;
      else out += ({ n: '\n', t: '\t', r: '\r', '0': '\0', e: '\u001b', s: ' ' } as Record<string, string>)[next] ?? next;
    }
    return fail('unterminated string');
  };

  const value = (depth: number): RubyValue => {
    if (depth > MAX_DEPTH) fail('nesting too deep');
    skip();
    const ch = text[pos];
    if (ch === '{') return hash(depth);
    if (ch === '[') return array(depth);
    if (ch === '"' || ch === "'") return quoted();
    if (ch === ':') {
      pos++;
      if (text[pos] === '"' || text[pos] === "'") return quoted();
      const symbol = /^[A-Za-z_][A-Za-z0-9_]*[?!]?/.exec(text.slice(pos))?.[0] ?? fail('bad symbol');
      pos += symbol.length;
      return symbol;
    }
    const number = /^-?\d[\d_]*(\.\d+)?([eE][-+]?\d+)?/.exec(text.slice(pos))?.[0];
    if (number) {
      pos += number.length;
      return Number(number.replace(/_/g, ''));
    }
    for (const [word, result] of [
      ['nil', null],
      ['true', true],
      ['false', false],
    ] as const) {
      if (text.startsWith(word, pos) && !/[A-Za-z0-9_]/.test(text[pos + word.length] ?? '')) {
        pos += word.length;
        return result;
      }
    }
    return fail('unexpected token');
  };

  const hash = (depth: number): { [key: string]: RubyValue } => {
    const out: { [key: string]: RubyValue } = {};
    pos++;
    skip();
    if (text[pos] === '}') {
      pos++;
      return out;
    }
    for (;;) {
      skip();
      // Ruby 1.9 style `key: value` as well as `key => value`.
      const label = /^([A-Za-z_][A-Za-z0-9_]*):(?!:)/.exec(text.slice(pos));
      let key: RubyValue;
      if (label?.[1]) {
        key = label[1];
        pos += label[0].length;
      } else {
        key = value(depth + 1);
        expect('=>');
      }
      Object.defineProperty(out, String(key), { value: value(depth + 1), enumerable: true, writable: true, configurable: true });
      skip();
      if (text[pos] === ',') {
        pos++;
        continue;
      }
      expect('}');
      return out;
    }
  };

  const array = (depth: number): RubyValue[] => {
    const out: RubyValue[] = [];
    pos++;
    skip();
    if (text[pos] === ']') {
      pos++;
      return out;
    }
    for (;;) {
      out.push(value(depth + 1));
      skip();
      if (text[pos] === ',') {
        pos++;
        continue;
      }
      expect(']');
      return out;
    }
  };

  const result = value(0);
  skip();
  if (pos !== text.length) fail('trailing characters');
  return result;
}
