import { EventEmitter } from 'node:events';
import { Duplex } from 'node:stream';
import {
  controlFrame,
  dataFrame,
  decodeHeaderBlock,
  encodeHeaderBlock,
  FLAG_FIN,
  FrameReader,
  goAwayFrame,
  type Headers,
  headerBlockOffset,
  MAX_PAYLOAD,
  pingFrame,
  RST,
  rstStreamFrame,
  streamIdOf,
  streamIdPrefix,
  synStreamPrefix,
  TYPE,
} from './frames.js';
import { HeaderCodec } from './header-codec.js';

const EMPTY = Buffer.alloc(0);

/**
 * One SPDY stream as a Duplex: what is written goes out in DATA frames, end() sends FIN, and
 * the peer's DATA (until its FIN) is read. A reset from either side destroys it.
 */
export class SpdyStream extends Duplex {
  /** Whether the peer reset the stream (RST_STREAM) rather than ending it. */
  wasReset = false;
  private replied = false;

  constructor(
    private readonly conn: SpdyConnection,
    readonly id: number,
    readonly headers: Headers,
  ) {
    super({ allowHalfOpen: true });
  }

  /** Accepts a stream the peer opened (SYN_REPLY): the peer waits for it before sending. */
  reply(headers: Headers = {}): void {
    if (this.replied) return;
    this.replied = true;
    this.conn.sendHeaders(TYPE.synReply, 0, streamIdPrefix(this.id), headers);
  }

  /** Refuses or abandons the stream (RST_STREAM). */
  reset(status: number = RST.cancel): void {
    if (!this.destroyed) this.conn.sendFrame(rstStreamFrame(this.id, status));
    this.destroy();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    if (chunk.length === 0) {
      cb();
      return;
    }
    for (let at = 0; at < chunk.length; at += MAX_PAYLOAD) {
      const last = at + MAX_PAYLOAD >= chunk.length;
      this.conn.sendFrame(dataFrame(this.id, chunk.subarray(at, at + MAX_PAYLOAD)), last ? cb : undefined);
    }
  }

  override _final(cb: (err?: Error | null) => void): void {
    this.conn.sendFrame(dataFrame(this.id, EMPTY, true), cb);
  }

  override _read(): void {
    this.conn.resumeFor(this);
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    this.conn.forget(this);
    cb(err);
  }
}

interface Pending {
  resolve: () => void;
  reject: (err: Error) => void;
}

/**
 * A SPDY/3.1 session over a byte stream (a socket, or a WebSocket carrying SPDY as Kubernetes'
 * port-forward tunnel does), as Kubernetes' spdystream speaks it: streams opened by SYN_STREAM
 * and accepted by SYN_REPLY, DATA with FIN, RST_STREAM, PING answered, GOAWAY ends the session.
 * spdystream keeps no flow-control windows, so neither does this: a reader that falls behind
 * pauses the whole connection, as a blocked stream blocks spdystream's frame loop.
 *
 * Events: 'stream' (SpdyStream) when the peer opens one; 'close' once the transport is gone.
 */
export class SpdyConnection extends EventEmitter {
  private readonly codec = new HeaderCodec();
  private readonly reader = new FrameReader();
  private readonly streams = new Map<number, SpdyStream>();
  private readonly waitingReply = new Map<number, Pending>();
  private readonly full = new Set<SpdyStream>();
  private readonly afterDrain: ((err?: Error | null) => void)[] = [];
  private nextId: number;
  private closed = false;

  constructor(
    private readonly transport: Duplex,
    private readonly opts: { server: boolean },
  ) {
    super();
    this.nextId = opts.server ? 2 : 1;
    transport.on('data', (chunk: Buffer) => this.receive(chunk));
    transport.on('end', () => this.close());
    transport.on('close', () => this.close());
    transport.on('error', () => this.close());
  }

  /** Opens a stream with these headers; resolves once the peer accepts it. */
  async openStream(headers: Headers): Promise<SpdyStream> {
    if (this.closed) throw new Error('connection closed');
    const id = this.nextId;
    this.nextId += 2;
    const stream = new SpdyStream(this, id, headers);
    this.streams.set(id, stream);
    const accepted = new Promise<void>((resolve, reject) => this.waitingReply.set(id, { resolve, reject }));
    this.sendHeaders(TYPE.synStream, 0, synStreamPrefix(id), headers);
    await accepted;
    return stream;
  }

