import zlib from 'node:zlib';
import { SPDY3_DICTIONARY } from './dictionary.js';

/**
 * One direction of a connection's header compression: SPDY/3 runs a single zlib stream per
 * direction through every header block of the connection, each block ending at a sync flush.
 * Blocks go through in the order they are given, as the peer's zlib reads them.
 */
class ZlibChain {
  private last: Promise<unknown> = Promise.resolve();
  private readonly chunks: Buffer[] = [];

  constructor(private readonly z: zlib.Deflate | zlib.Inflate) {
    z.on('data', (c: Buffer) => this.chunks.push(c));
    // A failure answers the call that caused it; the stream is unusable afterwards anyway.
    z.on('error', () => undefined);
  }

  run(input: Buffer): Promise<Buffer> {
    const next = this.last.then(
      () =>
        new Promise<Buffer>((resolve, reject) => {
          const fail = (err: Error) => reject(err);
          this.z.once('error', fail);
          this.z.write(input);
          this.z.flush(zlib.constants.Z_SYNC_FLUSH, () => {
            this.z.off('error', fail);
            resolve(Buffer.concat(this.chunks.splice(0)));
          });
        }),
    );
    this.last = next.catch(() => undefined);
    return next;
  }

  close(): void {
    this.z.destroy();
  }
}

export class HeaderCodec {
  private readonly deflate = new ZlibChain(zlib.createDeflate({ dictionary: SPDY3_DICTIONARY }));
  private readonly inflate = new ZlibChain(zlib.createInflate({ dictionary: SPDY3_DICTIONARY }));

  compress(block: Buffer): Promise<Buffer> {
    return this.deflate.run(block);
  }

  decompress(block: Buffer): Promise<Buffer> {
    return this.inflate.run(block);
  }

  close(): void {
    this.deflate.close();
    this.inflate.close();
  }
}
