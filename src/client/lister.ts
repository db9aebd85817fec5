// Read access to an informer's cache by name, namespace and label selector.
import type { LabelSelectorMatcher } from '../api/meta/labels.js';
import { NAMESPACE_INDEX, type Indexer } from './indexer.js';
import type { KubeObject } from './types.js';

export class Lister<T extends KubeObject> {
  constructor(private readonly indexer: Indexer<T>) {}

  /** The cached object (namespace: for namespaced resources). Shared: clone before mutating. */
  get(name: string, namespace?: string): Readonly<T> | undefined {
    return this.indexer.get(namespace ? `${namespace}/${name}` : name);
  }

  /** Every cached object, optionally those whose labels match selector. */
  list(selector?: LabelSelectorMatcher): Readonly<T>[] {
    const all = this.indexer.list();
    return selector && !selector.empty() ? all.filter((o) => selector.matches(o.metadata?.labels)) : all;
  }

  /** The cached objects of one namespace. */
  listNamespace(namespace: string, selector?: LabelSelectorMatcher): Readonly<T>[] {
    const objs = this.indexer.hasIndex(NAMESPACE_INDEX)
      ? this.indexer.byIndex(NAMESPACE_INDEX, namespace)
      : this.indexer.list().filter((o) => (o.metadata?.namespace ?? '') === namespace);
    return selector && !selector.empty() ? objs.filter((o) => selector.matches(o.metadata?.labels)) : objs;
  }
}
