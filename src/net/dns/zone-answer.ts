import { isIP } from 'node:net';
import type { Answer, Question, RecordType } from 'dns-packet';
import type { Service } from '../../api/kinds/index.js';
import { type ClusterView, clusterIPs, isHeadless } from './cluster-view.js';
import { inZone, parseZoneQuery, type ZoneQuery } from './query-name.js';

/** The version of the Kubernetes DNS schema served at `dns-version.<zone>`, as CoreDNS's. */
export const DNS_SCHEMA_VERSION = '1.1.0';
/** How many CNAMEs an answer follows, as CoreDNS. */
const MAX_CNAME_CHAIN = 8;

export type Rcode = 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL';

export interface ZoneAnswer {
  rcode: Rcode;
  answers: Answer[];
  authorities: Answer[];
  additionals: Answer[];
}

/** Looks a name up outside the cluster (the upstream resolvers): the answer section. */
export type UpstreamLookup = (name: string, type: RecordType) => Promise<Answer[]>;

/** One thing a name stands for: an address, and the port and name an SRV record gives it. */
interface Target {
  ip: string;
  fqdn: string;
  port?: number;
}

type Found = { nx: true } | { nx?: false; cname: string } | { nx?: false; targets: Target[] };

const portMatches = (q: ZoneQuery, name: string, protocol: string) =>
  (!q.port || q.port === name.toLowerCase()) && (!q.protocol || q.protocol === protocol.toLowerCase());

/**
 * Answers names of the cluster domain from the cluster's objects, as CoreDNS's kubernetes
 * plugin (`pods insecure`, fallthrough for reverse names it does not hold): A/AAAA, SRV, CNAME
 * for ExternalName, PTR, the SOA and NS of the zone, and NXDOMAIN with the SOA for the rest.
 */
export class ZoneAnswerer {
  constructor(
    private readonly view: ClusterView,
    readonly zone: string,
    private readonly ttl: number,
    private readonly upstream: UpstreamLookup,
  ) {}

  soa(): Answer {
    return {
      name: this.zone,
      type: 'SOA',
      ttl: this.ttl,
      data: {
        mname: `ns.dns.${this.zone}`,
        rname: `hostmaster.${this.zone}`,
        serial: this.view.serial,
        refresh: 7200,
        retry: 1800,
        expire: 86400,
        minimum: this.ttl,
      },
    };
  }

  /** The answer to a question whose name lies in the zone. */
  async answer(question: Question, depth = 0): Promise<ZoneAnswer> {
    if (!this.view.synced()) return this.reply('SERVFAIL', []);
    const name = question.name.toLowerCase().replace(/\.$/, '');
    const relative = inZone(name, this.zone) ?? '';
    if (relative === '') return this.apex(question);
    if (relative === 'dns-version') {
      return this.reply(
        'NOERROR',
        question.type === 'TXT' ? [this.rr(question, 'TXT', [DNS_SCHEMA_VERSION])] : [],
      );
    }
    const q = parseZoneQuery(relative);
    if (q.invalid) return this.reply('NXDOMAIN', []);
    if (!q.namespace) return this.reply('NOERROR', []);
    if (!this.view.namespaceExists(q.namespace)) return this.reply('NXDOMAIN', []);
    if (!q.service) return this.reply('NOERROR', []);
    const found = q.kind === 'pod' ? this.pod(q) : this.service(q);
    if (found.nx) return this.reply('NXDOMAIN', []);
    if ('cname' in found) return this.externalName(question, found.cname, depth);
    return this.records(question, found.targets);
  }

  /** PTR answers for an address the cluster holds; undefined when it holds none (forwarded). */
  reverse(question: Question, ip: string): ZoneAnswer | undefined {
    if (!this.view.synced()) return undefined;
    const names = this.view.reverse(ip, this.zone);
    if (!names.length) return undefined;
    return this.reply(
      'NOERROR',
      names.map((n) => this.rr(question, 'PTR', n)),
    );
  }

  private apex(question: Question): ZoneAnswer {
    if (question.type === 'SOA') return this.reply('NOERROR', [{ ...this.soa(), name: question.name }]);
    if (question.type === 'NS')
      return this.reply('NOERROR', [this.rr(question, 'NS', `ns.dns.${this.zone}`)]);
    return this.reply('NOERROR', []);
  }

  private pod(q: ZoneQuery): Found {
    const label = q.service!;
    const ip =
      label.split('-').length === 4 && !label.includes('--')
        ? label.replaceAll('-', '.')
        : label.replaceAll('-', ':');
    return isIP(ip) ? { targets: [{ ip, fqdn: `${label}.${q.namespace}.pod.${this.zone}` }] } : { nx: true };
  }

