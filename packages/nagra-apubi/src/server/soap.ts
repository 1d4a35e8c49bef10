import { APUBI_NAMESPACE, SOAP_ENVELOPE_NAMESPACE, soapText } from '../envelope.js';

/*
 * What the kit writes: SOAP 1.1 envelopes, answers and faults. Faults are SOAP 1.1 only —
 * `faultcode` (a QName whose `soap:` prefix is declared on the envelope), `faultstring`, and the
 * `detail` the WSDL declares (`<ns2:ExceptionWS><message>`), as in NAGRA's documented fault.
 */

/** SOAP 1.1 fault codes the kit answers with (`VersionMismatch`: the envelope is not SOAP 1.1). */
export type FaultCode = 'Client' | 'Server' | 'VersionMismatch';

const START = `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${SOAP_ENVELOPE_NAMESPACE}"><soap:Body>`;
const END = '</soap:Body></soap:Envelope>';

// Characters XML 1.0 cannot carry at all, not even as references.
const NOT_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters to refuse
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when `value` can be written as XML text (no control character XML forbids, no lone surrogate). */
export function isXmlText(value: string): boolean {
  return !NOT_XML.test(value);
}

/** A fault envelope; a message XML cannot carry has those characters replaced by U+FFFD. */
export function faultEnvelope(code: FaultCode, message: string): string {
  const text = soapText(isXmlText(message) ? message : message.replace(new RegExp(NOT_XML.source, 'g'), '\uFFFD'));
  return (
    `${START}<soap:Fault><faultcode>soap:${code}</faultcode><faultstring>${text}</faultstring>` +
    `<detail><ns2:ExceptionWS xmlns:ns2="${APUBI_NAMESPACE}"><message>${text}</message></ns2:ExceptionWS></detail>` +
    `</soap:Fault>${END}`
  );
}

/** A response envelope: `<{name} xmlns="wfm:APUBI/v1/schemas">` with the fields in order (values checked by `isXmlText`). */
export function responseEnvelope(name: string, fields: ReadonlyArray<readonly [string, string]>): string {
  let xml = `${START}<${name} xmlns="${APUBI_NAMESPACE}">`;
  for (const [field, value] of fields) xml += `<${field}>${soapText(value)}</${field}>`;
  return `${xml}</${name}>${END}`;
}
