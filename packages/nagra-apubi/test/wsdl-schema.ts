/**
 * Checks a SOAP response against the element declarations of the WSDL's own schema — the subset
 * apubi.wsdl uses: global elements with a sequence of simple children (name, minOccurs, type), and
 * the StatusType enumeration. Enough to catch a missing, extra, misordered or out-of-enum field.
 */
import { isRecord, parseXml, type XmlElement } from '@jobwire/core';
import { wsdlXml } from '../src/index.js';

interface Field {
  name: string;
  required: boolean;
  type: string;
}

const parse = (xml: string) => parseXml(xml, { vendor: 'nagra-apubi', operation: 'test', removeNamespacePrefixes: true });
const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

function readSchema() {
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
        type: String(field['@type']).replace(/^\w+:/, ''),
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
  return { elements, enums };
}

const schema = readSchema();

/** Problems of the Body's element (or Fault) in a response envelope; [] when it conforms. */
export function schemaProblems(envelopeXml: string, expectedElement: string): string[] {
  const envelope = parse(envelopeXml).Envelope;
  const body = isRecord(envelope) ? envelope.Body : undefined;
  if (!isRecord(body)) return ['no SOAP Body'];
  const names = Object.keys(body).filter((k) => !k.startsWith('@'));
  if (names.join() !== expectedElement) return [`Body holds ${names.join(', ') || 'nothing'}, expected ${expectedElement}`];
  const element = body[expectedElement];
  if (expectedElement === 'Fault') {
    const fault = isRecord(element) ? element : {};
    const detail = isRecord(fault.detail) ? fault.detail : {};
    return [
      ...(typeof fault.faultcode === 'string' ? [] : ['Fault without faultcode']),
      ...(typeof fault.faultstring === 'string' ? [] : ['Fault without faultstring']),
      ...(isRecord(detail.ExceptionWS) ? checkElement('ExceptionWS', detail.ExceptionWS) : ['Fault without ExceptionWS detail']),
    ];
  }
  return checkElement(expectedElement, isRecord(element) ? element : {});
}

function checkElement(name: string, element: XmlElement): string[] {
  const fields = schema.elements.get(name);
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
    const allowed = schema.enums.get(field.type);
    if (allowed && !allowed.includes(String(value)))
      problems.push(`${name}/${field.name} "${String(value)}" is not a ${field.type}`);
  }
  return problems;
}
