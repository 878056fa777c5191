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
  /** The admin's client certificate, issued with the server's when given. */
  adminCert?: string;
  adminKey?: string;
}

/** The user and group of the admin's client certificate, as kind's kubeconfig has them. */
export const ADMIN_CERT_USER = 'kubernetes-admin';
export const ADMIN_CERT_GROUPS = ['system:masters'];

/** The admin's client certificate, when the cluster has one (clusters made before it have a token only). */
export function readAdminCert(files: CertFiles): CertPair | undefined {
  return files.adminCert && files.adminKey ? readPair(files.adminCert, files.adminKey) : undefined;
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
  const admin = readAdminCert(files);
  const current = (pair: CertPair | undefined) => {
    if (!ca || !pair) return false;
    const cert = new X509Certificate(pair.cert);
    return Date.parse(cert.validTo) > Date.now() && cert.checkIssued(new X509Certificate(ca.cert));
  };
  const adminOk = !files.adminCert || current(admin);
  if (current(server) && adminOk) {
    const cert = new X509Certificate(server!.cert);
    if (wanted.every((s) => covers(cert, s))) return;
  }
  const { createCa, createClientCert, createServerCert } = await import('./certs.js');
  if (!ca) {
    ca = await createCa(`minik8s-${name}-ca`);
    writePair(ca, files.caCert, files.caKey);
  }
  writePair(await createServerCert(ca, 'minik8s-apiserver', wanted), files.serverCert, files.serverKey);
  if (files.adminCert && files.adminKey && !current(admin))
    writePair(
      await createClientCert(ca, ADMIN_CERT_USER, ADMIN_CERT_GROUPS),
      files.adminCert,
      files.adminKey,
    );
}
