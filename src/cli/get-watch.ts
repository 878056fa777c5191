import type { KubeObject, WatchEvent } from '../api/types.js';
import { Client } from '../client/client.js';
import { followWatch } from '../client/reflector.js';
import { columnWidths, formatColumns, tabWidths } from './columns.js';
import type { GetOutput, Query } from './get.js';
import { goJson } from './go-json.js';
import { type Io, writeText } from './io.js';
import { customColumns } from './jsonpath.js';
import { objectName } from './names.js';
import { formatObjects, formatValue, withTypeMeta } from './output.js';
import type { ResourceRequest } from './resource-args.js';
import { asTable, type Table, type TableOptions, tableAccept, tableLines } from './table.js';
import { isTextTemplate, templateText } from './template-text.js';
import { eventWidths, withEventColumn } from './watch-style.js';

/** How `get -w` follows changes after its first listing: a table's rows, or objects one by one. */

function watchQuery(req: ResourceRequest, q: Query): Query {
  if (req.names.length !== 1) return q;
  const byName = `metadata.name=${req.names[0]}`;
  return { ...q, fieldSelector: q.fieldSelector ? `${q.fieldSelector},${byName}` : byName };
}

/** Follows a watch, starting again from the last revision seen when the server ends the stream. */
export async function watchTable(
  client: Client,
  req: ResourceRequest,
  q: Query,
  initial: Table,
  widths: number[] | undefined,
  options: TableOptions & {
    eventColumn: boolean;
    noHeaders?: boolean;
    paint: (type: string, line: string) => string;
  },
  io: Io,
): Promise<void> {
  let columns = initial.columnDefinitions;
  let headerShown = widths !== undefined || !!options.noHeaders;
  let w = widths ?? eventWidths(options.eventColumn);
  const path = Client.path(req.def, q.namespace);
  const wq = watchQuery(req, q);
  await followWatch<Table>(
    (rv, onEvent) =>
      client.stream(
        path,
        {
          accept: tableAccept,
          query: {
            watch: true,
            resourceVersion: rv,
            labelSelector: wq.labelSelector,
            fieldSelector: wq.fieldSelector,
          },
        },
        (line) => onEvent(JSON.parse(line) as WatchEvent<Table>),
      ),
    initial.metadata?.resourceVersion,
    (ev) => {
      const t = asTable(ev.object);
      if (t.columnDefinitions.length > 0 && (columns.length === 0 || ev.object.kind === 'Table'))
        columns = t.columnDefinitions;
      const { header, rows } = tableLines({ ...t, columnDefinitions: columns }, options);
      const changed = rows.map((r) => withEventColumn(r, ev.type, options.eventColumn));
      const lines = headerShown
        ? changed
        : [withEventColumn(header, 'EVENT', options.eventColumn), ...changed];
      w = tabWidths(columnWidths(lines, w));
      formatColumns(lines, w, false).forEach((l, i) => {
        io.out(headerShown || i > 0 ? options.paint(ev.type, l) : l);
      });
      headerShown = true;
    },
    {
      revisionOf: (ev) =>
        ev.type === 'BOOKMARK'
          ? (ev.object as KubeObject).metadata?.resourceVersion
          : asTable(ev.object as Table).rows[0]?.object?.metadata?.resourceVersion,
    },
  );
}

export async function watchObjects(
  client: Client,
  req: ResourceRequest,
  q: Query,
  resourceVersion: string | undefined,
  watched: ReturnType<typeof watchedObjects>,
): Promise<void> {
  const wq = watchQuery(req, q);
  await followWatch<KubeObject>(
    (rv, onEvent) => client.watch(req.def, { ...wq, resourceVersion: rv }, onEvent),
    resourceVersion,
    (ev) => watched(req.def, withTypeMeta(req.def, ev.object), ev.type),
  );
}

/**
 * Objects as `get -w -o ...` prints them one by one: YAML documents after the first led by `---`,
 * a JSONPath template's text as it is, a custom-columns row on its own.
 */
export function watchedObjects(
  output: Exclude<GetOutput, 'wide'>,
  template: string,
  io: Io,
  watchEvents = false,
): (def: ResourceRequest['def'], obj: KubeObject, type?: string) => void {
  let printed = 0;
  return (def, obj, type) => {
    if (watchEvents && (output === 'json' || output === 'yaml')) {
      // kubectl prints each as a WatchEvent, the object whole (managedFields too), as the server
      // sent it; JSON on one line, type first.
      if (output === 'json') io.out(`{"type":${goJson(type ?? 'ADDED')},"object":${goJson(obj)}}`);
      else {
        const text = formatValue({ object: obj, type: type ?? 'ADDED' }, 'yaml');
        io.out(printed++ > 0 ? `---\n${text}` : text);
      }
    } else if (output === 'name') io.out(objectName(def, obj.metadata.name ?? ''));
    else if (isTextTemplate(output)) writeText(io, templateText(output, template, obj));
    else if (output === 'custom-columns') {
      const row = customColumns(template, [obj]).slice(1);
      io.out(formatColumns(row, tabWidths(columnWidths(row)), false).join('\n'));
    } else {
      const text = formatObjects([obj], output, true);
      io.out(output === 'yaml' && printed++ > 0 ? `---\n${text}` : text);
    }
  };
}
