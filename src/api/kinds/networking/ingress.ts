import {
  dns1035Label,
  dns1123Subdomain,
  fieldErrors as fe,
  PORT_RANGE_MESSAGE,
  portName,
  portRange,
} from '../../schema/field-errors.js';
import { arr, isObj, type Obj, specOf } from '../../schema/json-values.js';
import { ingressPrinter } from '../../table/networking.js';
import type { StatusCause } from '../../types.js';
import { builtinVersion } from '../builtin-version.js';
import type { KindDef } from '../kind-def.js';
import * as resources from '../resources.js';
import { STATUS } from '../subresources.js';

function validateIngress(o: Obj): StatusCause[] {
  const s = specOf(o);
  const causes: StatusCause[] = [];
  const rules = arr(s.rules);
  if (!rules.length && !isObj(s.defaultBackend))
    causes.push(fe.invalid('spec', '', 'either `defaultBackend` or `rules` must be specified'));
  const backend = (b: unknown, path: string) => {
    if (!isObj(b)) return causes.push(fe.required(path));
    if (isObj(b.service) && isObj(b.resource))
      return causes.push(fe.invalid(path, '', 'cannot set both resource and service backends'));
    if (!isObj(b.service) && !isObj(b.resource))
      return causes.push(fe.invalid(path, '', 'resource or service backend is required'));
    if (!isObj(b.service)) return;
    const svc = b.service;
    if (!svc.name) causes.push(fe.required(`${path}.service.name`));
    else
      for (const msg of dns1035Label(String(svc.name)))
        causes.push(fe.invalid(`${path}.service.name`, svc.name, msg));
    const port = isObj(svc.port) ? svc.port : {};
    if (port.name && port.number !== undefined)
      causes.push(fe.invalid(`${path}.service.port`, port, 'cannot set both port name & port number'));
    else if (port.name)
      for (const msg of portName(String(port.name)))
        causes.push(fe.invalid(`${path}.service.port.name`, port.name, msg));
    else if (port.number !== undefined) {
      if (!portRange(port.number))
        causes.push(fe.invalid(`${path}.service.port.number`, port.number, PORT_RANGE_MESSAGE));
    } else causes.push(fe.required(`${path}.service.port`, 'port name or number is required'));
  };
  if (isObj(s.defaultBackend)) backend(s.defaultBackend, 'spec.defaultBackend');
  rules.forEach((r, i) => {
    const rp = `spec.rules[${i}]`;
    if (r.host) {
      const host = String(r.host);
      const bare = host.startsWith('*.') ? host.slice(2) : host;
      for (const msg of dns1123Subdomain(bare)) causes.push(fe.invalid(`${rp}.host`, host, msg));
    }
    if (!isObj(r.http)) return;
    const paths = arr(r.http.paths);
    if (!paths.length) causes.push(fe.required(`${rp}.http.paths`));
    paths.forEach((p, j) => {
      const pp = `${rp}.http.paths[${j}]`;
      if (!p.pathType) causes.push(fe.required(`${pp}.pathType`, 'pathType must be specified'));
      if ((p.pathType === 'Exact' || p.pathType === 'Prefix') && !String(p.path ?? '').startsWith('/')) {
        causes.push(fe.invalid(`${pp}.path`, p.path ?? '', 'must be an absolute path'));
      }
      backend(p.backend, `${pp}.backend`);
    });
  });
  arr(s.tls).forEach((t, i) => {
    if (t.secretName)
      for (const msg of dns1123Subdomain(String(t.secretName)))
        causes.push(fe.invalid(`spec.tls[${i}].secretName`, t.secretName, msg));
  });
  if (s.ingressClassName)
    for (const msg of dns1123Subdomain(String(s.ingressClassName)))
      causes.push(fe.invalid('spec.ingressClassName', s.ingressClassName, msg));
  return causes;
}

export const INGRESSES: KindDef = {
  ...resources.INGRESSES,
  versions: [
    builtinVersion('networking.k8s.io', 'v1', 'Ingress', { protobuf: 'k8s.io.api.networking.v1.Ingress' }),
  ],
  subresources: [STATUS],
  printer: ingressPrinter,
  validate: validateIngress,
  strategy: { resetStatusOnCreate: true },
};
