import type * as CoreXml from '@jobwire/core/xml';

/** `@jobwire/core/xml`: the hardened XML parser (fast-xml-parser behind it) and its key spellings. */
export type XmlModule = typeof CoreXml;

let xmlModule: Promise<XmlModule> | undefined;

/**
 * `@jobwire/core/xml`, imported on first use and kept: one module promise per process (a failed
 * import is tried again next time). Only the XML wire format (`format: 'xml'`) calls this, so a JSON
 * client never loads the XML parser. The CJS build turns the `import()` into a `require()` (see
 * tsup.config.ts), so that its errors are the CJS core's classes, the ones this package exports.
 */
export function loadXml(): Promise<XmlModule> {
  xmlModule ??= import('@jobwire/core/xml').catch((error: unknown) => {
    xmlModule = undefined;
    throw error;
  });
  return xmlModule;
}
