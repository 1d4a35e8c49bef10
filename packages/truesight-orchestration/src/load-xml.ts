import type * as CoreXml from '@jobwire/core/xml';

/** `@jobwire/core/xml`: the hardened XML parser (fast-xml-parser behind it). */
export type XmlModule = typeof CoreXml;

let loaded: XmlModule | undefined;
let loading: Promise<XmlModule> | undefined;

/**
 * `@jobwire/core/xml`, imported on first use and kept: one module promise per process (a failed
 * import is tried again next time). Only output values that are `<result>` XML documents need it
 * (see `outputsNeedXml`), so a job without any never loads the XML parser. The CJS build turns the
 * `import()` into a `require()` (see tsup.config.ts), so that its errors are the CJS core's classes.
 */
export function loadXml(): Promise<XmlModule> {
  loading ??= import('@jobwire/core/xml').then(
    (module) => {
      loaded = module;
      return module;
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/** The XML module if `loadXml()` has loaded it, for the synchronous decoders; undefined before. */
export function loadedXml(): XmlModule | undefined {
  return loaded;
}
