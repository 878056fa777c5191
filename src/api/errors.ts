import type { Status, StatusCause } from './types.js';

/** An error the API answers with: a Kubernetes Status with the HTTP code and reason. */
export class ApiError extends Error {
  constructor(readonly status: Status) {
    super(status.message);
    this.name = 'ApiError';
  }
  get code(): number {
    return this.status.code;
  }
}

interface Target {
  group?: string;
  kind?: string; // the resource (plural) or kind, as Kubernetes puts it in details.kind
  name?: string;
}

function failure(code: number, reason: string, message: string, details?: Status['details']): ApiError {
  return new ApiError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    details,
    code,
  });
}

function qualified(t: Target): string {
  return t.group ? `${t.kind}.${t.group}` : `${t.kind}`;
}

export const errors = {
  badRequest: (message: string) => failure(400, 'BadRequest', message),
  unauthorized: () => failure(401, 'Unauthorized', 'Unauthorized'),
  /** With no kind, a request the authorizer denied for a path (/version, /openapi/v2). */
  forbidden: (t: Target, message: string) =>
    failure(
      403,
      'Forbidden',
      !t.kind
        ? `forbidden: ${message}`
        : t.name
          ? `${qualified(t)} "${t.name}" is forbidden: ${message}`
          : `${qualified(t)} is forbidden: ${message}`,
      { name: t.name, group: t.group, kind: t.kind },
    ),
  notFound: (t: Target) =>
    failure(404, 'NotFound', `${qualified(t)} "${t.name}" not found`, {
      name: t.name,
      group: t.group,
      kind: t.kind,
    }),
  pathNotFound: () => failure(404, 'NotFound', 'the server could not find the requested resource'),
  methodNotAllowed: (message = 'the server does not allow this method on the requested resource') =>
    failure(405, 'MethodNotAllowed', message),
  notAcceptable: (message: string) => failure(406, 'NotAcceptable', message),
  alreadyExists: (t: Target) =>
    failure(409, 'AlreadyExists', `${qualified(t)} "${t.name}" already exists`, {
      name: t.name,
      group: t.group,
      kind: t.kind,
    }),
  conflict: (t: Target, message: string) =>
    failure(409, 'Conflict', `Operation cannot be fulfilled on ${qualified(t)} "${t.name}": ${message}`, {
      name: t.name,
      group: t.group,
      kind: t.kind,
    }),
  /** A server-side apply that would change fields others manage (NewApplyConflict): one cause a field. */
  applyConflict: (message: string, causes: StatusCause[]) => failure(409, 'Conflict', message, { causes }),
  expired: (message: string) => failure(410, 'Expired', message),
  tooLarge: () => failure(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728'),
  unsupportedMediaType: (contentType: string) =>
    failure(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf, application/apply-patch+yaml, application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json (got ${contentType})`,
    ),
  /** kind is the Kind (e.g. "Pod"), as Kubernetes reports Invalid errors. */
  invalid: (group: string, kind: string, name: string, causes: StatusCause[]) =>
    failure(
      422,
      'Invalid',
      `${group ? `${kind}.${group}` : kind} "${name}" is invalid: ${aggregate(causes.map((c) => `${c.field}: ${c.message}`))}`,
      { name, group, kind, causes },
    ),
  tooManyRequests: (message: string, causes?: StatusCause[]) =>
    failure(429, 'TooManyRequests', message, causes ? { causes } : {}),
  serviceUnavailable: (message: string) => failure(503, 'ServiceUnavailable', message),
  internal: (message: string) => failure(500, 'InternalError', `Internal error occurred: ${message}`),
};

/** utilerrors.NewAggregate's text: each message once; several in brackets. */
function aggregate(messages: string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`;
}

export function success(details?: Status['details']): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details, code: 200 };
}
