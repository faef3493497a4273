import { generate } from 'selfsigned';

/** A host name in the reserved `.test` TLD (RFC 6761): never resolves, so only a proxy can reach it. */
export const UNRESOLVABLE_HOST = 'apiserver.kdiag.test';

/** PEM material for the fake server: a throwaway CA and a server certificate it signed. */
export interface FakeTls {
  /** The CA certificate (goes into the kubeconfig as `certificate-authority-data`). */
  caPem: string;
  /**
   * Server certificate, valid for 1 day. SANs: 127.0.0.1, ::1, localhost, and
   * {@link UNRESOLVABLE_HOST}, a name no resolver knows, for tests that can reach the server
   * only through a proxy (which maps the name to 127.0.0.1).
   */
  certPem: string;
  /** Server private key (PKCS#8). Lives only in memory. */
  keyPem: string;
}

/**
 * Generates a fresh CA and server certificate (ECDSA P-256, SHA-256) with `selfsigned` v5
 * (`generate(attrs, { ca: { key, cert } })` signs with the given CA). Nothing is written to
 * disk. Go's TLS client (kubectl) requires the CA to carry basicConstraints cA=true and
 * keyUsage keyCertSign, and the server cert to name the dialled host in its SANs.
 * Takes ~10 ms.
 */
export async function makeTls(): Promise<FakeTls> {
  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(Date.now() + 24 * 3600_000);
  const ca = await generate([{ name: 'commonName', value: 'kdiag-fake-apiserver-ca' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const server = await generate([{ name: 'commonName', value: 'kube-apiserver' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
          { type: 2, value: 'localhost' },
          { type: 2, value: UNRESOLVABLE_HOST },
        ],
      },
    ],
  });
  return { caPem: ca.cert, certPem: server.cert, keyPem: server.private };
}
