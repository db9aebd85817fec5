// Table responses for the get, list and watch handlers.
import type { KObj } from '../../api/resource-info.js';
import type { RequestContext } from '../handlers/context.js';
import type { ListPage } from '../registry/list.js';
import type { ResourceStore } from '../registry/store.js';
import { buildTable, objectTable, printerOfStore } from './build.js';
import { tableRequestOf, type TableRequest } from './negotiate.js';

export const tableRequestOfCtx = (ctx: RequestContext): TableRequest | undefined => tableRequestOf(ctx.req.headers.accept, ctx.query);

/** The object of a get as the client asked for it: itself, or a Table of it. */
export function getResult(ctx: RequestContext, store: ResourceStore, obj: KObj): unknown {
  const req = tableRequestOfCtx(ctx);
  return req ? objectTable(printerOfStore(store), obj, req, { now: Date.now() }) : obj;
}

/** A list page as a Table. */
export function listTable(store: ResourceStore, page: ListPage, req: TableRequest): unknown {
  const objects = page.objects ?? page.items.map((chunks) => JSON.parse(Buffer.concat(chunks).toString('utf8')) as KObj);
  return buildTable(printerOfStore(store), objects, req, { resourceVersion: page.resourceVersion, continue: page.continueToken, remainingItemCount: page.remainingItemCount }, { now: Date.now() });
}

/** Encodes each watch event's object as a one-row Table; only the first carries the columns. */
export function watchTableEncoder(store: ResourceStore, req: TableRequest): (json: Buffer, obj: KObj | undefined) => Buffer {
  const printer = printerOfStore(store);
  let first = true;
  return (json, obj) => {
    const o = obj ?? (JSON.parse(json.toString('utf8')) as KObj);
    const table = objectTable(printer, o, req, { now: Date.now(), noHeaders: !first });
    first = false;
    return Buffer.from(JSON.stringify(table));
  };
}
