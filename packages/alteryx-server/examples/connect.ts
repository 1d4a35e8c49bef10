import { createAlteryxServerClient } from '@jobwire/alteryx-server';

// The API root ends in /webapi; the key and secret come from the Server's user settings (API access).
export const alteryx = createAlteryxServerClient({
  baseUrl: process.env.ALTERYX_URL ?? 'http://localhost/webapi',
  clientId: process.env.ALTERYX_CLIENT_ID ?? '',
  clientSecret: process.env.ALTERYX_CLIENT_SECRET ?? '',
});
