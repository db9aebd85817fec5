// The shape of generated/protobuf-fields.ts (written by tools/gen-proto-fields.mjs).

/** One field of a protobuf message, keyed by its JSON property name. */
export interface ProtobufFieldSpec {
  /** The field number on the wire. */
  readonly n: number;
  /** A protobuf scalar type ('string', 'int32', 'int64', 'bool', 'bytes', 'double', ...) or a definition name. */
  readonly type: string;
  /** Set for map fields: the key type (`type` is then the value type). */
  readonly key?: string;
  readonly repeated?: boolean;
  /** Comma-separated Go facts: ptr, omitempty, inline. */
  readonly go?: string;
}

export interface ProtobufMessageSpec {
  readonly fields: Readonly<Record<string, ProtobufFieldSpec>>;
  /** The message stands for a Go slice type: its JSON form is the `items` array. */
  readonly goSlice?: boolean;
  /** No Go struct was found for the message (every field on the wire is kept). */
  readonly noGoFacts?: boolean;
}
