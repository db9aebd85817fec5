#!/usr/bin/env node
// Dev tool (run by hand, never at runtime or by tests): the protobuf field numbers of the
// built-in kinds, and the few Go facts the protobuf -> JSON conversion needs.
//
//   node tools/gen-proto-fields.mjs --extract BINARY [--extract BINARY2 ...]
//                                                      refresh tools/proto/ from Go binaries (each
//                                                      proto file from the first binary that has it)
//   node tools/gen-proto-fields.mjs                    write src/api/schema/generated/protobuf-fields.ts
//   node tools/gen-proto-fields.mjs --check            exit 1 if the committed output is stale
//
// --extract reads a Kubernetes Go binary (kubectl 1.33, e.g. /usr/lib/google-cloud-sdk/bin/kubectl.1.33),
// which embeds, for every k8s.io/api and apimachinery package it links:
//   * the package's compiled generated.proto (a gzipped FileDescriptorProto, registered at init), and
//   * the Go struct types with their field tags (json:"...", protobuf:"...") and field kinds.
// It writes tools/proto/<proto path> (proto2 text: messages, fields, numbers, types; nothing else)
// and tools/proto/go-fields.json (per message field: the JSON name, whether the Go field is a
// pointer, omitempty, or an inlined embedded struct). Only the packages the API server serves
// are kept.
//
// kubectl does not link k8s.io/apiextensions-apiserver, so its descriptor (and Go types) come from
// a second binary that does: anthoscli from the Google Cloud SDK
// (/usr/lib/google-cloud-sdk/bin/anthoscli, Kubernetes 1.24 libraries). Fields added to that
// package since 1.24 are listed in ADDED_SINCE_1_24 below (field numbers are wire protocol and never
// change once released, so the 1.24 descriptor is right for everything it has).
//
// The default mode parses tools/proto/ with protobufjs and writes one table:
//   definition name (as in generated/definitions.ts) -> JSON property name -> field number, type, Go facts.

import { readFileSync, writeFileSync, mkdirSync, readdirSync, existsSync, statSync } from 'node:fs';
import { dirname, join, resolve, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, constants as zc } from 'node:zlib';
import protobuf from 'protobufjs';
import descriptor from 'protobufjs/ext/descriptor/index.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PROTO_DIR = join(ROOT, 'tools/proto');
const OUT = join(ROOT, 'src/api/schema/generated/protobuf-fields.ts');
const DEFINITIONS = join(ROOT, 'src/api/schema/generated/definitions.ts');
const OMITEMPTY_OUT = join(ROOT, 'src/api/schema/generated/omitempty-fields.ts');

/** Proto files kept: everything the served kinds reach. */
const KEEP = [
  'k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto',
  'k8s.io/apimachinery/pkg/api/resource/generated.proto',
  'k8s.io/apimachinery/pkg/util/intstr/generated.proto',
  'k8s.io/apimachinery/pkg/runtime/generated.proto',
  'k8s.io/apimachinery/pkg/runtime/schema/generated.proto',
  'k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1/generated.proto',
  ...[
    'core/v1', 'apps/v1', 'batch/v1', 'autoscaling/v1', 'autoscaling/v2', 'policy/v1', 'networking/v1', 'storage/v1',
    'rbac/v1', 'coordination/v1', 'discovery/v1', 'events/v1', 'scheduling/v1', 'authentication/v1', 'authorization/v1',
    'admissionregistration/v1', 'certificates/v1', 'node/v1',
  ].map((gv) => `k8s.io/api/${gv}/generated.proto`),
];

/**
 * Fields of apiextensions.k8s.io/v1 added after Kubernetes 1.24 (the descriptor we extract is
 * 1.24's): field number, FieldDescriptorProto type (9 string, 8 bool, 11 message), label (3
 * repeated) and the Go facts of the 1.33 struct field. Numbers as in upstream's 1.33 generated.proto.
 */
const APIEXT = 'k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1';
const ADDED_SINCE_1_24 = {
  'k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1/generated.proto': {
    fields: {
      ValidationRule: [
        { name: 'messageExpression', number: 3, type: 9, go: 'omitempty' },
        { name: 'reason', number: 4, type: 9, go: 'ptr,omitempty' },
        { name: 'fieldPath', number: 5, type: 9, go: 'omitempty' },
        { name: 'optionalOldSelf', number: 6, type: 8, go: 'ptr,omitempty' },
      ],
      CustomResourceDefinitionVersion: [{ name: 'selectableFields', number: 9, type: 11, typeName: `.${APIEXT}.SelectableField`, label: 3, go: 'omitempty' }],
    },
    messages: { SelectableField: [{ name: 'jsonPath', number: 1, type: 9, go: '' }] },
  },
};

