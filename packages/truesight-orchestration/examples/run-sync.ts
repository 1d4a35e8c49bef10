import { tso } from './connect.js';

// mode: 'sync' (the server's default) holds the request until the process ends: keep it for
// short processes, or raise the client's timeoutMs (30 s by default).
const result = await tso.executeProcess(':AutoPilot-AD-Utilities:HTTP:Get', [
  { name: 'adapter name', value: 'HTTP Adapter' },
  { name: 'url', value: 'http://www.google.com' },
]);
for (const [name, value] of Object.entries(result.outputs)) console.log(`${name}: ${JSON.stringify(value)}`);
