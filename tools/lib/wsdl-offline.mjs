// Load a WSDL with node-soap strictly from the local disk.
// Specs must be self-contained: a wsdl:import / xsd:import / xsd:include that points at
// http(s) would make linting and generation depend on the network (and on someone
// else's server), so it is an error rather than a fetch.
import soap from 'soap';

const isRemote = (uri) => /^https?:/i.test(uri);

/**
 * @returns {Promise<{ client: import('soap').Client, includes: string[] }>}
 *   `includes` lists the local files pulled in through imports/includes (absolute paths).
 */
export async function loadWsdlOffline(wsdlPath) {
  const includes = [];
  // Second line of defence: if some code path in node-soap reaches for HTTP anyway,
  // it goes through `httpClient`, which here refuses instead of fetching.
  const noNetwork = {
    request(uri, _data, callback) {
      callback(new Error(`refusing to fetch ${uri}: specs must not need the network`));
    },
  };
  const client = await soap.createClientAsync(wsdlPath, {
    disableCache: true, // node-soap caches WSDLs process-wide by path; always re-read the file
    httpClient: noNetwork,
    wsdl_options: {
      overrideImportLocation(includePath, _parentUri, location) {
        if (isRemote(includePath)) {
          throw new Error(
            `import/include "${location}" resolves to ${includePath}, which would be fetched from the network; vendor the file next to the WSDL`,
          );
        }
        includes.push(includePath);
        return includePath;
      },
    },
  });
  return { client, includes: [...new Set(includes)].sort() };
}

/** `[{ service, port, operations: [...] }]`, sorted, from node-soap's description. */
export function describeWsdl(client) {
  const rows = [];
  const services = client.describe();
  for (const service of Object.keys(services).sort()) {
    for (const port of Object.keys(services[service]).sort()) {
      rows.push({ service, port, operations: Object.keys(services[service][port]).sort() });
    }
  }
  return rows;
}
