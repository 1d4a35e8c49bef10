import type { XmlElement, XmlNode } from '@jobwire/xml';
import { loadXml } from './load-xml.js';
import type { OutputParameter, OutputValue } from './types.js';

/*
 * Output parameter values are XML fragments wrapped in `<result>…</result>`. Servers differ:
 * the documented sample sends the fragment raw (with the HTML inside `<message-body>` escaped),
 * other versions escape the whole fragment once more (`&lt;result&gt;OK&lt;/result&gt;`), and an
 * older page shows unescaped HTML inside the result, which is not well-formed XML. All three are
 * unwrapped the same way: text for a text result, the parsed XML object for a result with
 * elements; a fragment that does not parse is unwrapped textually instead of failing.
 *
 * The parser is `@jobwire/xml`, which this module does not import: the client loads it
 * (`xmlReadyFor`) before it builds outputs that hold a `<result>` document, and only then, so a job
 * whose outputs hold none never loads it.
 */

const ESCAPED_RESULT = /^&lt;result(?:\s|&gt;|\/&gt;)/;
const RAW_RESULT = /^<result(?:\s[^>]*)?>([\s\S]*)<\/result>$/;
const EMPTY_RESULT = /^<result(?:\s[^>]*)?\/>$/;
const SINGLE_ELEMENT = /^<([A-Za-z_][\w.:-]*)(?:\s[^>]*)?>([\s\S]*)<\/\1>$/;
/**
 * A value that may hold a `<result>` document to parse, raw or escaped once: every value that
 * `unwrapOutputValue` hands to the XML parser matches (a few that it does not, e.g.
 * `<result a="1"/>`, match too: that only loads the parser).
 */
const RESULT_DOCUMENT = /^\s*(?:<result(?:\s|>)|&lt;result(?:\s|&gt;))/;

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

/**
 * Unwraps one `<result>` value into text or a parsed XML object; other values are returned as text.
 * Loads the XML parser first when the value is a `<result>` document (once per process).
 *
 * ```ts
 * await decodeOutputValue('<result><a>1</a></result>'); // { a: '1' }
 * ```
 */
export async function decodeOutputValue(value: unknown): Promise<OutputValue> {
  if (outputValueNeedsXml(value)) await loadXml();
  return unwrapOutputValue(value);
}

/**
 * `decodeOutputValue` without loading anything, for the client, which has awaited `xmlReadyFor`
 * first. Were the parser not loaded, a `<result>` document would be unwrapped textually.
 */
export function unwrapOutputValue(value: unknown): OutputValue {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') return typeof value === 'object' ? JSON.stringify(value) : String(value);
  let text = value.trim();
  if (ESCAPED_RESULT.test(text)) text = unescapeOnce(text);
  if (EMPTY_RESULT.test(text)) return '';
  const raw = RAW_RESULT.exec(text);
  if (!raw) return value;
  const xml = loadXml.loaded();
  if (xml) {
    try {
      const parsed = xml.parseXml(text, { vendor: 'truesight-orchestration', operation: 'decodeOutputValue' });
      return contentOf(parsed.result);
    } catch {
      // not well-formed (or refused): unwrapped textually below
    }
  }
  return unwrapTextually(raw[1] ?? '');
}

/** Whether an output value may be a `<result>` document, which needs the XML parser to decode. */
export function outputValueNeedsXml(value: unknown): boolean {
  return typeof value === 'string' && RESULT_DOCUMENT.test(value);
}

/**
 * Settles once the XML parser is loaded when one of the values may be a `<result>` document, so
 * that decoding them (at once or when read) parses them synchronously. Undefined when there is
 * nothing to wait for: the parser is loaded already, or no value needs it (then it is not loaded).
 */
export function xmlReadyFor(parameters: readonly OutputParameter[] | null | undefined): Promise<unknown> | undefined {
  if (loadXml.loaded() !== undefined || !parameters?.some((parameter) => outputValueNeedsXml(parameter.value))) return undefined;
  return loadXml();
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

/** Decoded output values by parameter name (a later parameter with the same name wins); see `decodeOutputValue`. */
export async function decodeOutputs(
  parameters: readonly OutputParameter[] | null | undefined,
): Promise<Record<string, OutputValue>> {
  await xmlReadyFor(parameters);
  return unwrapOutputs(parameters);
}

/** `decodeOutputs` without loading anything: for the client, which has awaited `xmlReadyFor` first. */
export function unwrapOutputs(parameters: readonly OutputParameter[] | null | undefined): Record<string, OutputValue> {
  const outputs: Record<string, OutputValue> = {};
  for (const parameter of parameters ?? []) {
    // defineProperty: a parameter named "__proto__" is data, not the object's prototype.
    Object.defineProperty(outputs, parameter.name, {
      value: unwrapOutputValue(parameter.value),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return outputs;
}

/**
 * `unwrapOutputs` for job status polls: the same names and values, but each value is decoded when it
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
      get: () => settle(unwrapOutputValue(raw)),
      set: settle,
      enumerable: true,
      configurable: true,
    });
  }
  return outputs;
}
