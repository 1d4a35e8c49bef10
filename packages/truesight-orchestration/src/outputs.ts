import { parseXml, type XmlElement, type XmlNode } from '@jobwire/core/xml';
import type { OutputParameter, OutputValue } from './types.js';

/*
 * Output parameter values are XML fragments wrapped in `<result>…</result>`. Servers differ:
 * the documented sample sends the fragment raw (with the HTML inside `<message-body>` escaped),
 * other versions escape the whole fragment once more (`&lt;result&gt;OK&lt;/result&gt;`), and an
 * older page shows unescaped HTML inside the result, which is not well-formed XML. All three are
 * unwrapped the same way: text for a text result, the parsed XML object for a result with
 * elements; a fragment that does not parse is unwrapped textually instead of failing.
 */

const ESCAPED_RESULT = /^&lt;result(?:\s|&gt;|\/&gt;)/;
const RAW_RESULT = /^<result(?:\s[^>]*)?>([\s\S]*)<\/result>$/;
const EMPTY_RESULT = /^<result(?:\s[^>]*)?\/>$/;
const SINGLE_ELEMENT = /^<([A-Za-z_][\w.:-]*)(?:\s[^>]*)?>([\s\S]*)<\/\1>$/;

/** Reverses one level of the five predefined XML entities (`&amp;` last, so `&amp;lt;` stays `&lt;`). */
function unescapeOnce(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Unwraps one `<result>` value into text or a parsed XML object; other values are returned as text. */
export function decodeOutputValue(value: unknown): OutputValue {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') return typeof value === 'object' ? JSON.stringify(value) : String(value);
  let text = value.trim();
  if (ESCAPED_RESULT.test(text)) text = unescapeOnce(text);
  if (EMPTY_RESULT.test(text)) return '';
  const raw = RAW_RESULT.exec(text);
  if (!raw) return value;
  try {
    const parsed = parseXml(text, { vendor: 'truesight-orchestration', operation: 'decodeOutputValue' });
    return contentOf(parsed.result);
  } catch {
    return unwrapTextually(raw[1] ?? '');
  }
}

/** `{result: 'OK'}` → 'OK'; `{result: {header-lines: …}}` → the element; an empty result → ''. */
function contentOf(node: XmlNode | undefined): OutputValue {
  if (node === undefined || node === null) return '';
  return node;
}

/** For fragments that are not well-formed: the inner text, or `{ element: inner text }` for one wrapping element. */
function unwrapTextually(inner: string): OutputValue {
  const trimmed = inner.trim();
  const element = SINGLE_ELEMENT.exec(trimmed);
  if (!element) return trimmed;
  const out: XmlElement = {};
  out[element[1] ?? ''] = (element[2] ?? '').trim();
  return out;
}

/** Decoded output values by parameter name (a later parameter with the same name wins). */
export function decodeOutputs(parameters: readonly OutputParameter[] | null | undefined): Record<string, OutputValue> {
  const outputs: Record<string, OutputValue> = {};
  for (const parameter of parameters ?? []) {
    // defineProperty: a parameter named "__proto__" is data, not the object's prototype.
    Object.defineProperty(outputs, parameter.name, {
      value: decodeOutputValue(parameter.value),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return outputs;
}

/**
 * `decodeOutputs` for job status polls: the same names and values, but each value is decoded when it
 * is first read (then kept as a plain data property), so polling a job whose outputs nobody reads
 * does not parse XML on every poll. Reading, enumerating, spreading, `JSON.stringify` and
 * `structuredClone` all see the decoded values.
 */
export function decodeOutputsOnRead(parameters: readonly OutputParameter[] | null | undefined): Record<string, OutputValue> {
  const outputs: Record<string, OutputValue> = {};
  for (const parameter of parameters ?? []) {
    const name = parameter.name;
    const raw = parameter.value;
    const settle = (value: OutputValue): OutputValue => {
      // defineProperty: a parameter named "__proto__" is data, not the object's prototype.
      Object.defineProperty(outputs, name, { value, enumerable: true, writable: true, configurable: true });
      return value;
    };
    Object.defineProperty(outputs, name, {
      get: () => settle(decodeOutputValue(raw)),
      set: settle,
      enumerable: true,
      configurable: true,
    });
  }
  return outputs;
}
