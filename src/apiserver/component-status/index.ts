// v1 ComponentStatus (kubectl get componentstatuses / cs): get and list only, computed on each
// request from component-health.ts, never stored; deprecated upstream since 1.19, with the
// Warning header upstream sends.
import { newInternalError, newMethodNotAllowed } from '../../api/errors.js';
import type { KindStrategy, KObj, ResourceInfo } from '../../api/resource-info.js';
import type { RequestContext } from '../handlers/context.js';
import { validateListOptions } from '../handlers/list-options.js';
import { reply } from '../handlers/resource.js';
import { buildFilter } from '../registry/filter.js';
import type { ResourceStore } from '../registry/store.js';
import { buildTable, printerOfStore } from '../table/build.js';
import { tableRequestOfCtx } from '../table/respond.js';
import { COMPONENTS, type HealthCondition, type HealthSources } from './component-health.js';

export const COMPONENT_STATUS: ResourceInfo = {
  group: '',
  version: 'v1',
  kind: 'ComponentStatus',
  resource: 'componentstatuses',
  singular: 'componentstatus',
  namespaced: false,
  listKind: 'ComponentStatusList',
  shortNames: ['cs'],
  verbs: ['get', 'list'],
};

export const componentStatusStrategy = (): KindStrategy => ({ info: COMPONENT_STATUS });

const DEPRECATION = 'v1 ComponentStatus is deprecated in v1.19+';

export const isComponentStatuses = (store: ResourceStore): boolean => store.info.group === '' && store.info.resource === COMPONENT_STATUS.resource;

export async function handleComponentStatus(ctx: RequestContext, store: ResourceStore): Promise<void> {
  const { verb, name, subresource } = ctx.info;
  if (subresource || (verb !== 'get' && verb !== 'list')) throw newMethodNotAllowed('the server does not allow this method on the requested resource');
  ctx.warnings.push(DEPRECATION);
  const sources: HealthSources = { registry: ctx.registry, storage: store.deps.storage, now: Date.now() };
  const table = tableRequestOfCtx(ctx);
  const now = { now: sources.now };
  if (verb === 'get') {
    const check = COMPONENTS.get(name);
    if (!check) throw newInternalError(`Component not found: ${name}`);
    const obj = { kind: COMPONENT_STATUS.kind, apiVersion: 'v1', ...componentStatus(name, await check(sources)) };
    return reply(ctx, 200, table ? buildTable(printerOfStore(store), [obj], table, {}, now) : obj);
  }
  validateListOptions(ctx.query, false);
  const filter = buildFilter(store.strategy, ctx.query.get('labelSelector'), ctx.query.get('fieldSelector'));
  const all = await Promise.all([...COMPONENTS].map(async ([n, check]) => componentStatus(n, await check(sources))));
  const items = all.filter((o) => filter.matches(o));
  reply(ctx, 200, table ? buildTable(printerOfStore(store), items, table, {}, now) : { kind: COMPONENT_STATUS.listKind, apiVersion: 'v1', metadata: {}, items });
}

function componentStatus(name: string, c: HealthCondition): KObj {
  return { metadata: { name, creationTimestamp: null }, conditions: [{ type: 'Healthy', ...c }] };
}
