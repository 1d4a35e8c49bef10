import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { createSpecValidator, type OpenApiDocument } from '../src/index.js';

/** The validator for a vendor's hand-written spec in `specs/<vendor>/openapi.yaml`. */
export function specValidator(vendor: string) {
  const text = readFileSync(new URL(`../../../specs/${vendor}/openapi.yaml`, import.meta.url), 'utf8');
  return createSpecValidator(parse(text) as OpenApiDocument);
}
