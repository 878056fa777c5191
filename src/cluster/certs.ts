import { webcrypto } from 'node:crypto';
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
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert: cert.toString('pem'), key: await keyToPem(keys.privateKey) };
}

/** A leaf certificate signed by the CA: a new key, the subject, its lifetime, usage and extra extensions. */
async function signedLeaf(
  ca: CertPair,
  subject: string,
  days: number,
  usage: string,
  extra: (keys: webcrypto.CryptoKeyPair) => Promise<x509.Extension[]>,
): Promise<CertPair> {
  const caCert = new x509.X509Certificate(ca.cert);
  const caKey = await pemToKey(ca.key);
  const keys = await crypto.subtle.generateKey(ecdsa, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject,
    issuer: caCert.subject,
    notBefore: new Date(Date.now() - day),
    notAfter: new Date(Date.now() + days * day),
    signingAlgorithm: signing,
    publicKey: keys.publicKey,
    signingKey: caKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
        true,
      ),
      new x509.ExtendedKeyUsageExtension([usage]),
      await x509.AuthorityKeyIdentifierExtension.create(caCert),
      ...(await extra(keys)),
    ],
  });
  return { cert: cert.toString('pem'), key: await keyToPem(keys.privateKey) };
}

/** A serving certificate signed by the CA, for the given IP addresses and DNS names. */
export function createServerCert(ca: CertPair, commonName: string, sans: string[]): Promise<CertPair> {
  const names = [...new Set(sans)].map((v) =>
    isIP(v) ? { type: 'ip' as const, value: v } : { type: 'dns' as const, value: v },
  );
  return signedLeaf(ca, `CN=${commonName}`, 3650, x509.ExtendedKeyUsage.serverAuth, async (keys) => [
    new x509.SubjectAlternativeNameExtension(names),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
  ]);
}

/**
 * A client certificate signed by the CA: the API server takes its CN as the user name and each
 * O as a group, as kube-apiserver's x509 authenticator does (kind's admin is CN=kubernetes-admin,
 * O=system:masters).
 */
export function createClientCert(
  ca: CertPair,
  user: string,
  groups: readonly string[] = [],
): Promise<CertPair> {
  const rdn = (v: string) => v.replace(/([,+"\\<>;=])/g, '\\$1');
  const subject = [...groups.map((g) => `O=${rdn(g)}`), `CN=${rdn(user)}`].join(', ');
  return signedLeaf(ca, subject, 365, x509.ExtendedKeyUsage.clientAuth, async () => []);
}
