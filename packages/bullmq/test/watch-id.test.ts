import { describe, expect, it } from 'vitest';
import { watchId, watchQueueName } from '../src/index.js';

// Watch ids are BullMQ custom job ids: never a `:` (BullMQ's key separator), never an integer,
// the same for the same vendor and ref, different for different ones.
describe('watchId', () => {
  it('keeps a plain string ref readable', () => {
    expect(watchId('alteryx-server', '6a1f0c9e')).toBe('alteryx-server/6a1f0c9e');
    expect(watchId('elma-rpa', '0f8a-11')).toBe('elma-rpa/0f8a-11');
  });

  it('percent-encodes what BullMQ or a key reader would trip on, the colon included', () => {
    expect(watchId('nagra-apubi', 'job:1 / 2')).toBe('nagra-apubi/job%3A1%20%2F%202');
    expect(watchId('nagra-apubi', '12345')).toBe('nagra-apubi/12345');
    expect(watchId('nagra-apubi', '?a=1')).toBe('nagra-apubi/%3Fa%3D1');
  });

  it('writes an object ref as its fields sorted by name, so key order does not matter', () => {
    const id = watchId('aspera-orchestrator', { workOrderId: 17, stepId: '2' });
    expect(id).toBe('aspera-orchestrator/?stepId=2&workOrderId=17');
    expect(watchId('aspera-orchestrator', { stepId: '2', workOrderId: 17 })).toBe(id);
    expect(watchId('aspera-orchestrator', { workOrderId: 17, stepId: 3 })).not.toBe(id);
  });

  it('never gives a string ref and an object ref the same id', () => {
    expect(watchId('x-vendor', '?a=1')).not.toBe(watchId('x-vendor', { a: 1 }));
    expect(watchId('x-vendor', 'a=1')).not.toBe(watchId('x-vendor', { a: 1 }));
  });

  it('gives ids BullMQ accepts: no colon, not an integer', () => {
    for (const id of [watchId('a-vendor', '1'), watchId('a-vendor', ':::'), watchId('a-vendor', { 'k:1': 'v:2' })]) {
      expect(id).not.toContain(':');
      expect(`${Number.parseInt(id, 10)}`).not.toBe(id);
    }
  });

  it('refuses vendor ids that would not make a queue name, and refs that are not refs', () => {
    expect(() => watchId('Alteryx', 'a')).toThrow(RangeError);
    expect(() => watchId('a:b', 'a')).toThrow(RangeError);
    expect(() => watchId('', 'a')).toThrow(RangeError);
    expect(() => watchId('a-vendor', '')).toThrow(TypeError);
    expect(() => watchId('a-vendor', { a: true } as never)).toThrow(TypeError);
    expect(() => watchId('a-vendor', { a: { b: 1 } } as never)).toThrow(TypeError);
    expect(() => watchId('a-vendor', [] as never)).toThrow(TypeError);
    expect(() => watchId('a-vendor', null as never)).toThrow(TypeError);
  });

  it('names one queue per vendor', () => {
    expect(watchQueueName('alteryx-server')).toBe('watch-alteryx-server');
    expect(() => watchQueueName('a b')).toThrow(RangeError);
  });
});
