#!/usr/bin/env node
// Dev tool (run by hand, never at runtime or by tests): turns upstream's OpenAPI documents for
// Kubernetes 1.33 into our committed schema and type modules.
//
//   node tools/gen-api-schema.mjs [--swagger FILE] [--v3 DIR | --no-v3] [--check]
//
// Inputs (defaults are relative to the repository root, with shared/ beside it):
//   --swagger  ../shared/reference/openapi/swagger-1.33.json   (OpenAPI v2: the structure)
//   --v3       ../shared/reference/openapi/v3-1.33             (OpenAPI v3: only `default` values
//              are taken from it, since v2 carries none; --no-v3 leaves them out)
// Outputs:
//   src/api/schema/generated/definitions.ts   every definition reachable from the served kinds
//   src/api/schema/generated/kinds.ts         apiVersion -> kind -> definition name
//   src/api/types/<group>-<version>.ts        TypeScript interfaces, one module per group-version
//   src/api/types/index.ts                    namespace re-exports
// --check writes nothing and exits 1 when a committed file differs from what would be written.
//
// Only structure is carried over. Upstream's description texts are dropped on purpose (we write
// our own documentation), as are x-kubernetes-unions.

import { readFileSync, writeFileSync, mkdirSync, readdirSync, existsSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// ---------------------------------------------------------------------------------------------
// Options

const args = process.argv.slice(2);
function opt(name, dflt) {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
}
const SWAGGER = resolve(opt('--swagger', join(ROOT, '../shared/reference/openapi/swagger-1.33.json')));
const V3DIR = args.includes('--no-v3') ? null : resolve(opt('--v3', join(ROOT, '../shared/reference/openapi/v3-1.33')));
const CHECK = args.includes('--check');
const SCHEMA_OUT = join(ROOT, 'src/api/schema/generated');
const TYPES_OUT = join(ROOT, 'src/api/types');

// The group-versions whose kinds we serve ('' is the core group).
const GROUP_VERSIONS = [
  '/v1',
  'apps/v1',
  'batch/v1',
  'autoscaling/v1',
  'autoscaling/v2',
  'policy/v1',
  'networking.k8s.io/v1',
  'storage.k8s.io/v1',
  'rbac.authorization.k8s.io/v1',
  'coordination.k8s.io/v1',
  'discovery.k8s.io/v1',
  'events.k8s.io/v1',
  'apiextensions.k8s.io/v1',
  'scheduling.k8s.io/v1',
  'node.k8s.io/v1',
  'authentication.k8s.io/v1',
  'authorization.k8s.io/v1',
  'certificates.k8s.io/v1',
  'admissionregistration.k8s.io/v1',
  'flowcontrol.apiserver.k8s.io/v1',
];
const GV_SET = new Set(GROUP_VERSIONS);
// Definitions always included besides those reachable from the kinds: all of meta/v1 and the
// other apimachinery types (ObjectMeta, ListMeta, Status, APIResourceList, version.Info, ...).
const EXTRA_ROOT_PREFIX = 'io.k8s.apimachinery.';

// Keys kept on a schema, in output order. Anything else on an input schema is an error, so a new
// upstream extension is noticed instead of silently dropped.
const KEEP = [
  'type',
  'format',
  '$ref',
  'items',
  'additionalProperties',
  'enum',
  'default',
  'x-kubernetes-patch-merge-key',
  'x-kubernetes-patch-strategy',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-int-or-string',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-embedded-resource',
];
const DEF_KEEP = ['type', 'format', 'required', 'x-kubernetes-group-version-kind', 'x-kubernetes-map-type',
  'x-kubernetes-preserve-unknown-fields'];
const DROP = new Set(['description', 'x-kubernetes-unions']);

// ---------------------------------------------------------------------------------------------
// Read and select

const swagger = JSON.parse(readFileSync(SWAGGER, 'utf8'));
const all = swagger.definitions;

const refName = (ref) => {
  if (typeof ref !== 'string' || !ref.startsWith('#/definitions/')) throw new Error(`bad $ref ${ref}`);
  return ref.slice('#/definitions/'.length);
};

function collectRefs(schema, out, resolveRef = refName) {
  if (!schema || typeof schema !== 'object') return;
  if (typeof schema.$ref === 'string') out.push(resolveRef(schema.$ref));
  if (schema.items) collectRefs(schema.items, out, resolveRef);
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    collectRefs(schema.additionalProperties, out, resolveRef);
  }
  for (const p of Object.values(schema.properties ?? {})) collectRefs(p, out, resolveRef);
}

