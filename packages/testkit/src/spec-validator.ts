import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';

/** The parts of an OpenAPI 3.1 document the validator reads. */
export interface OpenApiDocument {
  /** The document's `paths`. */
  paths?: Record<string, Record<string, unknown> | undefined>;
  /** The document's `components`. */
  components?: Record<string, unknown>;
}

/** A response to check against the spec: method, path template, status and body. */
export interface ResponseToCheck {
  /** The HTTP method, any case. */
  method: string;
  /** The spec's path template, e.g. `/v3/jobs/{jobId}`. */
  path: string;
  /** The HTTP status. */
  status: number;
  /** The decoded response body. */
  body: unknown;
  /** Default `application/json`. */
  mediaType?: string;
}

/** The result of checking a response against its OpenAPI schema. */
export interface ResponseCheck {
  /** The response matches its schema. */
  valid: boolean;
  /** What does not match: `/instance/path: message`. Includes required fields the body lacks. */
  problems: string[];
  /** Fields the body has that the schema does not declare (JSON pointers): what the spec lacks. */
  undocumented: string[];
}

type Schema = Record<string, unknown>;

const escapePointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Validates response bodies against the schemas of an OpenAPI 3.1 document (JSON Schema 2020-12,
 * formats checked), and reports the fields a server sent that the spec does not declare.
 */
export function createSpecValidator(document: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  // ajv-formats is CommonJS whose module object is also its `.default`: this works from ESM and CJS.
  ajvFormats.default(ajv);
  ajv.addSchema(document as Schema, 'spec');

  const resolve = (schema: unknown): Schema | undefined => {
    let current = schema;
    for (let hops = 0; hops < 32 && isSchema(current) && typeof current.$ref === 'string'; hops++) {
      current = ajv.getSchema(`spec${current.$ref.replace(/^spec/, '')}`)?.schema;
    }
    return isSchema(current) ? current : undefined;
  };

  /** A JSON pointer into the document for the response schema, or undefined when the spec has none. */
  function responsePointer(method: string, path: string, status: number, mediaType = 'application/json'): string | undefined {
    const operation = document.paths?.[path]?.[method.toLowerCase()] as Schema | undefined;
    const responses = operation?.responses as Record<string, Schema> | undefined;
    const key = responses?.[String(status)]
      ? String(status)
      : responses?.[`${String(status)[0]}XX`]
        ? `${String(status)[0]}XX`
        : 'default';
    const response = responses?.[key];
    const content = resolve(response)?.content as Record<string, Schema> | undefined;
    if (!content?.[mediaType]?.schema) return undefined;
    // A response given as `$ref` lives where it points (one hop, as OpenAPI writes them).
    const base =
      typeof response?.$ref === 'string'
        ? response.$ref.replace(/^#\//, '')
        : ['paths', path, method.toLowerCase(), 'responses', key].map(escapePointer).join('/');
    return `${base}/content/${escapePointer(mediaType)}/schema`;
  }

  function checkResponse(response: ResponseToCheck): ResponseCheck {
    const pointer = responsePointer(response.method, response.path, response.status, response.mediaType);
    if (pointer === undefined) {
      return {
        valid: false,
        problems: [
          `the spec has no ${response.mediaType ?? 'application/json'} response ${response.status} for ${response.method.toUpperCase()} ${response.path}`,
        ],
        undocumented: [],
      };
    }
    const validate = ajv.getSchema(`spec#/${pointer}`);
    if (!validate) throw new Error(`cannot compile the schema at #/${pointer}`);
    const valid = validate(response.body) === true;
    const problems = (validate.errors ?? []).map(describeError);
    const undocumented: string[] = [];
    collectUndocumented(response.body, validate.schema, '', undocumented, resolve);
    return { valid, problems, undocumented };
  }

  const templates = Object.keys(document.paths ?? {}).map((template) => ({
    template,
    pattern: new RegExp(
      `^${template
        .split(/\{[^}]+\}/)
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]+')}$`,
    ),
    literal: template.replace(/\{[^}]+\}/g, '').length,
  }));

  /** The spec's path template for a concrete path (`/v3/jobs/abc` → `/v3/jobs/{jobId}`); literal paths win. */
  function matchPath(pathname: string): string | undefined {
    const matches = templates.filter((t) => t.pattern.test(pathname));
    return matches.sort((a, b) => b.literal - a.literal)[0]?.template;
  }

  return { responsePointer, checkResponse, matchPath };
}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeError(error: ErrorObject): string {
  const where = error.instancePath || '/';
  if (error.keyword === 'required') return `${where}: lacks required field ${String(error.params.missingProperty)}`;
  return `${where}: ${error.message ?? error.keyword}`;
}

/** Declared property names of a schema, through `$ref`, `allOf`, `anyOf`, `oneOf`. */
function declared(schema: Schema | undefined, resolve: (s: unknown) => Schema | undefined, seen = new Set<Schema>()) {
  const names = new Map<string, unknown>();
  if (!schema || seen.has(schema)) return { names, open: false };
  seen.add(schema);
  let open = schema.additionalProperties !== undefined && schema.additionalProperties !== false;
  for (const [name, sub] of Object.entries((schema.properties as Schema | undefined) ?? {})) names.set(name, sub);
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    for (const part of (schema[key] as unknown[] | undefined) ?? []) {
      const inner = declared(resolve(part), resolve, seen);
      for (const [name, sub] of inner.names) names.set(name, sub);
      open ||= inner.open;
    }
  }
  return { names, open };
}

function collectUndocumented(
  value: unknown,
  schema: unknown,
  pointer: string,
  out: string[],
  resolve: (s: unknown) => Schema | undefined,
): void {
  const resolved = resolve(schema);
  if (!resolved) return;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      collectUndocumented(item, resolved.items, `${pointer}/${index}`, out, resolve);
    }
    return;
  }
  if (!isSchema(value)) return;
  const { names, open } = declared(resolved, resolve);
  if (open && names.size === 0) return; // a free-form map: nothing to be missing from the spec
  for (const [key, item] of Object.entries(value)) {
    const sub = names.get(key);
    if (sub === undefined) {
      if (!open) out.push(`${pointer}/${escapePointer(key)}`);
      continue;
    }
    collectUndocumented(item, sub, `${pointer}/${escapePointer(key)}`, out, resolve);
  }
}
