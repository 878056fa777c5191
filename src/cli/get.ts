import { ApiError } from '../api/errors.js';
import type { KubeList, KubeObject } from '../api/types.js';
import { Client } from '../client/client.js';
import { columnWidths, formatColumns, tabWidths } from './columns.js';
import { errorLine } from './error-line.js';
import { watchedObjects, watchObjects, watchTable } from './get-watch.js';
import { type Io, writeText } from './io.js';
import { customColumns, SortFieldMissing, sortByPath } from './jsonpath.js';
import type { ResourceTypes } from './kinds.js';
import { objectName, typeName } from './names.js';
import { formatObjects, listOf, withTypeMeta } from './output.js';
import type { GetOutput } from './output-format.js';
import { parseResourceArgs, type ResourceRequest } from './resource-args.js';
import { asTable, type Table, type TableOptions, tableAccept, tableLines } from './table.js';
import { isTextTemplate, templateText } from './template-text.js';
import { eventWidths, watchLinePainter, withEventColumn } from './watch-style.js';

export type { GetOutput } from './output-format.js';

export interface GetOptions {
  args: string[];
  /** What to get, when not from `args`: the objects `-f` names. */
  requests?: ResourceRequest[];
  namespace: string;
  allNamespaces?: boolean;
  labelSelector?: string;
  fieldSelector?: string;
  output?: GetOutput;
  /** The template of -o jsonpath= or -o custom-columns=. */
  template?: string;
  /** --sort-by: a JSONPath into each object. */
  sortBy?: string;
  watch?: boolean;
  /** --watch-only: the changes only, not what there is first. */
  watchOnly?: boolean;
  /** -w: colour each change by its event (added, modified, deleted). */
  color?: boolean;
  /** --output-watch-events: an EVENT column first in a watched table. */
  watchEvents?: boolean;
  showLabels?: boolean;
  /** -L KEY,...: a column per label key. */
  labelColumns?: string[];
  noHeaders?: boolean;
  /** A named object missing is no error. */
  ignoreNotFound?: boolean;
  /** --show-kind: names led by their type, as with several types. */
  showKind?: boolean;
  /** --show-managed-fields: -o json/yaml keep metadata.managedFields. */
  showManagedFields?: boolean;
  /** --chunk-size: the objects a list asks for at a time; 0 asks for all at once. */
  chunkSize?: number;
}

interface Fetched<T> {
  req: ResourceRequest;
  items: T[];
  resourceVersion?: string;
}

