// Seeded fuzzing: random (often invalid) schemas and random objects never make the CRD schema
// code throw, errors are well-formed, and pruning/defaulting reach a fixed point.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldErrorString, type FieldError } from '../field-errors.js';
import { applySchemaDefaults, pruneNonNullableNulls } from './defaults.js';
import { pruneUnknownFields } from './prune.js';
import { validateCRDSchema, validateCRDSpecSchemas, validateStructuralSchema } from './structural-schema.js';
import { validateCustomResource } from './validate-custom-resource.js';
import { seededRandom } from '../testing/seeded-random.js';

/** Seeded helpers over seededRandom. */
function rng(seed: number) {
  const next = seededRandom(seed);
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}
type R = ReturnType<typeof rng>;

const KEYS = ['a', 'b', 'spec', 'status', 'metadata', 'kind', 'apiVersion', 'name', 'items', '__proto__', 'constructor', 'toString', 'x.y', ''];
const TYPES = ['object', 'array', 'string', 'integer', 'number', 'boolean', '', 'null', 'strign'];
const FORMATS = ['date-time', 'date', 'uuid', 'ipv4', 'ipv6', 'cidr', 'mac', 'email', 'hostname', 'uri', 'byte', 'duration', 'int32', 'int64', 'float', 'bogus'];
const PATTERNS = ['^[a-z]+$', '(?i)abc', '[', '(?=x)', '\\d{2,3}', 'a{1001}', '^\\pL*$', '.*', '(a|b)+$'];
const STRINGS = ['', 'a', 'abc', 'ABC', '2024-01-02T03:04:05Z', '10.0.0.1', '::1', 'not a date', 'é', '\n', '0'];

function randomScalar(r: R): unknown {
  switch (r.int(6)) {
    case 0:
      return null;
    case 1:
      return r.chance(0.5);
    case 2:
      return r.pick([0, 1, -1, 7, 10, 2 ** 53, 1.5, -0.25, 1e-7, 1e21]);
    case 3:
      return r.pick(STRINGS);
    default:
      return r.int(20) - 5;
  }
}

function randomValue(r: R, depth: number): unknown {
  if (depth <= 0 || r.chance(0.35)) return randomScalar(r);
  if (r.chance(0.4)) return Array.from({ length: r.int(4) }, () => randomValue(r, depth - 1));
  const o: Record<string, unknown> = {};
  for (let i = r.int(4); i > 0; i--) Object.defineProperty(o, r.pick(KEYS), { value: randomValue(r, depth - 1), enumerable: true, writable: true, configurable: true });
  return o;
}

function randomSchema(r: R, depth: number): unknown {
  if (r.chance(0.03)) return r.pick([null, 5, 'x', [], true]);
  const s: Record<string, unknown> = {};
  const set = (k: string, v: unknown) => Object.defineProperty(s, k, { value: v, enumerable: true, writable: true, configurable: true });
  if (r.chance(0.85)) set('type', r.pick(TYPES));
  if (depth > 0) {
    if (r.chance(0.5)) {
      const props: Record<string, unknown> = {};
      for (let i = r.int(4); i > 0; i--) Object.defineProperty(props, r.pick(KEYS), { value: randomSchema(r, depth - 1), enumerable: true, writable: true, configurable: true });
      set('properties', props);
    }
    if (r.chance(0.3)) set('items', r.chance(0.9) ? randomSchema(r, depth - 1) : [randomSchema(r, depth - 1)]);
    if (r.chance(0.15)) set('additionalProperties', r.chance(0.5) ? randomSchema(r, depth - 1) : r.chance(0.5));
    for (const k of ['allOf', 'anyOf', 'oneOf']) if (r.chance(0.08)) set(k, Array.from({ length: r.int(3) }, () => randomSchema(r, depth - 1)));
    if (r.chance(0.05)) set('not', randomSchema(r, depth - 1));
  }
  if (r.chance(0.1)) set('required', Array.from({ length: r.int(3) }, () => r.pick(KEYS)));
  if (r.chance(0.1)) set('enum', Array.from({ length: r.int(4) }, () => randomValue(r, 1)));
  if (r.chance(0.1)) set('default', randomValue(r, 2));
  if (r.chance(0.1)) set('format', r.pick(FORMATS));
  if (r.chance(0.1)) set('pattern', r.pick(PATTERNS));
  for (const k of ['minimum', 'maximum', 'multipleOf', 'minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties']) {
    if (r.chance(0.04)) set(k, r.pick([0, 1, 2, -1, 0.5, 3, 1e6]));
  }
  for (const k of ['exclusiveMinimum', 'exclusiveMaximum', 'uniqueItems', 'nullable', 'x-kubernetes-embedded-resource', 'x-kubernetes-int-or-string']) {
    if (r.chance(0.05)) set(k, r.chance(0.7));
  }
  if (r.chance(0.1)) set('x-kubernetes-preserve-unknown-fields', r.chance(0.8));
  if (r.chance(0.06)) set('x-kubernetes-list-type', r.pick(['atomic', 'set', 'map', 'bag']));
  if (r.chance(0.05)) set('x-kubernetes-list-map-keys', [r.pick(KEYS)]);
  if (r.chance(0.04)) set('x-kubernetes-map-type', r.pick(['atomic', 'granular', 'x']));
  if (r.chance(0.02)) set(r.pick(['$ref', 'id', 'patternProperties', 'definitions', 'dependencies', 'additionalItems']), r.pick(['x', {}, { a: {} }, true]));
  return s;
}

