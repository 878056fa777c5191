import { Deflate, Inflate, Z_OK, Z_SYNC_FLUSH } from 'pako';
import { SPDY3_DICTIONARY } from './dictionary.js';

/**
 * A connection's header compression: SPDY/3 runs one zlib stream per direction through every
 * header block of the connection, each block ending at a sync flush, with SPDY's dictionary.
 * pako's streams work synchronously, so blocks are (de)compressed in the order frames come and
 * go, with no wait that would hold up the frames behind them.
 */
export class HeaderCodec {
  private readonly deflate = new Deflate({ dictionary: SPDY3_DICTIONARY });
  private readonly inflate = new Inflate({ dictionary: SPDY3_DICTIONARY });

  compress(block: Buffer): Buffer {
    return run(this.deflate, block, 'compress');
  }

  /** Throws on a block that is not the continuation of the peer's zlib stream. */
  decompress(block: Buffer): Buffer {
    return run(this.inflate, block, 'decompress');
  }
}

function run(z: Deflate | Inflate, input: Buffer, what: string): Buffer {
  z.chunks.length = 0;
  z.push(input, Z_SYNC_FLUSH);
  if (z.err !== Z_OK) throw new Error(`cannot ${what} a SPDY header block: ${z.msg || z.err}`);
  return Buffer.concat(z.chunks.splice(0));
}
