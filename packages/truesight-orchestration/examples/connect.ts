import { createTrueSightOrchestrationClient } from '@jobwire/truesight-orchestration';

// The server root (scheme, host, port); the client calls {baseUrl}/baocdp/rest/… on the CDP.
export const tso = createTrueSightOrchestrationClient({
  baseUrl: process.env.TSO_URL ?? 'https://localhost:38080',
  component: 'baocdp',
  username: process.env.TSO_USERNAME ?? '',
  password: process.env.TSO_PASSWORD ?? '',
});