const gvkKey = (g) => `${g.group}/${g.version}`;
const roots = [];
for (const [name, def] of Object.entries(all)) {
  const gvks = (def['x-kubernetes-group-version-kind'] ?? []).filter((g) => GV_SET.has(gvkKey(g)));
  if (gvks.length > 0 || name.startsWith(EXTRA_ROOT_PREFIX)) roots.push(name);
}
const selected = new Set();
for (const stack = [...roots]; stack.length > 0; ) {
  const name = stack.pop();
  if (selected.has(name)) continue;
  if (!all[name]) throw new Error(`missing definition ${name}`);
  selected.add(name);
  const refs = [];
  collectRefs(all[name], refs);
  stack.push(...refs);
}
const names = [...selected].sort();

// ---------------------------------------------------------------------------------------------
// Defaults from OpenAPI v3 (v3 wraps a $ref with a default in allOf: { allOf: [{$ref}], default })

const v3Defaults = new Map(); // defName -> Map(path -> default), path like 'prop' / 'prop.items'
if (V3DIR && existsSync(V3DIR)) {
  for (const f of readdirSync(V3DIR).filter((f) => f.endsWith('.json')).sort()) {
    const doc = JSON.parse(readFileSync(join(V3DIR, f), 'utf8'));
    for (const [name, def] of Object.entries(doc.components?.schemas ?? {})) {
      if (!selected.has(name)) continue;
      let m = v3Defaults.get(name);
      if (!m) v3Defaults.set(name, (m = new Map()));
      const visit = (schema, path) => {
        if (!schema || typeof schema !== 'object') return;
        if ('default' in schema) {
          const prev = m.get(path);
          const val = JSON.stringify(schema.default);
          if (prev !== undefined && prev !== val) throw new Error(`conflicting v3 defaults for ${name} ${path}`);
          m.set(path, val);
        }
        if (schema.items) visit(schema.items, `${path}.items`);
        if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
          visit(schema.additionalProperties, `${path}.additionalProperties`);
        }
      };
      for (const [p, s] of Object.entries(def.properties ?? {})) visit(s, p);
    }
  }
} else if (V3DIR) {
  console.warn(`note: ${V3DIR} not found; generating without default values`);
}

// ---------------------------------------------------------------------------------------------
// Clean

function cleanSchema(schema, where, defaults, path) {
  const out = {};
  for (const k of Object.keys(schema)) {
    if (!KEEP.includes(k) && !DROP.has(k)) throw new Error(`unexpected key ${k} at ${where}`);
  }
  for (const k of KEEP) {
    if (!(k in schema)) continue;
    const v = schema[k];
    if (k === '$ref') out.$ref = refName(v);
    else if (k === 'items') out.items = cleanSchema(v, `${where}.items`, defaults, `${path}.items`);
    else if (k === 'additionalProperties') {
      out.additionalProperties =
        typeof v === 'boolean' ? v : cleanSchema(v, `${where}.additionalProperties`, defaults, `${path}.additionalProperties`);
    } else out[k] = v;
  }
  const d = defaults?.get(path);
  if (d !== undefined && !('default' in out)) {
    // keep key order stable: default goes where KEEP puts it
    const withDefault = {};
    for (const k of KEEP) {
      if (k === 'default') withDefault.default = JSON.parse(d);
      else if (k in out) withDefault[k] = out[k];
    }
    return withDefault;
  }
  return out;
}

const defs = {};
for (const name of names) {
  const def = all[name];
  for (const k of Object.keys(def)) {
    if (k !== 'properties' && !DEF_KEEP.includes(k) && !DROP.has(k)) throw new Error(`unexpected key ${k} on ${name}`);
  }
  const out = {};
  if (def.type) out.type = def.type;
  if (def.format) out.format = def.format;
  if (def['x-kubernetes-group-version-kind']) {
    const gvks = def['x-kubernetes-group-version-kind'].filter((g) => GV_SET.has(gvkKey(g)));
    if (gvks.length > 0) out['x-kubernetes-group-version-kind'] = gvks.map((g) => ({ group: g.group, version: g.version, kind: g.kind }));
  }
  if (def['x-kubernetes-map-type']) out['x-kubernetes-map-type'] = def['x-kubernetes-map-type'];
  if (def['x-kubernetes-preserve-unknown-fields']) out['x-kubernetes-preserve-unknown-fields'] = true;
  if (def.required) out.required = [...def.required];
  if (def.properties) {
    out.properties = {};
    for (const [p, s] of Object.entries(def.properties)) {
      out.properties[p] = cleanSchema(s, `${name}.${p}`, v3Defaults.get(name), p);
    }
  }
  defs[name] = out;
}

