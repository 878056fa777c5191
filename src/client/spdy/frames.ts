/**
 * SPDY/3.1 frames on the wire (draft-mbelshe-httpbis-spdy-00 with 3.1's changes): the byte
 * layout only; header compression is ./header-codec.ts and stream state ./connection.ts.
 */

export const VERSION = 3;

export const TYPE = {
  synStream: 1,
  synReply: 2,
  rstStream: 3,
  settings: 4,
  ping: 6,
  goAway: 7,
  headers: 8,
  windowUpdate: 9,
} as const;

export const FLAG_FIN = 0x01;

/** RST_STREAM status codes used here. */
export const RST = { protocolError: 1, invalidStream: 2, refusedStream: 3, cancel: 5 } as const;

/** The largest payload a frame's 24-bit length can carry. */
export const MAX_PAYLOAD = 0xffffff;

export type Frame =
  | { kind: 'data'; streamId: number; flags: number; data: Buffer }
  | { kind: 'control'; type: number; flags: number; payload: Buffer };

/** Splits a byte stream into frames; keeps a partial frame until the rest arrives. */
export class FrameReader {
  private buf: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Frame[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const frames: Frame[] = [];
    let at = 0;
    while (this.buf.length - at >= 8) {
      const first = this.buf.readUInt32BE(at);
      const flags = this.buf[at + 4];
      const length = this.buf.readUIntBE(at + 5, 3);
      if (this.buf.length - at - 8 < length) break;
      const body = this.buf.subarray(at + 8, at + 8 + length);
      if (first & 0x80000000) frames.push({ kind: 'control', type: first & 0xffff, flags, payload: body });
      else frames.push({ kind: 'data', streamId: first & 0x7fffffff, flags, data: body });
      at += 8 + length;
    }
    this.buf = this.buf.subarray(at);
    return frames;
  }
}

function header(first: number, flags: number, length: number): Buffer {
  if (length > MAX_PAYLOAD) throw new RangeError(`a SPDY frame carries at most ${MAX_PAYLOAD} bytes`);
  const h = Buffer.alloc(8);
  h.writeUInt32BE(first >>> 0, 0);
  h[4] = flags;
  h.writeUIntBE(length, 5, 3);
  return h;
}

export function dataFrame(streamId: number, data: Buffer, fin = false): Buffer {
  return Buffer.concat([header(streamId & 0x7fffffff, fin ? FLAG_FIN : 0, data.length), data]);
}

export function controlFrame(type: number, flags: number, payload: Buffer): Buffer {
  return Buffer.concat([header((0x8000 | VERSION) * 0x10000 + type, flags, payload.length), payload]);
}

const u32 = (...values: number[]) => {
  const b = Buffer.alloc(4 * values.length);
  for (const [i, v] of values.entries()) b.writeUInt32BE(v >>> 0, 4 * i);
  return b;
};

/** SYN_STREAM's fields before its (compressed) header block. */
export function synStreamPrefix(streamId: number, priority = 0): Buffer {
  const b = Buffer.alloc(10);
  b.writeUInt32BE(streamId & 0x7fffffff, 0);
  b.writeUInt32BE(0, 4);
  b[8] = (priority & 7) << 5;
  return b;
}

export const streamIdPrefix = (streamId: number) => u32(streamId & 0x7fffffff);
export const rstStreamFrame = (streamId: number, status: number) =>
  controlFrame(TYPE.rstStream, 0, u32(streamId & 0x7fffffff, status));
export const pingFrame = (id: number) => controlFrame(TYPE.ping, 0, u32(id));
export const goAwayFrame = (lastGoodStreamId: number, status = 0) =>
  controlFrame(TYPE.goAway, 0, u32(lastGoodStreamId & 0x7fffffff, status));

/** The stream id a control frame's payload starts with (SYN_STREAM, SYN_REPLY, RST_STREAM, HEADERS). */
export const streamIdOf = (payload: Buffer) => payload.readUInt32BE(0) & 0x7fffffff;

/** Where the header block starts in a control frame's payload, for the frames that carry one. */
export function headerBlockOffset(type: number): number | undefined {
  if (type === TYPE.synStream) return 10;
  if (type === TYPE.synReply || type === TYPE.headers) return 4;
  return undefined;
}

export type Headers = Record<string, string>;

/** A header block before compression: pair count, then length-prefixed names and values. */
export function encodeHeaderBlock(headers: Headers): Buffer {
  const entries = Object.entries(headers);
  const parts: Buffer[] = [u32(entries.length)];
  for (const [name, value] of entries) {
    const n = Buffer.from(name.toLowerCase(), 'utf8');
    const v = Buffer.from(value, 'utf8');
    parts.push(u32(n.length), n, u32(v.length), v);
  }
  return Buffer.concat(parts);
}

/** Reads a decompressed header block; several values of one name (NUL-separated) keep the first. */
export function decodeHeaderBlock(block: Buffer): Headers {
  const headers: Headers = {};
  let at = 0;
  const take = () => {
    if (at + 4 > block.length) throw new Error('truncated SPDY header block');
    const len = block.readUInt32BE(at);
    if (at + 4 + len > block.length) throw new Error('truncated SPDY header block');
    const s = block.toString('utf8', at + 4, at + 4 + len);
    at += 4 + len;
    return s;
  };
  if (block.length < 4) throw new Error('truncated SPDY header block');
  const count = block.readUInt32BE(0);
  at = 4;
  for (let i = 0; i < count; i++) {
    const name = take().toLowerCase();
    headers[name] = take().split('\0')[0];
  }
  return headers;
}