const args = process.argv.slice(2);
const extractFrom = args.flatMap((a, i) => (a === '--extract' && args[i + 1] ? [args[i + 1]] : []));

// ---------------------------------------------------------------------------------------------
// --extract: a Go binary -> tools/proto/

function extract(binaries) {
  const sources = binaries.map((b) => {
    const buf = readFileSync(b);
    return { binary: b, files: descriptorsIn(buf), go: goStructsIn(buf) };
  });
  const goFields = {};
  let written = 0;
  for (const path of KEEP) {
    const src = sources.find((s) => s.files.has(path));
    if (!src) {
      console.warn(`skipped ${path}: no binary has a (readable) descriptor for it`);
      continue;
    }
    const fd = src.files.get(path);
    const added = ADDED_SINCE_1_24[path];
    if (added) addFields(fd, added);
    const out = join(PROTO_DIR, path);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, protoText(fd));
    written++;
    for (const m of fd.messageType) {
      const full = `${fd.package}.${m.name}`;
      const st = src.go.get(full);
      if (!st) continue;
      const facts = {};
      for (const f of st) {
        const pf = m.field.find((x) => x.number === f.n);
        if (!pf) continue;
        f.proto = pf.name;
        if (f.json === null) f.json = pf.name;
        const parts = [];
        if (f.json !== f.proto) parts.push(f.inline ? 'inline' : `json=${f.json}`);
        if (f.ptr) parts.push('ptr');
        if (f.omitempty) parts.push('omitempty');
        facts[f.proto] = parts.join(',');
      }
      for (const a of [...(added?.fields[m.name] ?? []), ...(added?.messages[m.name] ?? [])]) facts[a.name] = a.go;
      goFields[full] = facts;
    }
  }
  const sorted = Object.fromEntries(Object.keys(goFields).sort().map((k) => [k, goFields[k]]));
  writeFileSync(join(PROTO_DIR, 'go-fields.json'), `${JSON.stringify(sorted, null, 1)}\n`);
  console.log(`wrote ${written} proto files and Go facts for ${Object.keys(sorted).length} messages`);
}

/** Adds ADDED_SINCE_1_24 fields and messages to a FileDescriptorProto (once: existing numbers are kept). */
function addFields(fd, added) {
  const field = (a) => ({ name: a.name, number: a.number, type: a.type, typeName: a.typeName ?? '', label: a.label ?? 1 });
  for (const [msg, fields] of Object.entries(added.fields)) {
    const m = fd.messageType.find((x) => x.name === msg);
    if (!m) throw new Error(`${fd.name} has no message ${msg}`);
    for (const a of fields) if (!m.field.some((f) => f.number === a.number)) m.field.push(field(a));
  }
  for (const [msg, fields] of Object.entries(added.messages)) {
    if (fd.messageType.some((x) => x.name === msg)) continue;
    fd.messageType.push({ name: msg, field: fields.map(field), nestedType: [] });
  }
  fd.messageType.sort((a, b) => a.name.localeCompare(b.name));
}

/** Every gzipped FileDescriptorProto in the binary, by file name. */
function descriptorsIn(buf) {
  const files = new Map();
  const magic = Buffer.from([0x1f, 0x8b, 0x08]);
  for (let i = buf.indexOf(magic); i >= 0; i = buf.indexOf(magic, i + 1)) {
    let fd;
    try {
      const raw = gunzipSync(buf.subarray(i, i + (1 << 20)), { finishFlush: zc.Z_SYNC_FLUSH });
      fd = descriptor.FileDescriptorProto.decode(raw);
    } catch {
      continue;
    }
    if (typeof fd.name !== 'string' || !fd.name.endsWith('generated.proto') || !fd.package) continue;
    // Older releases registered their files under the path they were generated at.
    fd.name = unvendored(fd.name);
    fd.dependency = fd.dependency.map(unvendored);
    files.set(fd.name, fd);
  }
  return files;
}

