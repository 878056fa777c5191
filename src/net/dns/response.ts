import dnsPacket, { type Answer, type DecodedPacket, type OptAnswer } from 'dns-packet';

const RCODES = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4 } as const;
export type ResponseCode = keyof typeof RCODES;

/** The largest UDP answer without EDNS (RFC 1035), and the EDNS size this server offers. */
const UDP_PLAIN_MAX = 512;
const EDNS_PAYLOAD = 1232;

export interface ResponseBody {
  rcode: ResponseCode;
  answers?: Answer[];
  authorities?: Answer[];
  additionals?: Answer[];
}

function optOf(query: DecodedPacket): OptAnswer | undefined {
  return query.additionals?.find((a): a is OptAnswer => a.type === 'OPT');
}

/**
 * The authoritative reply to a query, as CoreDNS's kubernetes plugin sends it (aa, rd copied,
 * no ra). Over UDP an answer larger than the client takes is sent empty with TC set, so the
 * client asks again over TCP.
 */
export function encodeResponse(query: DecodedPacket, body: ResponseBody, udp: boolean): Buffer {
  const opt = optOf(query);
  const flags =
    dnsPacket.AUTHORITATIVE_ANSWER | (query.flag_rd ? dnsPacket.RECURSION_DESIRED : 0) | RCODES[body.rcode];
  const edns: OptAnswer[] = opt
    ? [
        {
          type: 'OPT',
          name: '.',
          udpPayloadSize: EDNS_PAYLOAD,
          extendedRcode: 0,
          ednsVersion: 0,
          flags: 0,
          flag_do: false,
          options: [],
        },
      ]
    : [];
  const full = dnsPacket.encode({
    type: 'response',
    id: query.id,
    flags,
    questions: query.questions,
    answers: body.answers ?? [],
    authorities: body.authorities ?? [],
    additionals: [...(body.additionals ?? []), ...edns],
  });
  const limit = opt ? Math.max(UDP_PLAIN_MAX, Math.min(opt.udpPayloadSize, EDNS_PAYLOAD)) : UDP_PLAIN_MAX;
  if (!udp || full.length <= limit) return full;
  return dnsPacket.encode({
    type: 'response',
    id: query.id,
    flags: flags | dnsPacket.TRUNCATED_RESPONSE,
    questions: query.questions,
    additionals: edns,
  });
}

/** A reply to a message that cannot be answered (malformed, or not a standard query). */
export function errorResponse(query: DecodedPacket, rcode: ResponseCode): Buffer {
  return dnsPacket.encode({
    type: 'response',
    id: query.id,
    flags: (query.flag_rd ? dnsPacket.RECURSION_DESIRED : 0) | RCODES[rcode],
    questions: query.questions ?? [],
  });
}
