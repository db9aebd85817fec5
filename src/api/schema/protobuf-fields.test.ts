// The protobuf field table and the OpenAPI definitions describe the same types: every JSON
// property of a definition is a protobuf field (or inside an inlined one) and vice versa, and
// message fields name the same definitions as the properties' $refs. The table is also what
// tools/gen-proto-fields.mjs writes from tools/proto/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { definitions } from './generated/definitions.js';
import { protobufMessages } from './generated/protobuf-fields.js';
import type { SchemaDef } from './types.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** The JSON property names a message produces, with inlined structs expanded. */
function jsonNames(def: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, f] of Object.entries(protobufMessages[def]!.fields)) {
    if (f.go?.includes('inline')) for (const [k, v] of jsonNames(f.type)) out.set(k, v);
    else out.set(name, f.type);
  }
  return out;
}

const refOf = (p: SchemaDef): string | undefined => p.$ref ?? p.items?.$ref ?? (typeof p.additionalProperties === 'object' ? (p.additionalProperties.$ref ?? p.additionalProperties.items?.$ref) : undefined);

test('every definition with properties and its protobuf message have the same fields', () => {
  const problems: string[] = [];
  let checked = 0;
  for (const [def, schema] of Object.entries(definitions)) {
    if (!schema.properties || !protobufMessages[def]) continue;
    checked++;
    const pb = jsonNames(def);
    for (const [prop, p] of Object.entries(schema.properties)) {
      if (prop === 'apiVersion' || prop === 'kind') continue;
      const t = pb.get(prop);
      if (t === undefined) problems.push(`${def}.${prop}: no protobuf field`);
      else if (refOf(p) && refOf(p) !== t) problems.push(`${def}.${prop}: $ref ${refOf(p)} but protobuf ${t}`);
    }
    for (const name of pb.keys()) if (!schema.properties[name]) problems.push(`${def}: protobuf field ${name} is not a property`);
  }
  assert.ok(checked > 400, `only ${checked} definitions checked`);
  assert.deepEqual(problems, []);
});

test('the committed table is what tools/gen-proto-fields.mjs generates from tools/proto/', () => {
  const out = execFileSync(process.execPath, ['tools/gen-proto-fields.mjs', '--check'], { cwd: ROOT, encoding: 'utf8' });
  assert.match(out, /up to date/);
});
