/**
 * Whether a TLS client names the server it wants (SNI), read from the first record of its
 * ClientHello, so that the Ingress can hand a client that names none to a TLS server whose
 * certificate is the default one. One TLS server cannot do both: a server certificate beside the
 * SNI callback's joins every certificate the callback picks, and the client's preferred key type
 * then wins over the name (an RSA Secret's certificate lost to the cluster's EC one).
 */
import net from 'node:net';

/** A record holds at most 2^14 bytes of plaintext (RFC 8446 5.1), plus its 5-byte header. */
const MAX_RECORD = 5 + 16_384;

/**
 * true or false once the ClientHello's first record is whole; undefined while it is not. A
 * ClientHello whose extensions run into a second record counts as naming one (the callback's
 * server then decides), and what is not a ClientHello as naming none (TLS refuses it there).
 */
export function namesServer(data: Buffer): boolean | undefined {
  if (data.length < 5) return undefined;
  if (data[0] !== 0x16) return false;
  const end = 5 + data.readUInt16BE(3);
  if (data.length < end) return end > MAX_RECORD ? false : undefined;
  let at = 5;
  if (data[at] !== 0x01) return false;
  // Handshake type and length, client version, random.
  at += 4 + 2 + 32;
  const skip = (lengthBytes: 1 | 2) => {
    if (at + lengthBytes > end) return false;
    at += lengthBytes + (lengthBytes === 1 ? data[at] : data.readUInt16BE(at));
    return at <= end;
  };
  // Session id, cipher suites, compression methods.
  if (!skip(1) || !skip(2) || !skip(1)) return false;
  if (at === end) return false;
  if (at + 2 > end) return false;
  const extensionsEnd = at + 2 + data.readUInt16BE(at);
  at += 2;
  while (at + 4 <= Math.min(extensionsEnd, end)) {
    if (data.readUInt16BE(at) === 0x0000) return true;
    at += 4 + data.readUInt16BE(at + 2);
  }
  return extensionsEnd > end;
}

/**
 * A listener that reads each connection's first TLS record and hands the connection, record
 * and all, to `named` or `unnamed`. A client silent for `helloTimeoutMs` is closed.
 */
export function routeByServerName(
  named: net.Server,
  unnamed: net.Server,
  helloTimeoutMs: number,
): net.Server {
  return net.createServer((socket) => {
    let seen = Buffer.alloc(0);
    const timer = setTimeout(() => socket.destroy(), helloTimeoutMs);
    const onData = (chunk: Buffer) => {
      seen = Buffer.concat([seen, chunk]);
      const names = namesServer(seen);
      if (names === undefined) return;
      clearTimeout(timer);
      socket.off('data', onData).off('error', onError);
      socket.pause();
      socket.unshift(seen);
      (names ? named : unnamed).emit('connection', socket);
    };
    const onError = () => {
      clearTimeout(timer);
      socket.destroy();
    };
    socket
      .on('data', onData)
      .on('error', onError)
      .on('close', () => clearTimeout(timer));
  });
}