const unvendored = (path) => path.replace(/^k8s\.io\/kubernetes\/vendor\//, '');

const SCALAR = { 1: 'double', 2: 'float', 3: 'int64', 4: 'uint64', 5: 'int32', 6: 'fixed64', 7: 'fixed32', 8: 'bool', 9: 'string', 12: 'bytes', 13: 'uint32', 15: 'sfixed32', 16: 'sfixed64', 17: 'sint32', 18: 'sint64' };

function fieldType(f) {
  if (f.type === 11 || f.type === 14) return f.typeName.replace(/^\./, '');
  const t = SCALAR[f.type];
  if (!t) throw new Error(`unsupported field type ${f.type} of ${f.name}`);
  return t;
}

/** proto2 text with only names, numbers and types. */
function protoText(fd) {
  const lines = ['// Extracted by tools/gen-proto-fields.mjs: names, numbers and types only.', 'syntax = "proto2";', '', `package ${fd.package};`, ''];
  for (const dep of fd.dependency) if (!dep.includes('gogo')) lines.push(`import "${dep}";`);
  lines.push('');
  for (const m of fd.messageType) {
    const maps = new Map((m.nestedType ?? []).filter((n) => n.options?.mapEntry).map((n) => [`.${fd.package}.${m.name}.${n.name}`, n]));
    lines.push(`message ${m.name} {`);
    for (const f of m.field) {
      const entry = maps.get(f.typeName);
      if (entry) {
        const [k, v] = entry.field;
        lines.push(`  map<${fieldType(k)}, ${qualified(fieldType(v))}> ${f.name} = ${f.number};`);
      } else {
        lines.push(`  ${f.label === 3 ? 'repeated' : 'optional'} ${qualified(fieldType(f))} ${f.name} = ${f.number};`);
      }
    }
    lines.push('}', '');
  }
  return lines.join('\n');
}

const qualified = (t) => (t.includes('.') ? `.${t}` : t);

// Go runtime type data (amd64, Go 1.2x, statically linked and not position independent).
function goStructsIn(buf) {
  const segs = [];
  const phoff = Number(buf.readBigUInt64LE(0x20));
  for (let i = 0; i < buf.readUInt16LE(0x38); i++) {
    const o = phoff + i * buf.readUInt16LE(0x36);
    if (buf.readUInt32LE(o) !== 1) continue; // PT_LOAD
    segs.push({ off: Number(buf.readBigUInt64LE(o + 8)), vaddr: Number(buf.readBigUInt64LE(o + 16)), size: Number(buf.readBigUInt64LE(o + 32)) });
  }
  const toOff = (va) => {
    for (const s of segs) if (va >= s.vaddr && va < s.vaddr + s.size) return va - s.vaddr + s.off;
    return -1;
  };
  const toVa = (off) => {
    for (const s of segs) if (off >= s.off && off < s.off + s.size) return off - s.off + s.vaddr;
    return -1;
  };
  const q = (o) => Number(buf.readBigUInt64LE(o));
  const readName = (off) => {
    if (off < 0 || buf[off] > 15) return null;
    let [n, o] = varint(buf, off + 1);
    if (n > 300) return null;
    const name = buf.toString('latin1', o, o + n);
    o += n;
    let tag = '';
    if (buf[off] & 2) {
      const [t, o2] = varint(buf, o);
      if (t > 4000) return null;
      tag = buf.toString('latin1', o2, o2 + t);
    }
    return { flags: buf[off], name, tag };
  };
  // abi.StructType candidates: kind Struct, uncommon type data, a fields slice with len == cap.
  const structs = [];
  for (const s of segs) {
    for (let o = s.off; o + 96 < s.off + s.size; o += 8) {
      if ((buf[o + 23] & 0x1f) !== 25 || !(buf[o + 20] & 1)) continue;
      const len = q(o + 64);
      if (len === 0 || len !== q(o + 72) || len > 300 || toOff(q(o + 56)) < 0) continue;
      structs.push(o);
    }
  }
  const base = typesBase(buf, structs, toVa);
  const byName = new Map();
  for (const o of structs) {
    const nm = readName(toOff(base + buf.readInt32LE(o + 40)));
    const pkg = readName(toOff(base + buf.readInt32LE(o + 80)));
    if (!nm || !pkg || !pkg.name.startsWith('k8s.io/')) continue;
    const fo = toOff(q(o + 56));
    const fields = [];
    let ok = true;
    for (let i = 0; i < q(o + 64); i++) {
      const f = readName(toOff(q(fo + i * 24)));
      const t = toOff(q(fo + i * 24 + 8));
      if (!f || t < 0 || !/^[A-Za-z_]\w*$/.test(f.name)) {
        ok = false;
        break;
      }
      const pb = /protobuf:"\w+,(\d+)[,"]/.exec(f.tag);
      if (!pb) continue;
      const json = /json:"([^",]*)((?:,[a-z]+)*)"/.exec(f.tag);
      fields.push({
        n: Number(pb[1]),
        json: json ? json[1] : null,
        inline: !!json && json[1] === '' && /,inline/.test(json[2]),
        omitempty: !!json && /,omitempty/.test(json[2]),
        ptr: (buf[t + 23] & 0x1f) === 22,
      });
    }
    if (!ok || !fields.length) continue;
    const short = buf[o + 20] & 2 ? nm.name.slice(1) : nm.name;
    // proto package names spell '-' as '_' (k8s.io.apiextensions_apiserver...)
    const goPkg = unvendored(pkg.name).replaceAll('/', '.').replaceAll('-', '_');
    byName.set(`${goPkg}.${short.slice(short.lastIndexOf('.') + 1)}`, fields);
  }
  return byName;
}