/** A value shaped like the schema (so validation goes deep), with random deviations. */
function conformingValue(r: R, schema: unknown, depth: number): unknown {
  if (depth <= 0 || typeof schema !== 'object' || schema === null || Array.isArray(schema) || r.chance(0.1)) return randomValue(r, 2);
  const s = schema as Record<string, unknown>;
  if (Array.isArray(s.enum) && s.enum.length > 0 && r.chance(0.5)) return r.pick(s.enum);
  switch (s.type) {
    case 'object': {
      const o: Record<string, unknown> = {};
      const props = s.properties;
      if (typeof props === 'object' && props !== null) {
        for (const k of Object.keys(props)) {
          if (r.chance(0.7)) Object.defineProperty(o, k, { value: conformingValue(r, (props as Record<string, unknown>)[k], depth - 1), enumerable: true, writable: true, configurable: true });
        }
      }
      if (r.chance(0.3)) Object.defineProperty(o, r.pick(KEYS), { value: conformingValue(r, s.additionalProperties, depth - 1), enumerable: true, writable: true, configurable: true });
      return o;
    }
    case 'array':
      return Array.from({ length: r.int(4) }, () => conformingValue(r, s.items, depth - 1));
    case 'string':
      return r.pick(STRINGS);
    case 'integer':
      return r.int(30) - 10;
    case 'number':
      return r.pick([0.5, 3, -2.25, 1e6]);
    case 'boolean':
      return r.chance(0.5);
    default:
      return randomValue(r, 2);
  }
}

function wellFormed(errs: FieldError[], ctx: string) {
  assert.ok(Array.isArray(errs), ctx);
  for (const e of errs) {
    assert.equal(typeof e.field, 'string', ctx);
    assert.equal(typeof e.type, 'string', ctx);
    assert.equal(typeof fieldErrorString(e), 'string', ctx);
  }
}

test('fuzz: random schemas and objects never throw', () => {
  const r = rng(20240611);
  for (let i = 0; i < 1500; i++) {
    const schema = randomSchema(r, 4);
    const ctx = `iteration ${i}: ${JSON.stringify(schema)}`;
    wellFormed(validateCRDSchema(schema, 'spec.validation.openAPIV3Schema', { statusEnabled: r.chance(0.3) }), ctx);
    wellFormed(validateStructuralSchema(schema, 'spec.validation.openAPIV3Schema'), ctx);
    wellFormed(validateCRDSpecSchemas({ versions: [{ name: 'v1', schema: { openAPIV3Schema: schema } }, { name: 'v2', schema: r.chance(0.5) ? { openAPIV3Schema: schema } : null }] }), ctx);
    for (let j = 0; j < 4; j++) {
      const obj = r.chance(0.8) ? conformingValue(r, schema, 5) : randomValue(r, 4);
      const octx = `${ctx} obj ${JSON.stringify(obj)}`;
      wellFormed(validateCustomResource(schema, obj), octx);
      const pruned = pruneUnknownFields(schema, obj);
      assert.ok(pruned.every((p) => typeof p === 'string'), octx);
      assert.deepEqual(pruneUnknownFields(schema, obj), [], `pruning is idempotent: ${octx}`);
      pruneNonNullableNulls(schema, obj);
      applySchemaDefaults(schema, obj);
      const once = JSON.stringify(obj);
      applySchemaDefaults(schema, obj);
      assert.equal(JSON.stringify(obj), once, `defaulting is idempotent: ${octx}`);
      wellFormed(validateCustomResource(schema, obj), octx);
    }
  }
});

test('fuzz: garbage inputs', () => {
  const garbage: unknown[] = [undefined, null, 0, 'x', [], [1], {}, { type: 5 }, { properties: 5 }, { properties: { a: 5 } }, { items: 'x' }, { required: 'a' }, { enum: 'a' }];
  for (const s of garbage) {
    for (const o of garbage) {
      wellFormed(validateCustomResource(s, o), `${JSON.stringify(s)} ${JSON.stringify(o)}`);
      pruneUnknownFields(s, o);
      pruneNonNullableNulls(s, o);
      applySchemaDefaults(s, o);
    }
    wellFormed(validateCRDSchema(s, 'p'), JSON.stringify(s));
    wellFormed(validateStructuralSchema(s, 'p'), JSON.stringify(s));
    wellFormed(validateCRDSpecSchemas(s), JSON.stringify(s));
    wellFormed(validateCRDSpecSchemas({ versions: s }), JSON.stringify(s));
  }
});