  /** Ends the session: every stream is destroyed and the transport closed. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.waitingReply.values()) p.reject(new Error('connection closed'));
    this.waitingReply.clear();
    for (const s of [...this.streams.values()]) s.destroy();
    for (const cb of this.afterDrain.splice(0)) cb(new Error('connection closed'));
    this.transport.end();
    this.transport.destroy();
    this.emit('close');
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Sends a frame; cb once the transport took it (at once unless the transport is full). */
  sendFrame(frame: Buffer, cb?: (err?: Error | null) => void): void {
    if (this.closed || this.transport.destroyed) {
      cb?.(new Error('connection closed'));
      return;
    }
    const ok = this.transport.write(frame);
    if (!cb) return;
    if (ok && this.afterDrain.length === 0) {
      cb();
      return;
    }
    // Writers wait for the transport to drain: that is how a slow peer slows every sender.
    this.afterDrain.push(cb);
    if (this.afterDrain.length === 1) this.transport.once('drain', () => this.drained());
  }

  /** A frame with a header block: compressed now, so blocks go out in the zlib stream's order. */
  sendHeaders(type: number, flags: number, prefix: Buffer, headers: Headers): void {
    if (this.closed) return;
    const block = this.codec.compress(encodeHeaderBlock(headers));
    this.sendFrame(controlFrame(type, flags, Buffer.concat([prefix, block])));
  }

  resumeFor(stream: SpdyStream): void {
    if (this.full.delete(stream) && this.full.size === 0) this.transport.resume();
  }

  forget(stream: SpdyStream): void {
    this.streams.delete(stream.id);
    this.waitingReply.get(stream.id)?.reject(new Error('stream reset'));
    this.waitingReply.delete(stream.id);
    this.resumeFor(stream);
  }

  private drained(): void {
    for (const cb of this.afterDrain.splice(0)) cb();
  }

  private receive(chunk: Buffer): void {
    for (const frame of this.reader.push(chunk)) {
      if (this.closed) return;
      if (frame.kind === 'data') {
        this.onData(frame.streamId, frame.flags, frame.data);
        continue;
      }
      const offset = headerBlockOffset(frame.type);
      if (offset === undefined) {
        this.onControl(frame.type, frame.payload);
        continue;
      }
      let headers: Headers;
      try {
        headers = decodeHeaderBlock(this.codec.decompress(frame.payload.subarray(offset)));
      } catch {
        // A header block that does not decompress leaves the shared zlib stream unusable.
        this.sendFrame(goAwayFrame(0, 1));
        this.close();
        return;
      }
      this.onHeaders(frame.type, frame.flags, streamIdOf(frame.payload), headers);
    }
  }

  private onHeaders(type: number, flags: number, id: number, headers: Headers): void {
    if (type === TYPE.synStream) {
      const peerOpened = (id % 2 === 1) === this.opts.server;
      if (!peerOpened || this.streams.has(id)) {
        this.sendFrame(rstStreamFrame(id, RST.protocolError));
        return;
      }
      const stream = new SpdyStream(this, id, headers);
      this.streams.set(id, stream);
      if (flags & FLAG_FIN) stream.push(null);
      this.emit('stream', stream);
    } else if (type === TYPE.synReply) {
      this.waitingReply.get(id)?.resolve();
      this.waitingReply.delete(id);
      if (flags & FLAG_FIN) this.streams.get(id)?.push(null);
    } else if (flags & FLAG_FIN) this.streams.get(id)?.push(null);
  }

  private onData(id: number, flags: number, data: Buffer): void {
    const stream = this.streams.get(id);
    if (!stream || stream.readableEnded) return;
    if (data.length && !stream.push(data)) {
      this.full.add(stream);
      this.transport.pause();
    }
    if (flags & FLAG_FIN) stream.push(null);
  }

  private onControl(type: number, payload: Buffer): void {
    if (type === TYPE.rstStream) {
      const stream = this.streams.get(streamIdOf(payload));
      if (stream) {
        stream.wasReset = true;
        stream.destroy();
      }
    } else if (type === TYPE.ping) {
      const id = payload.readUInt32BE(0);
      // A ping of the peer's parity is the peer's to answer; ours we never send.
      if ((id % 2 === 1) === this.opts.server) this.sendFrame(pingFrame(id));
    } else if (type === TYPE.goAway) this.close();
  }
}