/** `get` as kubectl does it; resolves to the exit code (1 when something asked for was missing). */
export async function get(client: Client, types: ResourceTypes, opts: GetOptions, io: Io): Promise<number> {
  const requests = opts.requests ?? parseResourceArgs(opts.args, types);
  if (opts.watch && requests.length > 1)
    throw new Error('you may only specify a single resource type with --watch');
  const namespace = opts.allNamespaces ? undefined : opts.namespace;
  // What was not found is said after what was, as kubectl does.
  const missing: string[] = [];
  const onMissing = async (err: unknown, req: ResourceRequest) => {
    if (!opts.ignoreNotFound) missing.push(errorLine(await namespaceMissing(client, req, namespace, err)));
  };
  const sayMissing = () => {
    for (const line of missing) io.err(line);
    return missing.length > 0;
  };
  const query = (req: ResourceRequest): Query => ({
    namespace: req.def.namespaced ? namespace : undefined,
    labelSelector: opts.labelSelector,
    fieldSelector: opts.fieldSelector,
    limit: (opts.chunkSize ?? 500) > 0 ? (opts.chunkSize ?? 500) : undefined,
  });

  if (opts.output && opts.output !== 'wide') {
    const watched = watchedObjects(opts.output, opts.template ?? '', io, opts.watchEvents);
    const fetched: Fetched<KubeObject>[] = [];
    for (const req of requests) fetched.push(await fetchObjects(client, req, query(req), onMissing));
    let entries = fetched.flatMap((f) =>
      opts.watchOnly ? [] : f.items.map((o) => ({ def: f.req.def, obj: withTypeMeta(f.req.def, o) })),
    );
    if (opts.sortBy) entries = sortByPath(entries, opts.sortBy, (e) => e.obj);
    const all = entries.map((e) => e.obj);
    const single = requests.length === 1 && requests[0].names.length === 1;
    if (opts.watch && opts.output !== 'custom-columns') for (const e of entries) watched(e.def, e.obj);
    else if (isTextTemplate(opts.output)) {
      const data = single && all.length === 1 ? all[0] : listOf(all);
      writeText(io, templateText(opts.output, opts.template ?? '', data));
    } else if (opts.output === 'custom-columns') {
      const [header, ...rows] = customColumns(opts.template ?? '', all);
      const lines = opts.noHeaders ? rows : [header, ...rows];
      if (all.length) io.out(formatColumns(lines, tabWidths(columnWidths(lines)), false).join('\n'));
    } else if (opts.output === 'name')
      for (const e of entries) io.out(objectName(e.def, e.obj.metadata.name ?? ''));
    else if (all.length > 0 || !requests.some((r) => r.names.length > 0))
      io.out(formatObjects(all, opts.output, single, opts.showManagedFields));
    const failed = sayMissing();
    if (opts.watch && !failed)
      await watchObjects(client, requests[0], query(requests[0]), fetched[0].resourceVersion, watched);
    return failed ? 1 : 0;
  }

  const several = requests.length > 1;
  const blocks: { req: ResourceRequest; table: Table; options: TableOptions }[] = [];
  for (const req of requests) {
    const f = await fetchTable(client, req, query(req), onMissing, !!opts.sortBy);
    if (opts.sortBy) f.rows = sortRows(f.rows, opts.sortBy, requests.length === 1);
    blocks.push({
      req,
      table: f,
      options: {
        wide: opts.output === 'wide',
        withNamespace: !!opts.allNamespaces && req.def.namespaced,
        showLabels: opts.showLabels,
        labelColumns: opts.labelColumns,
        namePrefix: several || opts.showKind ? `${typeName(req.def)}/` : undefined,
      },
    });
  }
  const eventColumn = !!(opts.watch && opts.watchEvents);
  const linesOf = (b: (typeof blocks)[number]) => {
    const { header, rows } = tableLines(b.table, b.options);
    const lines = rows.map((r) => withEventColumn(r, 'ADDED', eventColumn));
    return opts.noHeaders ? lines : [withEventColumn(header, 'EVENT', eventColumn), ...lines];
  };
  const widthsOf = (b: (typeof blocks)[number]) =>
    tabWidths(columnWidths(linesOf(b), eventWidths(eventColumn)));
  const printed = opts.watchOnly ? [] : blocks.filter((b) => b.table.rows.length > 0);
  printed.forEach((b, i) => {
    // Without headers kubectl leaves no blank line between kinds either.
    if (i > 0 && !opts.noHeaders) io.out('');
    io.out(formatColumns(linesOf(b), widthsOf(b), false).join('\n'));
  });
  const failed = sayMissing();
  const askedNames = requests.some((r) => r.names.length > 0);
  if (printed.length === 0 && !askedNames && !opts.watch && !opts.ignoreNotFound) {
    const namespaced = requests.every((r) => r.def.namespaced);
    io.err(namespace && namespaced ? `No resources found in ${namespace} namespace.` : 'No resources found');
  }
  if (opts.watch && !failed) {
    const b = blocks[0];
    await watchTable(
      client,
      b.req,
      query(b.req),
      b.table,
      printed.length > 0 ? widthsOf(b) : undefined,
      { ...b.options, eventColumn, noHeaders: opts.noHeaders, paint: await watchLinePainter(!!opts.color) },
      io,
    );
  }
  return failed ? 1 : 0;
}

