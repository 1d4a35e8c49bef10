// OpenAPI → TypeScript types via the openapi-typescript Node API.
import { pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

export async function generateOpenApiTypes(specPath) {
  // Passing a file: URL (not a string of YAML) lets relative $refs resolve against the spec.
  // alphabetize: false keeps the spec's own order, which is already stable and reads better;
  // exportType: false emits `interface`s. Both are the defaults, spelled out so an upstream
  // default change cannot silently rewrite every generated file.
  const ast = await openapiTS(pathToFileURL(specPath), {
    alphabetize: false,
    exportType: false,
    silent: true, // its redocly pass only repeats what `pnpm lint:specs` reports
  });
  return astToString(ast);
}
