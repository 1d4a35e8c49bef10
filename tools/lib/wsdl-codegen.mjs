// WSDL → TypeScript SOAP client via wsdl-tsclient's programmatic API, plus the post-fix
// (see wsdl-postfix.mjs) and an embedded copy of the WSDL (see embedWsdlModule below).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import wsdlTsclient from 'wsdl-tsclient';
import loggerModule from 'wsdl-tsclient/dist/src/utils/logger.js';
import { listFilesRecursive, readTree } from './repo.mjs';
import { loadWsdlOffline } from './wsdl-offline.mjs';
import { fixWsdlTsclientOutput } from './wsdl-postfix.mjs';

// wsdl-tsclient logs every file it writes, with absolute temp paths; keep only its
// warnings (e.g. "Cannot parse ComplexType ... using 'any'") and errors.
const { Logger } = loggerModule;
Logger.isDebug = false;
Logger.isLog = false;
Logger.isInfo = false;
Logger.colors = false;

/**
 * @returns {Promise<{ dir: string, files: Map<string, string>, notes: string[] }>}
 *   `dir` is the sub-directory wsdl-tsclient names after the WSDL (`apubi.wsdl` → `apubi`);
 *   `files` are relative to it.
 */
export async function generateWsdlClient(wsdlPath) {
  // Load through node-soap first with the network forbidden: wsdl-tsclient would
  // otherwise happily fetch remote imports while generating.
  const { includes } = await loadWsdlOffline(wsdlPath);

  const scratch = await mkdtemp(path.join(os.tmpdir(), 'jobwire-wsdl-'));
  try {
    await wsdlTsclient.parseAndGenerate(wsdlPath, scratch, { esm: true, colors: false });
    const dirs = [...new Set((await listFilesRecursive(scratch)).map((f) => f.split('/')[0]))];
    if (dirs.length !== 1) throw new Error(`wsdl-tsclient wrote ${dirs.length} output directories, expected 1`);
    const dir = dirs[0];
    const files = fixWsdlTsclientOutput(await readTree(path.join(scratch, dir)));

    const notes = [];
    if (files.has('wsdl.ts')) throw new Error(`wsdl-tsclient generated a wsdl.ts, which would collide with the embedded WSDL`);
    if (includes.length === 0) {
      files.set('wsdl.ts', embedWsdlModule(await readFile(wsdlPath, 'utf8'), path.basename(wsdlPath)));
    } else {
      notes.push(
        `${path.basename(wsdlPath)} imports other files, so no wsdl.ts is embedded; the wrapper must pass a path to a shipped copy of the WSDL and its imports`,
      );
    }
    return { dir, files, notes };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * The WSDL text as a TypeScript module. node-soap treats a first argument that starts
 * with `<?xml` as the WSDL document itself (soap/lib/wsdl/index.js, open_wsdl), so
 * `createClientAsync(wsdlXml, options, endpoint)` never touches the file system or the
 * network, and keeps working after bundling (tsup ESM + CJS) where a path relative to
 * the source file would not. Only possible when the WSDL has no imports/includes:
 * those would be resolved relative to the "path", which here is the XML text.
 */
function embedWsdlModule(xml, fileName) {
  let text = xml.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (!/^<\?xml[^>]*?>/i.test(text)) text = `<?xml version="1.0" encoding="UTF-8"?>\n${text}`;
  // Template literal instead of JSON.stringify so the generated diff shows WSDL edits line by line.
  const literal = text.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
  return [
    '/**',
    ` * The WSDL (${fileName}), embedded so the SOAP client never reads a file or fetches a URL`,
    ' * at run time: node-soap takes a string starting with `<?xml` as the WSDL document itself.',
    ' *',
    ' *     createClientAsync(wsdlXml, options, endpointUrl)',
    ' */',
    // Annotated as `string` so declaration files do not repeat the whole text as a literal type.
    `export const wsdlXml: string = \`${literal}\`;`,
    '',
    `export const wsdlFileName = ${JSON.stringify(fileName)};`,
    '',
  ].join('\n');
}
