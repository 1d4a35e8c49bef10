import { isRecord, type VendorId } from '@jobwire/core';
import { parseXml, type XmlElement } from '@jobwire/xml';

/**
 * Checks SOAP envelopes against the element declarations of a WSDL's own schema — the subset
 * document/literal interfaces such as APUBI use: global elements holding a sequence of simple
 * children (name, minOccurs, type) and enumerations of simple types. Enough to catch a missing,
 * undeclared, misordered or out-of-enum field, and a response element that is not the operation's.
 */
export interface WsdlValidator {
  /** The operation a request envelope calls (its Body's element), or undefined. */
  operationOf(requestXml: string): string | undefined;
  /** The output element an operation answers with. */
  outputOf(operation: string): string | undefined;
  /** Problems of a response envelope whose Body should hold `expectedElement` (or `Fault`); [] when it conforms. */
  responseProblems(envelopeXml: string, expectedElement: string): string[];
}

interface Field {
  name: string;
  required: boolean;
  type: string;
}

const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const local = (qname: unknown) => String(qname).replace(/^[\w.-]+:/, '');

/** Checks SOAP bodies against the element declarations of a WSDL's schema: missing, unknown or mistyped fields. */
export function createWsdlValidator(wsdlXml: string, vendor: VendorId = 'nagra-apubi'): WsdlValidator {
  const parse = (xml: string) => parseXml(xml, { vendor, operation: 'validate', removeNamespacePrefixes: true });
  const definitions = parse(wsdlXml).definitions as XmlElement;
  const schema = (definitions.types as XmlElement).schema as XmlElement;
  const elements = new Map<string, Field[]>();
  for (const element of list(schema.element as XmlElement | XmlElement[])) {
    const sequence = ((element.complexType as XmlElement | undefined)?.sequence ?? {}) as XmlElement;
    elements.set(
      element['@name'] as string,
      list(sequence.element as XmlElement | XmlElement[]).map((field) => ({
        name: field['@name'] as string,
        required: field['@minOccurs'] !== '0',
        type: local(field['@type']),
      })),
    );
  }
  const enums = new Map<string, string[]>();
  for (const simple of list(schema.simpleType as XmlElement | XmlElement[])) {
    const restriction = simple.restriction as XmlElement;
    enums.set(
      simple['@name'] as string,
      list(restriction.enumeration as XmlElement | XmlElement[]).map((e) => e['@value'] as string),
    );
  }
  // message name → its part's element; operation → input and output elements.
  const messages = new Map(
    list(definitions.message as XmlElement | XmlElement[]).map((m) => [
      m['@name'] as string,
      local((m.part as XmlElement)['@element']),
    ]),
  );
  const operations = list(((definitions.portType as XmlElement).operation ?? []) as XmlElement | XmlElement[]).map((op) => ({
    name: op['@name'] as string,
    input: messages.get(local((op.input as XmlElement)['@message'])),
    output: messages.get(local((op.output as XmlElement)['@message'])),
    faults: list(op.fault as XmlElement | XmlElement[] | undefined).map((f) => messages.get(local(f['@message']))),
  }));
  const faultDetails = new Set(operations.flatMap((op) => op.faults).filter((f): f is string => f !== undefined));

  const bodyOf = (xml: string) => {
    const envelope = parse(xml).Envelope;
    return isRecord(envelope) && isRecord(envelope.Body) ? envelope.Body : undefined;
  };

  function checkElement(name: string, element: XmlElement): string[] {
    const fields = elements.get(name);
    if (!fields) return [`${name} is not declared in the WSDL`];
    const problems: string[] = [];
    const present = Object.keys(element).filter((k) => !k.startsWith('@'));
    const declared = fields.map((f) => f.name);
    for (const extra of present.filter((k) => !declared.includes(k))) problems.push(`${name}/${extra} is not declared`);
    const order = present.filter((k) => declared.includes(k));
    if (order.join() !== declared.filter((d) => present.includes(d)).join()) problems.push(`${name}: children out of order`);
    for (const field of fields) {
      const value = element[field.name];
      if (value === undefined) {
        if (field.required) problems.push(`${name}/${field.name} is required`);
        continue;
      }
      if (typeof value !== 'string') problems.push(`${name}/${field.name} is not a simple value`);
      const allowed = enums.get(field.type);
      if (allowed && !allowed.includes(String(value)))
        problems.push(`${name}/${field.name} "${String(value)}" is not a ${field.type}`);
    }
    return problems;
  }

  return {
    operationOf(requestXml) {
      const body = bodyOf(requestXml);
      const element = body && Object.keys(body).find((k) => !k.startsWith('@'));
      return operations.find((op) => op.input === element)?.name;
    },
    outputOf: (operation) => operations.find((op) => op.name === operation)?.output,
    responseProblems(envelopeXml, expectedElement) {
      let body: XmlElement | undefined;
      try {
        body = bodyOf(envelopeXml);
      } catch (error) {
        return [`not well-formed XML: ${error instanceof Error ? error.message : String(error)}`];
      }
      if (!body) return ['no SOAP Body'];
      const names = Object.keys(body).filter((k) => !k.startsWith('@'));
      // A fault is always an allowed answer; it must have the documented shape.
      const expected = names.join() === 'Fault' ? 'Fault' : expectedElement;
      if (names.join() !== expected) return [`Body holds ${names.join(', ') || 'nothing'}, expected ${expected}`];
      const element = body[expected];
      if (expected === 'Fault') {
        const fault = isRecord(element) ? element : {};
        const detail = isRecord(fault.detail) ? fault.detail : {};
        // The detail holds one of the faults the WSDL declares (APUBI: ExceptionWS).
        const declared = Object.keys(detail).find((k) => faultDetails.has(k));
        const content = declared === undefined ? undefined : detail[declared];
        return [
          ...(typeof fault.faultcode === 'string' ? [] : ['Fault without faultcode']),
          ...(typeof fault.faultstring === 'string' ? [] : ['Fault without faultstring']),
          ...(declared !== undefined && isRecord(content)
            ? checkElement(declared, content)
            : [`Fault without a declared detail (${[...faultDetails].join(', ')})`]),
        ];
      }
      return checkElement(expected, isRecord(element) ? element : {});
    },
  };
}
