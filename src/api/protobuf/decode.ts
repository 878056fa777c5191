import type protobuf from 'protobufjs';
import { errors } from '../errors.js';
import { PROTOBUF_MEDIA_TYPE } from './media-type.js';
import { typeOf, unknownType } from './registry.js';
import { messageToJson } from './to-json.js';

/** The four bytes that open every Kubernetes protobuf body: "k8s" and a zero. */
const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

type Decoded = protobuf.Message & Record<string, unknown>;

function decodeMessage(type: protobuf.Type, bytes: Uint8Array): Decoded {
  try {
    return type.decode(bytes) as Decoded;
  } catch (err) {
    throw errors.badRequest(`error decoding protobuf: ${(err as Error).message}`);
  }
}

/**
 * Decodes a body sent as application/vnd.kubernetes.protobuf (the "k8s\0" magic, then a
 * runtime.Unknown holding the apiVersion, kind and the object's own protobuf bytes) into the
 * JSON object the API works with, as the client would have sent it as JSON.
 */
export function decodeProtobufObject(buf: Buffer): unknown {
  if (buf.length < MAGIC.length || !buf.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw errors.badRequest(
      'error decoding protobuf: the body does not start with the Kubernetes protobuf prefix',
    );
  }
  const envelope = decodeMessage(unknownType(), buf.subarray(MAGIC.length));
  const typeMeta = (envelope.typeMeta ?? {}) as { apiVersion?: string; kind?: string };
  const apiVersion = typeMeta.apiVersion ?? '';
  const kind = typeMeta.kind ?? '';
  if (!kind || !apiVersion)
    throw errors.badRequest('error decoding protobuf: the object has no apiVersion or kind');
  if (envelope.contentEncoding) {
    throw errors.badRequest(
      `error decoding protobuf: unsupported content encoding ${String(envelope.contentEncoding)}`,
    );
  }
  const type = typeOf(apiVersion, kind);
  if (!type) throw errors.unsupportedMediaType(`${PROTOBUF_MEDIA_TYPE} for ${kind} ${apiVersion}`);
  const object = decodeMessage(type, (envelope.raw as Uint8Array | undefined) ?? new Uint8Array());
  return { kind, apiVersion, ...messageToJson(type, object) };
}