export type Query = { namespace?: string; labelSelector?: string; fieldSelector?: string; limit?: number };

/**
 * --sort-by over a table's rows. Of one type, kubectl prints nothing when no row has the field
 * (and says no resources were found); of several, it is an error.
 */
function sortRows(rows: Table['rows'], path: string, oneType: boolean): Table['rows'] {
  try {
    return sortByPath(rows, path, (r) => r.object);
  } catch (err) {
    if (oneType && err instanceof SortFieldMissing) return [];
    throw err;
  }
}

/**
 * A named object not found in a namespace that does not exist is, as kubectl says it, the
 * namespace not found.
 */
async function namespaceMissing(
  client: Client,
  req: ResourceRequest,
  namespace: string | undefined,
  err: unknown,
): Promise<unknown> {
  if (!req.def.namespaced || !namespace) return err;
  try {
    await client.request('GET', `/api/v1/namespaces/${encodeURIComponent(namespace)}`);
    return err;
  } catch (nsErr) {
    return nsErr instanceof ApiError && nsErr.code === 404 ? nsErr : err;
  }
}

async function fetchTable(
  client: Client,
  req: ResourceRequest,
  q: Query,
  onMissing: (e: unknown, req: ResourceRequest) => Promise<void>,
  wholeObjects = false,
): Promise<Table> {
  const path = (name?: string) => Client.path(req.def, q.namespace, name);
  // --sort-by reads any field of the objects, not only their metadata.
  const includeObject = wholeObjects ? 'Object' : undefined;
  if (req.names.length > 0) {
    let merged: Table | undefined;
    for (const name of req.names) {
      try {
        const t = asTable(
          await client.request('GET', path(name), { accept: tableAccept, query: { includeObject } }),
        );
        if (!merged) merged = t;
        else merged.rows.push(...t.rows);
      } catch (err) {
        if (!(err instanceof ApiError && err.code === 404)) throw err;
        await onMissing(err, req);
      }
    }
    // A watch of one object starts after the revision read, as kubectl's does.
    const only = req.names.length === 1 ? merged?.rows[0]?.object?.metadata?.resourceVersion : undefined;
    if (merged && only) merged.metadata = { ...merged.metadata, resourceVersion: only };
    return merged ?? { kind: 'Table', columnDefinitions: [], rows: [] };
  }
  let table: Table | undefined;
  let cont: string | undefined;
  do {
    const page = asTable(
      await client.request('GET', path(), {
        accept: tableAccept,
        query: {
          labelSelector: q.labelSelector,
          fieldSelector: q.fieldSelector,
          limit: q.limit,
          continue: cont,
          includeObject,
        },
      }),
    );
    if (!table) table = page;
    else table.rows.push(...page.rows);
    cont = page.metadata?.continue || undefined;
  } while (cont);
  return table;
}

async function fetchObjects(
  client: Client,
  req: ResourceRequest,
  q: Query,
  onMissing: (e: unknown, req: ResourceRequest) => Promise<void>,
): Promise<Fetched<KubeObject>> {
  if (req.names.length > 0) {
    const items: KubeObject[] = [];
    for (const name of req.names) {
      try {
        items.push(await client.get(req.def, q.namespace, name));
      } catch (err) {
        if (!(err instanceof ApiError && err.code === 404)) throw err;
        await onMissing(err, req);
      }
    }
    // A watch of one object starts after the revision read, as kubectl's does.
    return {
      req,
      items,
      resourceVersion: items.length === 1 ? items[0].metadata.resourceVersion : undefined,
    };
  }
  const items: KubeObject[] = [];
  let cont: string | undefined;
  let resourceVersion: string | undefined;
  do {
    const page: KubeList = await client.list(req.def, { ...q, limit: q.limit, continue: cont });
    items.push(...page.items);
    resourceVersion = page.metadata.resourceVersion;
    cont = page.metadata.continue || undefined;
  } while (cont);
  return { req, items, resourceVersion };
}