  private service(q: ZoneQuery): Found {
    const svc = this.view.service(q.namespace!, q.service!);
    if (!svc) return { nx: true };
    if (svc.spec?.type === 'ExternalName') {
      const target = (svc.spec.externalName ?? '').toLowerCase().replace(/\.$/, '');
      if (q.endpoint || !target) return { nx: true };
      // An address for a name is an A/AAAA record, not a CNAME (CoreDNS does the same).
      return isIP(target)
        ? { targets: [{ ip: target, fqdn: `${q.service}.${q.namespace}.svc.${this.zone}` }] }
        : { cname: target };
    }
    const targets =
      q.endpoint || isHeadless(svc) ? this.endpointTargets(svc, q) : this.clusterIPTargets(svc, q);
    return targets.length ? { targets } : { nx: true };
  }

  private clusterIPTargets(svc: Service, q: ZoneQuery): Target[] {
    const fqdn = `${svc.metadata.name}.${svc.metadata.namespace}.svc.${this.zone}`;
    const ips = clusterIPs(svc);
    const ports = (svc.spec?.ports ?? []).filter((p) => portMatches(q, p.name ?? '', p.protocol ?? 'TCP'));
    if (!q.port && !q.protocol && !ports.length) return ips.map((ip) => ({ ip, fqdn }));
    return ports.flatMap((p) => ips.map((ip) => ({ ip, fqdn, port: p.port })));
  }

  private endpointTargets(svc: Service, q: ZoneQuery): Target[] {
    const base = `${svc.metadata.name}.${svc.metadata.namespace}.svc.${this.zone}`;
    return this.view
      .endpoints(svc)
      .filter((e) => !q.endpoint || e.hostname.toLowerCase() === q.endpoint)
      .flatMap((e) => {
        const fqdn = `${e.hostname}.${base}`;
        const ports = e.ports.filter((p) => portMatches(q, p.name, p.protocol));
        if (!q.port && !q.protocol && !ports.length) return [{ ip: e.ip, fqdn }];
        return ports.map((p) => ({ ip: e.ip, fqdn, port: p.port }));
      });
  }

  private records(question: Question, targets: Target[]): ZoneAnswer {
    const family = question.type === 'A' ? 4 : question.type === 'AAAA' ? 6 : 0;
    if (family) {
      const ips = [...new Set(targets.map((t) => t.ip).filter((ip) => isIP(ip) === family))];
      return this.reply(
        'NOERROR',
        ips.map((ip) => this.rr(question, question.type, ip)),
      );
    }
    if (question.type !== 'SRV') return this.reply('NOERROR', []);
    const srv = new Map<string, Target>();
    for (const t of targets) if (t.port !== undefined) srv.set(`${t.port}/${t.fqdn}`, t);
    const weight = srv.size ? Math.floor(100 / srv.size) : 0;
    const answers = [...srv.values()].map((t) =>
      this.rr(question, 'SRV', { priority: 0, weight, port: t.port!, target: t.fqdn }),
    );
    const glue = new Map<string, Answer>();
    for (const t of srv.values()) {
      const type = isIP(t.ip) === 6 ? 'AAAA' : 'A';
      glue.set(`${t.fqdn}/${t.ip}`, { name: t.fqdn, type, ttl: this.ttl, data: t.ip });
    }
    return { ...this.reply('NOERROR', answers), additionals: [...glue.values()] };
  }

  /** An ExternalName is a CNAME; the target's records follow it, from the zone or upstream. */
  private async externalName(question: Question, target: string, depth: number): Promise<ZoneAnswer> {
    const cname = this.rr(question, 'CNAME', target);
    if (question.type === 'CNAME' || depth >= MAX_CNAME_CHAIN || target === question.name.toLowerCase()) {
      return this.reply('NOERROR', [cname]);
    }
    let rest: Answer[] = [];
    if (inZone(target, this.zone) !== undefined) {
      rest = (await this.answer({ ...question, name: target }, depth + 1)).answers;
    } else {
      rest = await this.upstream(target, question.type).catch(() => []);
    }
    return this.reply('NOERROR', [cname, ...rest]);
  }

  private rr(question: Question, type: RecordType, data: unknown): Answer {
    return { name: question.name, type, ttl: this.ttl, data } as Answer;
  }

  /** NXDOMAIN and empty answers carry the zone's SOA in the authority section. */
  private reply(rcode: Rcode, answers: Answer[]): ZoneAnswer {
    const negative = rcode === 'NXDOMAIN' || (rcode === 'NOERROR' && !answers.length);
    return { rcode, answers, authorities: negative ? [this.soa()] : [], additionals: [] };
  }
}