function varint(buf, o) {
  let v = 0;
  let shift = 0;
  let b;
  do {
    b = buf[o++];
    v |= (b & 0x7f) << shift;
    shift += 7;
  } while (b & 0x80);
  return [v, o];
}

/** The base that type name offsets are relative to: the one that makes most names "*pkg.Type". */
function typesBase(buf, structs, toVa) {
  const sample = structs.slice(0, 64).map((o) => buf.readInt32LE(o + 40));
  const votes = new Map();
  for (let p = 0; p < buf.length - 3; p++) {
    if (buf[p + 2] !== 0x2a || buf[p] > 7 || buf[p + 1] < 3 || buf[p + 1] > 100) continue;
    const va = toVa(p);
    if (va < 0) continue;
    for (const s of sample) votes.set(va - s, (votes.get(va - s) ?? 0) + 1);
  }
  const [best, n] = [...votes].sort((a, b) => b[1] - a[1])[0];
  if (n < sample.length * 0.9) throw new Error('could not find the Go type data base');
  return best;
}

// ---------------------------------------------------------------------------------------------
// default: tools/proto/ -> src/api/schema/generated/protobuf-fields.ts

function protoFiles(dir) {
  const out = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...protoFiles(p));
    else if (e.endsWith('.proto')) out.push(p);
  }
  return out.sort();
}

const defName = (protoName) => protoName.replace(/^k8s\.io\./, 'io.k8s.').replace('io.k8s.apiextensions_apiserver.', 'io.k8s.apiextensions-apiserver.');

