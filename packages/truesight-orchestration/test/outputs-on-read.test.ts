import { beforeAll, describe, expect, it } from 'vitest';
import { loadXml } from '../src/load-xml.js';
import { decodeOutputsOnRead, unwrapOutputs } from '../src/outputs.js';

// The client loads the XML parser before it builds outputs; these call the decoders on their own.
beforeAll(() => loadXml());

const parameters = [
  { name: 'status', value: '<result>OK</result>' },
  { name: 'table', value: '&lt;result&gt;&lt;row&gt;1&lt;/row&gt;&lt;/result&gt;' },
  { name: '__proto__', value: '<result>2</result>' },
  { name: 'broken', value: '<result><b>unclosed</result>' },
];

describe('decodeOutputsOnRead (job status polls)', () => {
  it('decodes nothing until a value is read, then keeps it as plain data', () => {
    const outputs = decodeOutputsOnRead(parameters);
    expect(typeof Object.getOwnPropertyDescriptor(outputs, 'status')?.get).toBe('function');
    expect(outputs.status).toBe('OK');
    expect(Object.getOwnPropertyDescriptor(outputs, 'status')).toEqual({
      value: 'OK',
      enumerable: true,
      writable: true,
      configurable: true,
    });
    expect(Object.getPrototypeOf(outputs)).toBe(Object.prototype);
  });

  it('has the same names and values as decodeOutputs, however it is read', () => {
    const eager = unwrapOutputs(parameters);
    expect(Object.keys(decodeOutputsOnRead(parameters))).toEqual(Object.keys(eager));
    expect(decodeOutputsOnRead(parameters)).toEqual(eager);
    expect({ ...decodeOutputsOnRead(parameters) }).toEqual({ ...eager });
    expect(JSON.stringify(decodeOutputsOnRead(parameters))).toBe(JSON.stringify(eager));
    expect(structuredClone(decodeOutputsOnRead(parameters))).toEqual(structuredClone(eager));
  });

  it('lets a value be overwritten before it is read', () => {
    const outputs = decodeOutputsOnRead(parameters);
    outputs.status = 'replaced';
    expect(outputs.status).toBe('replaced');
  });
});
