/**
 * `listen({ tls })`: HTTPS, and client certificates (mTLS) that `authenticate` can read. The
 * certificates are made for this run with the `openssl` command line (a throwaway CA, a server
 * certificate for 127.0.0.1 and a client certificate); without `openssl` these tests are skipped
 * and say why. Requests go through node:https with the test CA (no global trust is changed).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type ApubiAuthContext, type ApubiServerOptions, createApubiServer } from '../src/index.js';

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}
const openssl = hasOpenssl();
const dir = mkdtempSync(join(tmpdir(), 'apubi-tls-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** CA, server (CN and SAN 127.0.0.1) and client (CN wfm) certificates, EC P-256, valid one day. */
function makeCertificates() {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const key = (name: string) => run('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`);
  key('ca');
  run('req', '-x509', '-new', '-key', 'ca.key', '-subj', '/CN=apubi-test-ca', '-days', '1', '-out', 'ca.crt');
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1\n');
  for (const [name, cn, ext] of [
    ['server', '127.0.0.1', ['-extfile', 'server.ext']],
    ['client', 'wfm', []],
  ] as Array<[string, string, string[]]>) {
    key(name);
    run('req', '-new', '-key', `${name}.key`, '-subj', `/CN=${cn}`, '-out', `${name}.csr`);
    run(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '1',
      '-out',
      `${name}.crt`,
      ...ext,
    );
  }
  const read = (file: string) => readFileSync(join(dir, file));
  return {
    ca: read('ca.crt'),
    server: { key: read('server.key'), cert: read('server.crt') },
    client: { key: read('client.key'), cert: read('client.crt') },
  };
}
const certificates = openssl ? makeCertificates() : undefined;

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

const body =
  '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>' +
  '<GetTaskStatus xmlns="wfm:APUBI/v1/schemas"><TaskId>t</TaskId></GetTaskStatus></soap:Body></soap:Envelope>';

/** POST over HTTPS trusting the test CA, optionally with the client certificate. */
function post(endpoint: string, options: { clientCertificate?: boolean; authorization?: string } = {}) {
  const tls = certificates as NonNullable<typeof certificates>;
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request(
      endpoint,
      {
        method: 'POST',
        ca: tls.ca,
        ...(options.clientCertificate ? tls.client : {}),
        headers: {
          'content-type': 'text/xml; charset=utf-8',
          ...(options.authorization ? { authorization: options.authorization } : {}),
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const handlers = { getTaskStatus: () => ({ status: 'SUCCESS' as const, destinationAsset: 'cdn:x' }) };

async function start(options: ApubiServerOptions, tls: Record<string, unknown>) {
  const server = createApubiServer(handlers, options);
  const endpoint = await server.listen({ tls });
  close = server.close;
  return endpoint;
}

describe.skipIf(!openssl)('listen({ tls }) (needs the openssl command line to make test certificates)', () => {
  it('serves HTTPS: the endpoint is https://, Basic credentials travel encrypted, the WSDL says https', async () => {
    const tls = certificates as NonNullable<typeof certificates>;
    const endpoint = await start({ basicAuth: { username: 'wfm', password: 'tls-test-password' } }, tls.server);
    expect(endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/apubi$/);
    expect((await post(endpoint)).status).toBe(401);
    const ok = await post(endpoint, { authorization: `basic ${btoa('wfm:tls-test-password')}` });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('<Status>SUCCESS</Status>');
    const wsdl = await new Promise<string>((resolve, reject) => {
      request(`${endpoint}?wsdl`, { ca: tls.ca }, (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => {
          text += chunk.toString('utf8');
        });
        response.on('end', () => resolve(text));
      })
        .on('error', reject)
        .end();
    });
    expect(wsdl).toContain(`<soap:address location="${endpoint}"/>`);
  });

  it('mTLS: authenticate sees the verified client certificate; a peer without one never gets an answer', async () => {
    const tls = certificates as NonNullable<typeof certificates>;
    const seen: Array<Pick<ApubiAuthContext, 'remoteAddress' | 'tlsAuthorized'> & { subject?: string }> = [];
    const endpoint = await start(
      {
        authenticate: ({ peerCertificate, tlsAuthorized, remoteAddress }) => {
          seen.push({ remoteAddress, tlsAuthorized, subject: String(peerCertificate?.subject.CN) });
          return tlsAuthorized && peerCertificate?.subject.CN === 'wfm';
        },
      },
      { ...tls.server, ca: tls.ca, requestCert: true },
    );
    const ok = await post(endpoint, { clientCertificate: true });
    expect(ok.status).toBe(200);
    expect(seen).toEqual([{ remoteAddress: '127.0.0.1', tlsAuthorized: true, subject: 'wfm' }]);
    await expect(post(endpoint)).rejects.toThrow();
    expect(seen).toHaveLength(1);
    // The server is still there for the right peer.
    expect((await post(endpoint, { clientCertificate: true })).status).toBe(200);
  });

  it('mTLS with rejectUnauthorized: false leaves the decision to authenticate (no certificate: 401)', async () => {
    const tls = certificates as NonNullable<typeof certificates>;
    const endpoint = await start(
      { authenticate: ({ peerCertificate, tlsAuthorized }) => tlsAuthorized && peerCertificate !== undefined },
      { ...tls.server, ca: tls.ca, requestCert: true, rejectUnauthorized: false },
    );
    expect((await post(endpoint)).status).toBe(401);
    expect((await post(endpoint, { clientCertificate: true })).status).toBe(200);
  });
});
