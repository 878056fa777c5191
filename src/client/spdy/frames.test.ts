import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SPDY3_DICTIONARY } from './dictionary.js';
import {
  controlFrame,
  dataFrame,
  decodeHeaderBlock,
  encodeHeaderBlock,
  FrameReader,
  pingFrame,
  rstStreamFrame,
  TYPE,
} from './frames.js';
import { HeaderCodec } from './header-codec.js';

function adler32(buf: Buffer): number {
  let a = 1;
  let b = 0;
  for (const byte of buf) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

describe('SPDY/3.1 frames', () => {
  it('lays out control and data frame headers as the draft does', () => {
    expect(pingFrame(7).toString('hex')).toBe('800300060000000400000007');
    expect(rstStreamFrame(3, 5).toString('hex')).toBe('80030003000000080000000300000005');
    expect(dataFrame(5, Buffer.from('hi'), true).toString('hex')).toBe('00000005010000026869');
    expect(controlFrame(TYPE.synReply, 1, Buffer.alloc(0)).toString('hex')).toBe('8003000201000000');
  });

  it('reads frames split anywhere across chunks', () => {
    const wire = Buffer.concat([
      dataFrame(1, Buffer.from('hello')),
      pingFrame(2),
      dataFrame(3, Buffer.alloc(0), true),
    ]);
    const reader = new FrameReader();
    const frames = [...wire].flatMap((byte) => reader.push(Buffer.from([byte])));
    expect(frames).toEqual([
      { kind: 'data', streamId: 1, flags: 0, data: Buffer.from('hello') },
      { kind: 'control', type: TYPE.ping, flags: 0, payload: Buffer.from('00000002', 'hex') },
      { kind: 'data', streamId: 3, flags: 1, data: Buffer.alloc(0) },
    ]);
  });

  it('encodes header blocks with lowercased names and reads them back', () => {
    const block = encodeHeaderBlock({ streamType: 'data', port: '8080', requestID: '0' });
    expect(block.subarray(0, 8).toString('hex')).toBe('000000030000000a');
    expect(decodeHeaderBlock(block)).toEqual({ streamtype: 'data', port: '8080', requestid: '0' });
    expect(() => decodeHeaderBlock(block.subarray(0, block.length - 1))).toThrow(/truncated/);
  });

  it('has the 1423-byte SPDY/3 dictionary', () => {
    expect(SPDY3_DICTIONARY.length).toBe(1423);
    expect(SPDY3_DICTIONARY.subarray(0, 11).toString('latin1')).toBe('\0\0\0\x07options');
    expect(SPDY3_DICTIONARY.toString('latin1').endsWith('utf-,*,enq=0.')).toBe(true);
  });

  it('compresses header blocks as one zlib stream with the dictionary, each block flushed', () => {
    const out = new HeaderCodec();
    const inn = new HeaderCodec();
    const blocks = [
      encodeHeaderBlock({ streamtype: 'error', port: '80', requestid: '0' }),
      encodeHeaderBlock({ streamtype: 'data', port: '80', requestid: '0' }),
      encodeHeaderBlock({}),
    ];
    const compressed = blocks.map((b) => out.compress(b));
    // zlib header with FDICT set, then the dictionary's Adler-32 (RFC 1950), as Go's zlib checks it.
    expect(compressed[0][1] & 0x20).toBe(0x20);
    expect(compressed[0].readUInt32BE(2)).toBe(adler32(SPDY3_DICTIONARY));
    for (const c of compressed) expect(c.subarray(-4).toString('hex')).toBe('0000ffff');
    // A later block repeats the earlier one's words, so it costs fewer bytes.
    expect(compressed[1].length).toBeLessThan(compressed[0].length);
    const back = compressed.map((c) => decodeHeaderBlock(inn.decompress(c)));
    // Another zlib (Node's, the C library Go's output is checked against) reads the same stream.
    const whole = zlib.inflateSync(Buffer.concat(compressed), {
      dictionary: SPDY3_DICTIONARY,
      finishFlush: zlib.constants.Z_SYNC_FLUSH,
    });
    expect(whole.equals(Buffer.concat(blocks))).toBe(true);
    expect(back).toEqual([
      { streamtype: 'error', port: '80', requestid: '0' },
      { streamtype: 'data', port: '80', requestid: '0' },
      {},
    ]);
    expect(() => new HeaderCodec().decompress(Buffer.from('not zlib at all'))).toThrow(/SPDY header block/);
  });
});