// Sanity: every $ref resolves.
for (const name of names) {
  const refs = [];
  collectRefs(defs[name], refs, (r) => r);
  for (const r of refs) if (!defs[r]) throw new Error(`${name} refers to unknown ${r}`);
}

// ---------------------------------------------------------------------------------------------
// TypeScript literal printing (single quotes, bare identifier keys)

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const key = (k) => (IDENT.test(k) ? k : quote(k));
function quote(s) {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}
function lit(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map(lit).join(', ')}]`;
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'object') {
    const ks = Object.keys(v);
    if (ks.length === 0) return '{}';
    return `{ ${ks.map((k) => `${key(k)}: ${lit(v[k])}`).join(', ')} }`;
  }
  return JSON.stringify(v);
}

const HEADER = (what) =>
  `// Generated by tools/gen-api-schema.mjs from upstream's Kubernetes 1.33 OpenAPI, structure only\n` +
  `// (no upstream descriptions). Do not edit by hand; re-run the tool instead.\n// ${what}\n`;

const files = new Map(); // absolute path -> content

{
  let s = HEADER('Every definition reachable from the served kinds, plus meta/v1.');
  s += `import type { SchemaDef } from '../types.js';\n\n`;
  s += `export const definitions: Readonly<Record<string, SchemaDef>> = {\n`;
  for (const name of names) {
    const d = defs[name];
    s += `  ${quote(name)}: {\n`;
    for (const k of Object.keys(d)) {
      if (k === 'properties') {
        s += `    properties: {\n`;
        for (const [p, ps] of Object.entries(d.properties)) s += `      ${key(p)}: ${lit(ps)},\n`;
        s += `    },\n`;
      } else {
        s += `    ${key(k)}: ${lit(d[k])},\n`;
      }
    }
    s += `  },\n`;
  }
  s += `};\n`;
  files.set(join(SCHEMA_OUT, 'definitions.ts'), s);
}

{
  const byGV = new Map();
  for (const name of names) {
    for (const g of defs[name]['x-kubernetes-group-version-kind'] ?? []) {
      const apiVersion = g.group ? `${g.group}/${g.version}` : g.version;
      if (!byGV.has(apiVersion)) byGV.set(apiVersion, new Map());
      const m = byGV.get(apiVersion);
      if (m.has(g.kind) && m.get(g.kind) !== name) throw new Error(`${apiVersion} ${g.kind}: two definitions`);
      m.set(g.kind, name);
    }
  }
  const order = GROUP_VERSIONS.map((gv) => (gv.startsWith('/') ? gv.slice(1) : gv));
  let s = HEADER('apiVersion -> kind -> definition name.');
  s += `\nexport const kinds: Readonly<Record<string, Readonly<Record<string, string>>>> = {\n`;
  for (const apiVersion of order) {
    const m = byGV.get(apiVersion);
    if (!m) throw new Error(`no kinds for ${apiVersion}`);
    s += `  ${key(apiVersion)}: {\n`;
    for (const kind of [...m.keys()].sort()) s += `    ${kind}: ${quote(m.get(kind))},\n`;
    s += `  },\n`;
  }
  s += `};\n`;
  files.set(join(SCHEMA_OUT, 'kinds.ts'), s);
}

// ---------------------------------------------------------------------------------------------
// TypeScript interfaces: one module per Go package (group-version)

const SPECIAL_TS = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': 'number | string',
  'io.k8s.apimachinery.pkg.api.resource.Quantity': 'string',
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': 'string',
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': 'string',
  'io.k8s.apimachinery.pkg.runtime.RawExtension': 'Record<string, unknown>',
  'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1': 'Record<string, unknown>',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON': 'unknown',
};
const SCHEMA_OR = {
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrArray': 'JSONSchemaProps | JSONSchemaProps[]',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrBool': 'JSONSchemaProps | boolean',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrStringArray': 'JSONSchemaProps | string[]',
};

