import { isIP } from 'node:net';
import type { StatusCause } from '../types.js';
import { dns1123Subdomain, fieldErrors as fe } from './field-errors.js';
import { arr, isObj, type Obj } from './json-values.js';

/** glibc's resolver limits, as Kubernetes validates dnsConfig against them. */
const MAX_NAMESERVERS = 3;
const MAX_SEARCH_PATHS = 32;
const MAX_SEARCH_CHARS = 2048;

const strings = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);

/** dnsConfig as Kubernetes validates it (validatePodDNSConfig), given the pod's dnsPolicy. */
export function validatePodDNSConfig(spec: Obj, path: string): StatusCause[] {
  const p = `${path}.dnsConfig`;
  const config = spec.dnsConfig;
  if (spec.dnsPolicy === 'None') {
    if (!isObj(config)) return [fe.required(p, 'must provide `dnsConfig` when `dnsPolicy` is None')];
    if (!strings(config.nameservers).length)
      return [
        fe.required(`${p}.nameservers`, 'must provide at least one DNS nameserver when `dnsPolicy` is None'),
      ];
  }
  if (!isObj(config)) return [];
  const causes: StatusCause[] = [];
  const nameservers = strings(config.nameservers);
  if (nameservers.length > MAX_NAMESERVERS)
    causes.push(
      fe.invalid(`${p}.nameservers`, nameservers, `must not have more than ${MAX_NAMESERVERS} nameservers`),
    );
  nameservers.forEach((ns, i) => {
    if (!isIP(ns))
      causes.push(
        fe.invalid(
          `${p}.nameservers[${i}]`,
          ns,
          'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
        ),
      );
  });
  const searches = strings(config.searches);
  if (searches.length > MAX_SEARCH_PATHS)
    causes.push(
      fe.invalid(`${p}.searches`, searches, `must not have more than ${MAX_SEARCH_PATHS} search paths`),
    );
  if (searches.join(' ').length > MAX_SEARCH_CHARS)
    causes.push(
      fe.invalid(
        `${p}.searches`,
        searches,
        `must not have more than ${MAX_SEARCH_CHARS} characters (including spaces) in the search list`,
      ),
    );
  searches.forEach((s, i) => {
    const name = s.replace(/\.$/, '');
    for (const msg of dns1123Subdomain(name)) causes.push(fe.invalid(`${p}.searches[${i}]`, name, msg));
  });
  arr(config.options).forEach((o, i) => {
    if (!o.name) causes.push(fe.required(`${p}.options[${i}]`, 'must not be empty'));
  });
  return causes;
}
