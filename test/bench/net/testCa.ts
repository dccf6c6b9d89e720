// A throw-away certificate authority and a server certificate for 127.0.0.1/localhost, made at run time with the
// `openssl` command line (no key or certificate is kept in the repository). Clients trust the CA only through
// their own agent options (`ca`); nothing is trusted globally and TLS verification is never switched off.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface TestCertificates {
  /** PEM of the CA certificate: what a client passes as `ca`. */
  caPem: string;
  /** PEM of the server's private key and certificate (signed by the CA; SAN IP:127.0.0.1, DNS:localhost). */
  keyPem: string;
  certPem: string;
}

function openssl(cwd: string, args: string[]): void {
  try {
    execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    const stderr = (e as { stderr?: Buffer }).stderr?.toString('utf8').trim();
    throw new Error(`openssl ${args[0]} failed (the benchmark's network needs the openssl command): ${stderr ?? (e as Error).message}`);
  }
}

/**
 * A new CA and server certificate, valid for 2 days. ECDSA P-256 keeps the gateway's handshake CPU small: the
 * gateway shares this machine with the clients being measured, a real one does not.
 */
export function makeTestCertificates(): TestCertificates {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isc-bench-ca-'));
  try {
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
    openssl(dir, ['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=ISC Connector Studio bench test CA',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
    openssl(dir, ['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1']);
    fs.writeFileSync(path.join(dir, 'server.ext'), [
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=serverAuth',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '',
    ].join('\n'));
    openssl(dir, ['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'server.ext']);
    const read = (f: string): string => fs.readFileSync(path.join(dir, f), 'utf8');
    return { caPem: read('ca.pem'), keyPem: read('server.key'), certPem: read('server.pem') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
