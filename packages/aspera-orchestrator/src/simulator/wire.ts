// How the simulated Orchestrator writes its answers: Rails' `to_xml` style (dashed names, type
// annotations, nil="true", CDATA), Ruby hash literals, its two time formats, and its errors (a
// message, then a Ruby stack trace, as plain text).
import { hexId, type SimResponse, xml } from '@jobwire/core/simulator';
import { escapeXml } from '@jobwire/xml';

/** A JSON-like value as the simulator writes it. */
export type Value = string | number | boolean | null | Value[] | { [key: string]: Value };

/** The wire formats of the URL suffix (`.xml`, `.json`, `.txt`). */
export type Format = 'xml' | 'json' | 'txt';

const TRACE = [
  "/opt/aspera/orchestrator/vendor/rails/activerecord/lib/active_record/base.rb:1586:in `find_one'",
  "/opt/aspera/orchestrator/app/controllers/api_controller.rb:212:in `work_order_status'",
];

/** A plain-text answer. */
export const text = (body: string, status = 200, headers: Record<string, string> = {}): SimResponse => ({
  status,
  headers: { 'content-type': 'text/plain; charset=utf-8', ...headers },
  body,
});

/** Orchestrator's errors: a message, then a Ruby stack trace, as plain text. */
export const failure = (message: string, status: number): SimResponse => text(`${message}\n${TRACE.join('\n')}\n`, status);

/** Rails' answer to wrong credentials. */
export const denied = (): SimResponse =>
  text('HTTP Basic: Access denied.\n', 401, { 'www-authenticate': 'Basic realm="Application"' });

const XML_HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** An XML answer with the XML declaration. */
export const xmlBody = (body: string): SimResponse => xml(`${XML_HEADER}${body}`);

/** `2014-11-24 16:48:37 UTC`, as work orders write times. */
export const railsTime = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;

/** `2014-11-24T16:48:39Z`, as steps write times. */
export const isoTime = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19)}Z`;

/** A random (seeded) UUID, for Faspex package ids. */
export function uuid(random: () => number): string {
  const hex = hexId(random, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** One value in Rails' `to_xml` style: dashed names, `type="integer"`, `nil="true"`, arrays of singular items. */
export function xmlScalar(name: string, value: Value): string {
  const tag = name.replace(/_/g, '-');
  if (value === null) return `<${tag} nil="true"/>`;
  if (typeof value === 'number') return `<${tag} type="integer">${value}</${tag}>`;
  if (typeof value === 'boolean') return `<${tag} type="boolean">${value}</${tag}>`;
  if (Array.isArray(value)) {
    if (value.length === 0) return `<${tag} type="array"/>`;
    const item = tag.replace(/s$/, '');
    return `<${tag} type="array">${value.map((v) => xmlScalar(item, v)).join('')}</${tag}>`;
  }
  if (typeof value === 'object') {
    return `<${tag}>${Object.entries(value)
      .map(([k, v]) => xmlScalar(k, v))
      .join('')}</${tag}>`;
  }
  const datetime = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(value) ? ' type="datetime"' : '';
  // URLs and other text with markup characters go in CDATA, as the documented sample does.
  if (/[<>&]/.test(value) && !value.includes(']]>')) return `<${tag}${datetime}><![CDATA[${value}]]></${tag}>`;
  return `<${tag}${datetime}>${escapeXml(value)}</${tag}>`;
}

/** The Ruby literal Orchestrator writes for a `hash` output in XML. */
export function rubyHash(value: Value): string {
  if (value === null) return 'nil';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `[${value.map(rubyHash).join(', ')}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${JSON.stringify(k)}=>${rubyHash(v)}`)
    .join(', ')}}`;
}
