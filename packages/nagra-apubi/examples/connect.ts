import { createNagraApubiClient } from '@jobwire/nagra-apubi';

// The publishing server's SOAP endpoint. The WSDL is built in: nothing is fetched from the server.
export const apubi = createNagraApubiClient({
  baseUrl: process.env.APUBI_ENDPOINT ?? 'http://localhost:8080/apubi',
  // Only if the publishing server asks for HTTP Basic credentials.
  username: process.env.APUBI_USERNAME,
  password: process.env.APUBI_PASSWORD,
});
