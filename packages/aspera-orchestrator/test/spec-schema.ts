/** Checks response bodies against specs/aspera-orchestrator/openapi.yaml with the testkit's validator. */
import { readFileSync } from 'node:fs';
import { createSpecValidator, type OpenApiDocument } from '@jobwire/testkit';
import { parse } from 'yaml';

const validator = createSpecValidator(
  parse(readFileSync(new URL('../../../specs/aspera-orchestrator/openapi.yaml', import.meta.url), 'utf8')) as OpenApiDocument,
);

/**
 * What is wrong with a JSON body for `GET path` (the spec's path template) → `status`: schema
 * problems, and fields the spec does not declare. [] when the body is as the spec says.
 */
export function responseProblems(path: string, body: unknown, status = 200, method = 'GET'): string[] {
  const check = validator.checkResponse({ method, path, status, body });
  return [...check.problems, ...check.undocumented.map((pointer) => `${pointer}: not in the spec`)];
}
