/** Kubernetes' protobuf media type, as clients send it in Content-Type. */
export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';
