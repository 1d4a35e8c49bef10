import { describe, expect, it } from 'vitest';
import { createSpecValidator } from '../src/index.js';

const document = {
  paths: {
    '/jobs/{id}': {
      get: {
        responses: {
          '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Job' } } } },
          '4XX': { $ref: '#/components/responses/Problem' },
        },
      },
    },
  },
  components: {
    responses: {
      Problem: {
        content: {
          'application/json': { schema: { type: 'object', required: ['message'], properties: { message: { type: 'string' } } } },
        },
      },
    },
    schemas: {
      Job: {
        type: 'object',
        required: ['id', 'status'],
        properties: {
          id: { type: 'string' },
          status: { type: 'string', enum: ['Queued', 'Running'] },
          createdAt: { type: 'string', format: 'date-time' },
          tags: { type: 'object', additionalProperties: { type: 'string' } },
          outputs: { type: 'array', items: { $ref: '#/components/schemas/Output' } },
        },
      },
      Output: {
        allOf: [{ type: 'object', properties: { id: { type: 'string' } } }, { properties: { name: { type: 'string' } } }],
      },
    },
  },
};

describe('createSpecValidator', () => {
  const validator = createSpecValidator(document);

  it('accepts a body that matches, and reports the fields the spec lacks', () => {
    const check = validator.checkResponse({
      method: 'GET',
      path: '/jobs/{id}',
      status: 200,
      body: {
        id: 'j1',
        status: 'Queued',
        createdAt: '2026-11-23T10:00:00Z',
        tags: { free: 'form' },
        outputs: [{ id: 'o1', name: 'n', size: 3 }],
        extra: true,
      },
    });
    expect(check.valid).toBe(true);
    expect(check.problems).toEqual([]);
    expect(check.undocumented).toEqual(['/outputs/0/size', '/extra']);
  });

  it('names missing required fields, wrong types, bad enums and bad formats', () => {
    const check = validator.checkResponse({
      method: 'get',
      path: '/jobs/{id}',
      status: 200,
      body: { status: 'Done', createdAt: 'yesterday', outputs: [{ id: 7 }] },
    });
    expect(check.valid).toBe(false);
    expect(check.problems).toContain('/: lacks required field id');
    expect(check.problems).toContain('/status: must be equal to one of the allowed values');
    expect(check.problems).toContain('/createdAt: must match format "date-time"');
    expect(check.problems).toContain('/outputs/0/id: must be string');
  });

  it('uses a status range and a $ref response', () => {
    expect(validator.responsePointer('GET', '/jobs/{id}', 404)).toBe(
      'components/responses/Problem/content/application~1json/schema',
    );
    expect(validator.checkResponse({ method: 'GET', path: '/jobs/{id}', status: 404, body: { message: 'gone' } }).valid).toBe(
      true,
    );
    expect(validator.checkResponse({ method: 'GET', path: '/jobs/{id}', status: 404, body: {} }).problems).toEqual([
      '/: lacks required field message',
    ]);
  });

  it('finds the template of a concrete path', () => {
    expect(validator.matchPath('/jobs/abc')).toBe('/jobs/{id}');
    expect(validator.matchPath('/jobs/abc/more')).toBeUndefined();
    const both = createSpecValidator({ paths: { '/a/{x}': {}, '/a/latest': {} } });
    expect(both.matchPath('/a/latest')).toBe('/a/latest');
    expect(both.matchPath('/a/other')).toBe('/a/{x}');
  });

  it('says when the spec has no such response', () => {
    const check = validator.checkResponse({ method: 'DELETE', path: '/jobs/{id}', status: 200, body: {} });
    expect(check.valid).toBe(false);
    expect(check.problems).toEqual(['the spec has no application/json response 200 for DELETE /jobs/{id}']);
  });
});
