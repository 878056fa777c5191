import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import type { CertPair } from './certs.js';

/**
 * The addresses every server certificate covers: what the kubeconfig and local tools use, and
 * the names pods use in-cluster for the `kubernetes` Service (as kube-apiserver's certificate has).
 */
export const defaultSans = [
  '127.0.0.1',
  '::1',
  'localhost',
  'kubernetes',
  'kubernetes.default',
  'kubernetes.default.svc',
  'kubernetes.default.svc.cluster.local',
];

export interface CertFiles {
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
}

function readPair(certPath: string, keyPath: string): CertPair | undefined {
  if (!fs.existsSync(certPath) || !fs.existsSync(keyPath)) return undefined;
  return { cert: fs.readFileSync(certPath, 'utf8'), key: fs.readFileSync(keyPath, 'utf8') };
}

function writePair(pair: CertPair, certPath: string, keyPath: string): void {
  fs.writeFileSync(keyPath, pair.key, { mode: 0o600 });
  fs.writeFileSync(certPath, pair.cert, { mode: 0o644 });
}

function covers(cert: X509Certificate, san: string): boolean {
  return san.includes(':') || /^[\d.]+$/.test(san)
    ? cert.checkIP(san) !== undefined
    : cert.checkHost(san) !== undefined;
}

/**
 * Makes sure the cluster has its CA (made once, then kept: kubeconfigs trust it) and a server
 * certificate covering the default SANs plus extraSans (re-issued when an address is new).
 * Checking uses Node's own X509 support; the generator is loaded only to issue.
 */
export async function ensureCerts(name: string, files: CertFiles, extraSans: string[] = []): Promise<void> {
  let ca = readPair(files.caCert, files.caKey);
  const wanted = [...defaultSans, ...extraSans];
  const server = readPair(files.serverCert, files.serverKey);
  if (ca && server) {
    const cert = new X509Certificate(server.cert);
    const valid = Date.parse(cert.validTo) > Date.now();
    if (valid && cert.checkIssued(new X509Certificate(ca.cert)) && wanted.every((s) => covers(cert, s)))
      return;
  }
  const { createCa, createServerCert } = await import('./certs.js');
  if (!ca) {
    ca = await createCa(`minik8s-${name}-ca`);
    writePair(ca, files.caCert, files.caKey);
  }
  writePair(await createServerCert(ca, 'minik8s-apiserver', wanted), files.serverCert, files.serverKey);
}
