import { createAsperaOrchestratorClient } from '@jobwire/aspera-orchestrator';

// HTTP Basic is the default. Older servers want the credentials in the query string instead:
// auth: { type: 'query', login, password } or { type: 'query', login, apiKey } — jobwire keeps them out of errors and logs.
export const orchestrator = createAsperaOrchestratorClient(
  {
    baseUrl: process.env.ASPERA_URL ?? 'https://localhost/aspera/orchestrator',
    auth: { username: process.env.ASPERA_USERNAME ?? 'admin', password: process.env.ASPERA_PASSWORD ?? '' },
  },
  { format: process.env.ASPERA_FORMAT === 'xml' ? 'xml' : 'json' },
);
