// Minimal Reflect metadata polyfill for @peculiar/x509.
//
// @peculiar/x509 depends on tsyringe, which refuses to load unless `Reflect.getMetadata` exists
// (normally provided by the `reflect-metadata` package). tsyringe only uses getMetadata,
// getOwnMetadata and defineMetadata (to read constructor parameter types and injection tokens
// while classes are decorated), so a small WeakMap-backed implementation is enough.
//
// This is the one global side effect of the PKI code, and it is conservative: it only installs
// functions that are missing, so a real `reflect-metadata` loaded earlier wins, and one loaded
// later simply replaces these. Import this module before `@peculiar/x509`.

type MetadataStore = WeakMap<object, Map<string | symbol, Map<unknown, unknown>>>;

interface ReflectMetadataApi {
  getMetadata?(key: unknown, target: object, property?: string | symbol): unknown;
  getOwnMetadata?(key: unknown, target: object, property?: string | symbol): unknown;
  hasMetadata?(key: unknown, target: object, property?: string | symbol): boolean;
  hasOwnMetadata?(key: unknown, target: object, property?: string | symbol): boolean;
  defineMetadata?(key: unknown, value: unknown, target: object, property?: string | symbol): void;
}

const R = Reflect as unknown as ReflectMetadataApi;

if (typeof R.getMetadata !== 'function') {
  const store: MetadataStore = new WeakMap();
  const NO_PROP = Symbol('k8ts.reflect.noProperty');
  const ownMap = (target: object, property: string | symbol | undefined, create: boolean) => {
    let byProp = store.get(target);
    if (!byProp) {
      if (!create) return undefined;
      byProp = new Map();
      store.set(target, byProp);
    }
    const p = property ?? NO_PROP;
    let m = byProp.get(p);
    if (!m && create) {
      m = new Map();
      byProp.set(p, m);
    }
    return m;
  };
  const define = (name: keyof ReflectMetadataApi, fn: (...args: never[]) => unknown) => {
    if (typeof R[name] !== 'function') Object.defineProperty(Reflect, name, { value: fn, configurable: true, writable: true });
  };
  define('defineMetadata', (key: unknown, value: unknown, target: object, property?: string | symbol) => {
    ownMap(target, property, true)!.set(key, value);
  });
  define('hasOwnMetadata', (key: unknown, target: object, property?: string | symbol) =>
    ownMap(target, property, false)?.has(key) ?? false,
  );
  define('getOwnMetadata', (key: unknown, target: object, property?: string | symbol) =>
    ownMap(target, property, false)?.get(key),
  );
  define('hasMetadata', (key: unknown, target: object, property?: string | symbol) => {
    for (let t: object | null = target; t; t = Object.getPrototypeOf(t) as object | null) {
      if (ownMap(t, property, false)?.has(key)) return true;
    }
    return false;
  });
  define('getMetadata', (key: unknown, target: object, property?: string | symbol) => {
    for (let t: object | null = target; t; t = Object.getPrototypeOf(t) as object | null) {
      const m = ownMap(t, property, false);
      if (m?.has(key)) return m.get(key);
    }
    return undefined;
  });
}

export {};
