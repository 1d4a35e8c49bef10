import { lazyModule } from '@jobwire/core/internal';
import type * as JobwireXml from '@jobwire/xml';

/** `@jobwire/xml`: the hardened XML parser (fast-xml-parser behind it) and its key spellings. */
export type XmlModule = typeof JobwireXml;

/**
 * `@jobwire/xml`, imported on first use and kept. Only output values that are `<result>` XML documents need it (see `xmlReadyFor`), so a job
 * without any never loads the XML parser.
 */
export const loadXml = lazyModule<XmlModule>(() => import('@jobwire/xml'));
