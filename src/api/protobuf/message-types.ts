// protobufjs reflection types built from the generated field table (no generated code): one
// Type per definition, fields named by their JSON property names.
import protobuf from 'protobufjs';
import type { ProtobufFieldSpec, ProtobufMessageSpec } from '../schema/protobuf-types.js';

const typeName = (definition: string) => definition.replace(/[.-]/g, '_');

/**
 * The protobufjs field name of a JSON property: the property itself, or `field<N>` when it is not
 * a plain identifier protobufjs accepts (`$ref`, `$schema`, `x-kubernetes-list-type`, ...).
 */
export function wireName(jsonName: string, f: ProtobufFieldSpec): string {
  return /^[A-Za-z_]\w*$/.test(jsonName) ? jsonName : `field${f.n}`;
}

export interface MessageTypes {
  /** The protobufjs Type of a definition, or undefined when the table has no such message. */
  typeOf(definition: string): protobuf.Type | undefined;
  /** The field table of a definition. */
  specOf(definition: string): ProtobufMessageSpec | undefined;
}

export function buildMessageTypes(messages: Readonly<Record<string, ProtobufMessageSpec>>): MessageTypes {
  const root = new protobuf.Root();
  const has = (d: string) => Object.prototype.hasOwnProperty.call(messages, d);
  for (const [def, spec] of Object.entries(messages)) {
    const t = new protobuf.Type(typeName(def));
    for (const [name, f] of Object.entries(spec.fields)) {
      const type = has(f.type) ? typeName(f.type) : f.type;
      const wire = wireName(name, f);
      if (f.key) t.add(new protobuf.MapField(wire, f.n, f.key, type));
      else t.add(new protobuf.Field(wire, f.n, type, f.repeated ? 'repeated' : 'optional'));
    }
    root.add(t);
  }
  root.resolveAll();
  const types = new Map<string, protobuf.Type>();
  for (const def of Object.keys(messages)) types.set(def, root.lookupType(typeName(def)));
  return {
    typeOf: (d) => types.get(d),
    specOf: (d) => (has(d) ? messages[d] : undefined),
  };
}