/** Definition name -> { file, ns, type } */
function moduleOf(name) {
  const parts = name.split('.');
  const type = parts[parts.length - 1];
  const pkg = parts.slice(0, -1).join('.');
  let m;
  if ((m = /^io\.k8s\.api\.([a-z0-9]+)\.(v[0-9a-z]+)$/.exec(pkg))) return { file: `${m[1]}-${m[2]}`, ns: `${m[1]}${m[2]}`, type };
  if (pkg === 'io.k8s.apimachinery.pkg.apis.meta.v1') return { file: 'meta-v1', ns: 'metav1', type };
  if (pkg === 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1') return { file: 'apiextensions-v1', ns: 'apiextensionsv1', type };
  if (pkg === 'io.k8s.apimachinery.pkg.version') return { file: 'version', ns: 'version', type };
  throw new Error(`no module for ${name}`);
}

const modules = new Map(); // file -> { ns, decls: string[], imports: Set<file> }
function tsType(schema, mod) {
  if (schema.$ref) {
    if (SPECIAL_TS[schema.$ref]) return SPECIAL_TS[schema.$ref];
    const target = moduleOf(schema.$ref);
    if (target.file === mod.file) return target.type;
    mod.imports.add(target.file);
    return `${target.ns}.${target.type}`;
  }
  if (schema['x-kubernetes-int-or-string'] || schema.format === 'int-or-string') return 'number | string';
  switch (schema.type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'array': {
      const t = tsType(schema.items ?? {}, mod);
      return /[ |&]/.test(t) ? `Array<${t}>` : `${t}[]`;
    }
    case 'object': {
      const ap = schema.additionalProperties;
      if (ap && typeof ap === 'object' && Object.keys(ap).length > 0) return `Record<string, ${tsType(ap, mod)}>`;
      return 'Record<string, unknown>';
    }
    default:
      return 'unknown';
  }
}

for (const name of names) {
  if (SPECIAL_TS[name]) continue;
  const where = moduleOf(name);
  if (!modules.has(where.file)) modules.set(where.file, { file: where.file, ns: where.ns, decls: [], imports: new Set() });
  const mod = modules.get(where.file);
  const d = defs[name];
  if (SCHEMA_OR[name]) {
    mod.decls.push(`export type ${where.type} = ${SCHEMA_OR[name]};\n`);
    continue;
  }
  if (d.type !== 'object') throw new Error(`cannot type ${name}`);
  const props = Object.entries(d.properties ?? {});
  if (props.length === 0) {
    mod.decls.push(`export type ${where.type} = Record<string, never>;\n`);
    continue;
  }
  let s = `export interface ${where.type} {\n`;
  for (const [p, ps] of props) s += `  ${key(p)}?: ${tsType(ps, mod)};\n`;
  s += `}\n`;
  mod.decls.push(s);
}

const moduleFiles = [...modules.keys()].sort();
for (const file of moduleFiles) {
  const mod = modules.get(file);
  let s = HEADER(`TypeScript shapes of ${file}; every property is optional.`);
  const imports = [...mod.imports].sort();
  if (imports.length > 0) s += '\n';
  for (const f of imports) s += `import type * as ${modules.get(f).ns} from './${f}.js';\n`;
  s += '\n' + mod.decls.join('\n');
  files.set(join(TYPES_OUT, `${file}.ts`), s);
}
{
  let s = HEADER('Namespaced re-exports of every group-version module.');
  s += '\n';
  for (const file of moduleFiles) s += `export type * as ${modules.get(file).ns} from './${file}.js';\n`;
  files.set(join(TYPES_OUT, 'index.ts'), s);
}

// ---------------------------------------------------------------------------------------------
// Write (or check)

let differs = 0;
for (const [path, content] of files) {
  const old = existsSync(path) ? readFileSync(path, 'utf8') : null;
  if (old === content) continue;
  differs++;
  if (CHECK) {
    console.error(`out of date: ${path}`);
  } else {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
}
if (!CHECK) {
  // Remove modules that are no longer generated.
  for (const dir of [TYPES_OUT]) {
    for (const f of readdirSync(dir)) {
      const path = join(dir, f);
      if (!f.endsWith('.ts') || files.has(path)) continue;
      if (readFileSync(path, 'utf8').startsWith('// Generated by tools/gen-api-schema.mjs')) rmSync(path);
    }
  }
}
const bytes = [...files.values()].reduce((n, s) => n + Buffer.byteLength(s), 0);
console.log(
  `${names.length} definitions, ${moduleFiles.length} type modules, ${files.size} files, ${bytes} bytes` +
    (CHECK ? (differs ? `; ${differs} out of date` : '; up to date') : `; ${differs} written`),
);
if (CHECK && differs) process.exit(1);
