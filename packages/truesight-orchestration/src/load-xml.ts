import { lazyModule } from '@jobwire/core/internal';
import type * as CoreXml from '@jobwire/core/xml';

/** `@jobwire/core/xml`: the hardened XML parser (fast-xml-parser behind it) and its key spellings. */
export type XmlModule = typeof CoreXml;

/**
 * `@jobwire/core/xml`, imported on first use and kept. Only output values that are `<result>` XML documents need it (see `xmlReadyFor`), so a job
 * without any never loads the XML parser.
 */
export const loadXml = lazyModule<XmlModule>(() => import('@jobwire/core/xml'));
