import { lazyModule } from '@jobwire/core/internal';
import type * as JobwireXml from '@jobwire/xml';

/** `@jobwire/xml`: the hardened XML parser (fast-xml-parser behind it) and its key spellings. */
export type XmlModule = typeof JobwireXml;

/**
 * `@jobwire/xml`, imported on first use and kept. Only the XML wire format (`format: 'xml'`) calls it, so a JSON client never loads the XML parser.
 */
export const loadXml = lazyModule<XmlModule>(() => import('@jobwire/xml'));