function generate(check) {
  const root = new protobuf.Root();
  for (const f of protoFiles(PROTO_DIR)) protobuf.parse(readFileSync(f, 'utf8'), root, { keepCase: true });
  root.resolveAll();
  const goFields = JSON.parse(readFileSync(join(PROTO_DIR, 'go-fields.json'), 'utf8'));
  const defs = new Set([...readFileSync(DEFINITIONS, 'utf8').matchAll(/^ {2}'([^']+)': \{/gm)].map((m) => m[1]));
  const extra = new Set(['k8s.io.apimachinery.pkg.runtime.Unknown', 'k8s.io.apimachinery.pkg.runtime.TypeMeta']);
  const messages = [];
  const walk = (ns) => {
    for (const n of ns.nestedArray) {
      if (n instanceof protobuf.Type) messages.push(n);
      if (n.nestedArray) walk(n);
    }
  };
  walk(root);
  // The messages the definitions name, and every message their fields reach.
  const wanted = new Set(messages.filter((t) => defs.has(defName(t.fullName.slice(1))) || extra.has(t.fullName.slice(1))));
  for (const t of wanted) for (const f of t.fieldsArray) if (f.resolvedType instanceof protobuf.Type) wanted.add(f.resolvedType);
  const lines = [];
  let count = 0;
  for (const t of messages.sort((a, b) => a.fullName.localeCompare(b.fullName))) {
    const full = t.fullName.slice(1);
    const def = defName(full);
    if (!wanted.has(t)) continue;
    const facts = goFields[full];
    const goSlice = !facts && t.fieldsArray.length === 1 && t.fieldsArray[0].name === 'items' && t.fieldsArray[0].repeated;
    lines.push(`  '${def}': {${facts ? '' : goSlice ? ' goSlice: true,' : ' noGoFacts: true,'}`);
    lines.push('    fields: {');
    for (const f of t.fieldsArray.sort((a, b) => a.id - b.id)) {
      const fact = facts?.[f.name] ?? '';
      // json:"-" fields (RawExtension.Raw, ...) have no JSON name of their own: keep the proto name.
      const tag = /json=([^,]+)/.exec(fact)?.[1];
      const json = tag && tag !== '-' ? tag : f.name;
      const parts = [`n: ${f.id}`, `type: '${f.resolvedType ? defName(f.resolvedType.fullName.slice(1)) : f.type}'`];
      if (f.map) parts.push(`key: '${f.keyType}'`);
      if (f.repeated) parts.push('repeated: true');
      const go = fact.split(',').filter((p) => p && !p.startsWith('json='));
      if (go.length) parts.push(`go: '${go.join(',')}'`);
      lines.push(`      ${/^\w+$/.test(json) ? json : `'${json}'`}: { ${parts.join(', ')} },`);
      count++;
    }
    lines.push('    },', '  },');
  }
  const text = [
    '// Generated by tools/gen-proto-fields.mjs from tools/proto/ (field numbers and types of upstream\'s',
    '// generated.proto files for Kubernetes 1.33, plus Go facts from the same release). Do not edit by',
    '// hand; re-run the tool instead.',
    '// definition name -> JSON property name -> protobuf field number and type.',
    '//   type: a protobuf scalar type, or the definition name of a message',
    '//   key: set for map fields (the key type; `type` is the value type)',
    '//   go: facts about the Go field: ptr (a pointer, so a zero value on the wire is kept),',
    '//       omitempty (json omits its zero value), inline (an embedded struct whose fields JSON inlines)',
    '//   goSlice: the message stands for a Go slice type (JSON is the `items` array)',
    '//   noGoFacts: no Go struct was found for the message',
    '',
    "import type { ProtobufMessageSpec } from '../protobuf-types.js';",
    '',
    'export const protobufMessages: Readonly<Record<string, ProtobufMessageSpec>> = {',
    ...lines,
    '};',
    '',
  ].join('\n');
  const omit = omitEmptyText(messages, goFields, defs);
  if (check) {
    for (const [file, want] of [[OUT, text], [OMITEMPTY_OUT, omit]]) {
      const cur = existsSync(file) ? readFileSync(file, 'utf8') : '';
      if (cur !== want) {
        console.error(`${relative(ROOT, file)} is stale: run node tools/gen-proto-fields.mjs`);
        process.exit(1);
      }
    }
    console.log('up to date');
    return;
  }
  writeFileSync(OUT, text);
  writeFileSync(OMITEMPTY_OUT, omit);
  console.log(`wrote ${relative(ROOT, OUT)}: ${count} fields, and ${relative(ROOT, OMITEMPTY_OUT)}`);
}

/**
 * Per definition, the JSON properties whose Go field is `omitempty` and not a pointer, and whose
 * Go zero value is "empty" to encoding/json: scalars ("", 0, false), []byte, slices and maps.
 * (Structs are never empty, so struct-typed fields such as Quantity, IntOrString, Time are not
 * listed.) Fields of inlined embedded structs count as the parent's.
 */
function omitEmptyText(messages, goFields, defs) {
  const byName = new Map(messages.map((t) => [t.fullName.slice(1), t]));
  const names = (t) => {
    const facts = goFields[t.fullName.slice(1)];
    if (!facts) return [];
    const out = [];
    for (const f of t.fieldsArray.sort((a, b) => a.id - b.id)) {
      const fact = (facts[f.name] ?? '').split(',');
      if (fact.includes('inline') && f.resolvedType instanceof protobuf.Type) out.push(...names(f.resolvedType));
      else if (fact.includes('omitempty') && !fact.includes('ptr') && (!f.resolvedType || f.repeated || f.map)) {
        const tag = fact.find((p) => p.startsWith('json='))?.slice(5);
        out.push(tag && tag !== '-' ? tag : f.name);
      }
    }
    return out;
  };
  const lines = [];
  for (const full of [...byName.keys()].sort()) {
    const def = defName(full);
    if (!defs.has(def)) continue;
    const list = names(byName.get(full));
    if (list.length) lines.push(`  '${def}': '${list.join(' ')}',`);
  }
  return [
    '// Generated by tools/gen-proto-fields.mjs from tools/proto/go-fields.json (the Go struct tags of',
    "// Kubernetes 1.33's types). Do not edit by hand; re-run the tool instead.",
    '// definition name -> space-separated JSON properties whose Go field is omitempty, not a pointer,',
    '// and of a type encoding/json can find empty (string, number, bool, []byte, slice, map): upstream',
    '// decodes into Go structs, so a zero value there ("", 0, false, [], {}) is never stored.',
    '',
    'export const omitEmptyFields: Readonly<Record<string, string>> = {',
    ...lines,
    '};',
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------

if (extractFrom.length) extract(extractFrom.map((b) => resolve(b)));
else generate(args.includes('--check'));
