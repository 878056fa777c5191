import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureCerts } from './cert-files.js';
import { createCa, createServerCert } from './certs.js';

describe('certs', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('signs a server certificate that verifies against the cluster CA', async () => {
    const ca = await createCa('test-ca');
    const server = await createServerCert(ca, 'apiserver', ['127.0.0.1', '::1', 'localhost', '10.244.0.1']);
    const caCert = new X509Certificate(ca.cert);
    const cert = new X509Certificate(server.cert);
    expect(caCert.ca).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.checkIssued(caCert)).toBe(true);
    expect(cert.verify(caCert.publicKey)).toBe(true);
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkIP('10.244.0.1')).toBe('10.244.0.1');
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.subjectAltName).toContain('IP Address:0:0:0:0:0:0:0:1');
  });

  it('keeps the CA across calls and re-issues the server certificate for new addresses', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minik8s-certs-'));
    dirs.push(dir);
    const files = {
      caCert: path.join(dir, 'ca.crt'),
      caKey: path.join(dir, 'ca.key'),
      serverCert: path.join(dir, 'server.crt'),
      serverKey: path.join(dir, 'server.key'),
    };
    await ensureCerts('t', files);
    const ca = fs.readFileSync(files.caCert, 'utf8');
    const first = fs.readFileSync(files.serverCert, 'utf8');
    await ensureCerts('t', files);
    expect(fs.readFileSync(files.serverCert, 'utf8')).toBe(first);
    await ensureCerts('t', files, ['10.244.0.1']);
    expect(fs.readFileSync(files.caCert, 'utf8')).toBe(ca);
    const second = fs.readFileSync(files.serverCert, 'utf8');
    expect(second).not.toBe(first);
    expect(new X509Certificate(second).checkIP('10.244.0.1')).toBe('10.244.0.1');
    expect(new X509Certificate(second).checkIssued(new X509Certificate(ca))).toBe(true);
    expect(fs.statSync(files.caKey).mode & 0o077).toBe(0);
  });
});
