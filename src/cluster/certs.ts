import { webcrypto } from 'node:crypto';
import fs from 'node:fs';
import { isIP } from 'node:net';
import * as x509 from '@peculiar/x509';

/** A certificate and its private key, both PEM. */
export interface CertPair {
  cert: string;
  key: string;
}

type CryptoKey = webcrypto.CryptoKey;

const crypto = webcrypto;
// Node's webcrypto is the Web Crypto the library expects; only the type declarations differ.
x509.cryptoProvider.set(crypto as never);

const ecdsa = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const signing = { name: 'ECDSA', hash: 'SHA-256' } as const;
const day = 24 * 60 * 60 * 1000;

/** The addresses every server certificate covers: what the kubeconfig and local tools use. */
export const defaultSans = ['127.0.0.1', '::1', 'localhost'];

function serial(): string {
  // A positive 16-byte serial: the high bit cleared so DER does not read it as negative.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0] &= 0x7f;
  return Buffer.from(bytes).toString('hex');
}

async function keyToPem(key: CryptoKey): Promise<string> {
  const der = await crypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

async function pemToKey(pem: string): Promise<CryptoKey> {
  const der = x509.PemConverter.decode(pem)[0];
  return crypto.subtle.importKey('pkcs8', der, ecdsa, true, ['sign']);
}

/** A self-signed cluster CA, valid ten years. */
export async function createCa(commonName: string): Promise<CertPair> {
  const keys = await crypto.subtle.generateKey(ecdsa, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=${commonName}`,
    notBefore: new Date(Date.now() - day),
    notAfter: new Date(Date.now() + 3650 * day),
    signingAlgorithm: signing,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert: cert.toString('pem'), key: await keyToPem(keys.privateKey) };
}

/** A serving certificate signed by the CA, for the given IP addresses and DNS names. */
export async function createServerCert(ca: CertPair, commonName: string, sans: string[]): Promise<CertPair> {
  const caCert = new x509.X509Certificate(ca.cert);
  const caKey = await pemToKey(ca.key);
  const keys = await crypto.subtle.generateKey(ecdsa, true, ['sign', 'verify']);
  const names = [...new Set(sans)].map((v) =>
    isIP(v) ? { type: 'ip' as const, value: v } : { type: 'dns' as const, value: v },
  );
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=${commonName}`,
    issuer: caCert.subject,
    notBefore: new Date(Date.now() - day),
    notAfter: new Date(Date.now() + 3650 * day),
    signingAlgorithm: signing,
    publicKey: keys.publicKey,
    signingKey: caKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(names),
      await x509.AuthorityKeyIdentifierExtension.create(caCert),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert: cert.toString('pem'), key: await keyToPem(keys.privateKey) };
}

/** The SANs (IP addresses and DNS names) a PEM certificate covers. */
export function certSans(pem: string): string[] {
  const cert = new x509.X509Certificate(pem);
  const ext = cert.getExtension(x509.SubjectAlternativeNameExtension);
  return ext ? ext.names.items.map((n) => n.value) : [];
}

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

/**
 * Makes sure the cluster has its CA (made once, then kept: kubeconfigs trust it) and a server
 * certificate covering the default SANs plus extraSans (re-issued when an address is new).
 */
export async function ensureCerts(name: string, files: CertFiles, extraSans: string[] = []): Promise<void> {
  let ca = readPair(files.caCert, files.caKey);
  if (!ca) {
    ca = await createCa(`minik8s-${name}-ca`);
    writePair(ca, files.caCert, files.caKey);
  }
  const wanted = [...defaultSans, ...extraSans];
  const server = readPair(files.serverCert, files.serverKey);
  if (server) {
    const have = new Set(certSans(server.cert));
    const issuer = new x509.X509Certificate(server.cert).issuer;
    if (wanted.every((s) => have.has(s)) && issuer === new x509.X509Certificate(ca.cert).subject) return;
  }
  writePair(await createServerCert(ca, 'minik8s-apiserver', wanted), files.serverCert, files.serverKey);
}
