// msw is an optional peer of the testkit: only users of the msw handlers install it. So the
// handlers do not import it when the testkit loads (the CLI loads the testkit for its validators,
// without msw); they load it synchronously the first time a handler set is built, keeping
// `setupServer(...handlers.alteryxServer())` as it was. On Node ≥ 20.19, `require('msw')` takes
// msw's `module-sync` export: the same ES module instance a test's `import 'msw/node'` gets.
import { createRequire } from 'node:module';
import type { HttpResponse as MswHttpResponse, http as mswHttp } from 'msw';

type Msw = { http: typeof mswHttp; HttpResponse: typeof MswHttpResponse };

let loaded: Msw | undefined;

/** msw itself, loaded on first use; a clear error when it is not installed. */
export function loadMsw(): Msw {
  if (loaded) return loaded;
  try {
    // The CJS build gets `import.meta.url` from tsup's shim (the file's URL).
    loaded = createRequire(import.meta.url)('msw') as Msw;
  } catch (error) {
    throw new Error('the msw handlers of @jobwire/testkit need msw 2 (an optional peer): install it, e.g. npm install -D msw', {
      cause: error,
    });
  }
  return loaded;
}

/** msw's `http`, loaded on first use. */
export const http = new Proxy({} as typeof mswHttp, {
  get: (_target, key) => Reflect.get(loadMsw().http, key),
});

/** msw's `HttpResponse` (constructor and static helpers), loaded on first use. */
export const HttpResponse = new Proxy(function HttpResponse() {} as unknown as typeof MswHttpResponse, {
  construct: (_target, args) => Reflect.construct(loadMsw().HttpResponse, args),
  get: (_target, key) => {
    const real = loadMsw().HttpResponse;
    const value: unknown = Reflect.get(real, key);
    return typeof value === 'function' ? value.bind(real) : value;
  },
});
